// Salvaging a damaged conversations.json: random histories cut at random byte offsets keep exactly the complete
// records before the cut and set the rest aside verbatim; damage in the middle resumes only at a certain boundary;
// rollback gives the damaged file back byte for byte; an empty file is migrated with a warning.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readOrSalvage } from '../src/main/legacy/legacy-source'
import { CONVERSATIONS_FILE } from '../src/main/legacy/legacy-files'
import { migrate } from '../src/main/migration/engine'
import { rollback } from '../src/main/migration/rollback'
import { cli, cliJson } from './support/cli'
import { tempDir } from './support/folders'
import { mulberry32 } from '../bench/prng'

/** A small seeded PRNG (the benchmarks' mulberry32), so every case can be replayed. */
function prng(seed: number): () => number {
  const rng = mulberry32(seed)
  return () => rng.next()
}

const PIECES = [
  'hello',
  ' },{ ',
  '"quoted"',
  '\\',
  '[',
  ']',
  'é',
  '日本',
  '😀',
  '\n',
  '{"id":"x"}',
  'sk-not-a-key'
]

function text(random: () => number): string {
  let s = ''
  const n = Math.floor(random() * 6)
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(random() * PIECES.length)]
  return s
}

interface History {
  bytes: Buffer
  /** Byte ranges of the records, in order. */
  records: { start: number; end: number }[]
}

/** A valid conversations.json, minified or pretty, with the byte range of each record. */
function history(random: () => number, bare = random() < 0.3): History {
  const pretty = random() < 0.5
  const count = 1 + Math.floor(random() * 8)
  const parts: string[] = []
  for (let i = 0; i < count; i++) {
    const messages = Array.from({ length: Math.floor(random() * 4) }, (_, m) => ({
      id: `m${i}-${m}`,
      role: m % 2 ? 'assistant' : 'user',
      content: text(random),
      created_at: '2025-01-25T12:00:00Z'
    }))
    const record = { id: `c${i}`, title: text(random), messages, created_at: '2025-01-25T12:00:00Z' }
    parts.push(pretty ? JSON.stringify(record, null, 2) : JSON.stringify(record))
  }
  const sep = pretty ? ',\n  ' : ','
  const head = bare ? (pretty ? '[\n  ' : '[') : pretty ? '{\n "conversations": [\n  ' : '{"conversations":['
  const tail = bare ? (pretty ? '\n]\n' : ']') : pretty ? '\n ],\n "version": 1\n}\n' : '],"version":1}'
  const records: History['records'] = []
  let at = Buffer.byteLength(head)
  for (const part of parts) {
    const length = Buffer.byteLength(part)
    records.push({ start: at, end: at + length })
    at += length + Buffer.byteLength(sep)
  }
  return { bytes: Buffer.from(head + parts.join(sep) + tail), records }
}

function writeHistory(bytes: Buffer): string {
  const dir = tempDir('pa-salvage-')
  writeFileSync(join(dir, CONVERSATIONS_FILE), bytes)
  return dir
}

describe('salvage of a file cut short', () => {
  it('keeps exactly the complete records before the cut and sets the rest aside verbatim (100 cases)', () => {
    const random = prng(20)
    for (let n = 0; n < 100; n++) {
      const { bytes, records } = history(random)
      const cut = Math.floor(random() * bytes.length)
      const damaged = bytes.subarray(0, cut)
      const dir = writeHistory(damaged)
      const doc = readOrSalvage(dir, CONVERSATIONS_FILE)!
      const label = `case ${n}, cut at ${cut} of ${bytes.length}`
      const complete = records.filter((r) => r.end <= cut)
      const kept = [...doc.records]
      expect(
        kept.map((r) => r.value),
        label
      ).toEqual(complete.map((r) => JSON.parse(bytes.subarray(r.start, r.end).toString())))
      expect(doc.damaged, label).toHaveLength(1)
      const [run] = doc.damaged!
      expect(run!.end, label).toBe(cut)
      // Between the last kept record and the set-aside run there is only punctuation.
      const before = complete.length ? complete[complete.length - 1]!.end : 0
      expect(run!.start, label).toBeGreaterThanOrEqual(before)
      if (complete.length)
        expect(damaged.subarray(before, run!.start).toString(), label).toMatch(
          complete.length === records.length ? /^[\s,\]]*$/ : /^[\s,]*$/
        )
      if (complete.length < records.length && cut > records[complete.length]!.start)
        expect(run!.start, label).toBe(records[complete.length]!.start)
    }
  })

  it('migrates what can be read, reports it, and rolls back to the damaged bytes (in process)', async () => {
    const random = prng(7)
    for (let n = 0; n < 6; n++) {
      const { bytes, records } = history(random, false)
      const cut = records[records.length - 1]!.start + 5
      const damaged = bytes.subarray(0, cut)
      const dir = writeHistory(damaged)
      await expect(migrate(dir)).rejects.toThrow(/is not valid JSON .*migrate --salvage/)
      expect(readFileSync(join(dir, CONVERSATIONS_FILE)).equals(damaged)).toBe(true)
      const result = await migrate(dir, { salvage: true })
      expect(result.status).toBe('migrated')
      expect(result.counts.conversations).toBe(records.length - 1)
      expect(result.salvaged).toEqual([
        expect.objectContaining({
          file: CONVERSATIONS_FILE,
          kept: records.length - 1,
          setAside: [expect.objectContaining({ start: cut - 5, end: cut })]
        })
      ])
      expect(result.report!.quarantined.map((q) => q.jsonPath)).toContain(`bytes ${cut - 5}-${cut}`)
      await rollback(dir)
      expect(readFileSync(join(dir, CONVERSATIONS_FILE)).equals(damaged)).toBe(true)
    }
  }, 120_000)

  it('the CLI refuses the damaged file naming --salvage, then salvages it and verifies', () => {
    const { bytes, records } = history(prng(3), false)
    const damaged = bytes.subarray(0, records[records.length - 1]!.end - 3)
    const dir = writeHistory(damaged)
    const refused = cli(['migrate', '--data-dir', dir])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toMatch(
      /conversations\.json is not valid JSON \(line \d+, column \d+: .*--salvage/
    )
    const { json } = cliJson<{ status: string; salvaged: { kept: number }[] }>([
      'migrate',
      '--salvage',
      '--data-dir',
      dir
    ])
    expect(json.status).toBe('migrated')
    expect(json.salvaged[0]!.kept).toBe(records.length - 1)
    expect(cli(['verify', '--data-dir', dir]).code).toBe(0)
    expect(cli(['rollback', '--data-dir', dir]).code).toBe(0)
    expect(readFileSync(join(dir, CONVERSATIONS_FILE)).equals(damaged)).toBe(true)
  }, 120_000)
})

describe('salvage of damage in the middle', () => {
  const { bytes, records } = history(prng(11), false)
  const withGarbage = (from: number, to: number): Buffer =>
    Buffer.concat([bytes.subarray(0, from), Buffer.from([0xff, 0x00, 0x7b, 0x22]), bytes.subarray(to)])

  it('resumes after a record broken by a bad write, at the next boundary whose record matches', () => {
    expect(records.length).toBeGreaterThanOrEqual(3)
    const broken = records[1]!
    const file = withGarbage(broken.start + 4, broken.start + 10)
    const doc = readOrSalvage(writeHistory(file), CONVERSATIONS_FILE)!
    const ids = [...doc.records].map((r) => (r.value as { id: string }).id)
    expect(ids).toEqual(records.map((_, i) => `c${i}`).filter((id) => id !== 'c1'))
    expect(doc.damaged).toEqual([expect.objectContaining({ start: broken.start, position: 1 })])
    const run = doc.damaged![0]!
    expect(file[run.end - 1]).toBe(0x7d)
    expect(doc.topExtra).toEqual({ version: 1 })
  })

  it('sets everything after the damage aside when no record was read to learn the structure from', () => {
    const file = withGarbage(records[0]!.start + 2, records[0]!.start + 3)
    const doc = readOrSalvage(writeHistory(file), CONVERSATIONS_FILE)!
    expect([...doc.records]).toHaveLength(0)
    expect(doc.damaged).toEqual([expect.objectContaining({ start: records[0]!.start, end: file.length })])
  })
})

describe('an empty legacy file', () => {
  it('is migrated as holding nothing, with a warning naming it', async () => {
    for (const content of ['', '  \n']) {
      const dir = writeHistory(Buffer.from(content))
      writeFileSync(join(dir, 'models.json'), '{"profiles":[]}')
      const dry = await migrate(dir, { dryRun: true })
      expect(dry.warnings.join('\n')).toMatch(/conversations\.json is (empty|blank).*crash/)
      const result = await migrate(dir)
      expect(result.report!.warnings.join('\n')).toMatch(/conversations\.json is (empty|blank).*crash/)
    }
  }, 60_000)
})
