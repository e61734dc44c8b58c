// Numbers kept to the digit: integers beyond 2^53, 20+ digit integers, -0, 1E400, 1.0, 1e2 and 0.1e-999 come back
// exactly as written from migrate → export, rollback (restored and rewritten), the hybrid mirror and its consistency
// check, and a ChatGPT import; verify fails once a stored number is rounded.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { startAppHost } from '../src/main/app/app-host'
import { parseJsonText, rawNumberText } from '../src/main/base/json-text'
import { cli, cliJson } from './support/cli'
import { copyOf, legacyDifferences, sha256, tempDir } from './support/folders'

const LITERALS = [
  '9007199254740991',
  '9007199254740993',
  '-9007199254740991',
  '-9007199254740993',
  '1234567890123456789',
  '12345678901234567890123',
  '-0',
  '1E400',
  '1.0',
  '1e2',
  '0.1e-999'
]
/** Every literal once, as an array: searched for (whitespace aside) in every file written back. */
const NUMS = `[${LITERALS.join(',')}]`

const CONVERSATIONS = `{"conversations":[{"id":"c1","title":"numbers","created_at":1700000000000.0,"updated_at":1.7e12,
"tweet_id":1234567890123456789,"nums":${NUMS},"messages":[
{"id":"m1","role":"user","content":"hi","created_at":1.7000000001e12,"nums":${NUMS},"meta":{"n":-0}}]}]}`
const MODELS = `{"profiles":[{"id":"p1","name":"P","provider":"openai","model":"gpt-4","api_key":"sk-numbers-0123456789abcdef",
"temperature":1.0,"max_tokens":1e3,"seed":12345678901234567890123,"nums":${NUMS}}]}`
const MCP = `{"servers":[{"id":"s1","name":"files","command":"node","args":[],"env":{},"enabled":true,
"call_timeout_ms":3.0e4,"nums":${NUMS}}]}`

function seeded(): string {
  const dir = tempDir('pa-numbers-')
  writeFileSync(join(dir, 'conversations.json'), CONVERSATIONS)
  writeFileSync(join(dir, 'models.json'), MODELS)
  writeFileSync(join(dir, 'mcp_config.json'), MCP)
  return dir
}

function compact(path: string): string {
  return readFileSync(path, 'utf8').replace(/\s+/g, '')
}

function expectNumbersIn(dir: string): void {
  const conversations = compact(join(dir, 'conversations.json'))
  expect(conversations.split(`"nums":${NUMS}`)).toHaveLength(3)
  for (const field of ['"created_at":1700000000000.0', '"updated_at":1.7e12', '"created_at":1.7000000001e12'])
    expect(conversations).toContain(field)
  expect(conversations).toContain('"tweet_id":1234567890123456789')
  expect(conversations).toContain('"n":-0')
  const models = compact(join(dir, 'models.json'))
  for (const field of [
    `"nums":${NUMS}`,
    '"temperature":1.0',
    '"max_tokens":1e3',
    '"seed":12345678901234567890123'
  ])
    expect(models).toContain(field)
  const mcp = compact(join(dir, 'mcp_config.json'))
  for (const field of [`"nums":${NUMS}`, '"call_timeout_ms":3.0e4']) expect(mcp).toContain(field)
}

describe('numbers kept to the digit', () => {
  it('parseJsonText keeps exactly the numbers JavaScript would write differently', () => {
    const parsed = parseJsonText(`{"a":${NUMS},"b":[1,0.5,-2,1700000000000,0.30000000000000004,1e+21]}`) as {
      a: unknown[]
      b: unknown[]
    }
    expect(parsed.a.map(rawNumberText)).toEqual(
      LITERALS.map((text) => (text === '9007199254740991' || text === '-9007199254740991' ? null : text))
    )
    expect(parsed.b).toEqual([1, 0.5, -2, 1700000000000, 0.30000000000000004, 1e21])
    expect(JSON.stringify(parsed)).toBe(
      `{"a":${NUMS},"b":[1,0.5,-2,1700000000000,0.30000000000000004,1e+21]}`
    )
  })

  it('migrate → export writes each number as written; rollback gives the files back byte for byte', () => {
    const dir = seeded()
    const original = copyOf(dir)
    const migrate = cliJson(['migrate', '--data-dir', dir])
    expect(migrate.run.code, migrate.run.stderr).toBe(0)
    expect(cli(['verify', '--data-dir', dir]).code).toBe(0)
    const exported = tempDir('pa-numbers-export-')
    const result = cli(['export', '--out', exported, '--data-dir', dir])
    expect(result.code, result.stderr).toBe(0)
    expectNumbersIn(exported)
    expect(legacyDifferences(original, exported)).toEqual([])

    expect(cli(['rollback', '--data-dir', dir]).code).toBe(0)
    for (const file of ['conversations.json', 'models.json', 'mcp_config.json'])
      expect(sha256(join(dir, file))).toBe(sha256(join(original, file)))
  })

  it('verify fails when a stored number is rounded', () => {
    const dir = seeded()
    expect(cliJson(['migrate', '--data-dir', dir]).run.code).toBe(0)
    const db = new Database(join(dir, 'personal-agent.db'))
    const changed = db
      .prepare(
        "UPDATE conversations SET extra = replace(extra, '1234567890123456789', '1234567890123456800')"
      )
      .run().changes
    db.close()
    expect(changed).toBe(1)
    const verify = cli(['verify', '--data-dir', dir])
    expect(verify.code, verify.stdout).not.toBe(0)
  })

  it('a rollback that writes the store out (a record made after the migration) keeps them too', async () => {
    const dir = seeded()
    const host = await startAppHost({ dataDir: dir, onProgress: () => undefined, storageBackend: null })
    try {
      await host.handlers['conversations:create']({ title: 'made after the migration' })
    } finally {
      await host.dispose()
    }
    const rollback = cli(['rollback', '--data-dir', dir])
    expect(rollback.code, rollback.stderr).toBe(0)
    expect(readFileSync(join(dir, 'conversations.json'), 'utf8')).toContain('made after the migration')
    expectNumbersIn(dir)
  })

  it('the hybrid mirror keeps them, and the consistency check sees a rounded one', async () => {
    const dir = seeded()
    const host = await startAppHost({ dataDir: dir, onProgress: () => undefined, storageBackend: 'hybrid' })
    try {
      await host.handlers['conversations:create']({ title: 'mirrored' })
      await host.handlers['storage:flush']()
    } finally {
      await host.dispose()
    }
    expectNumbersIn(dir)
    expect(cli(['verify', '--consistency', '--data-dir', dir]).code).toBe(0)
    const path = join(dir, 'conversations.json')
    writeFileSync(path, readFileSync(path, 'utf8').replace('1234567890123456789', '1234567890123456800'))
    const differs = cli(['verify', '--consistency', '--data-dir', dir])
    expect(differs.code, differs.stdout).toBe(1)
    expect(differs.stdout).toContain('tweet_id')
  })

  it('a ChatGPT import keeps a big id and the other numbers in the fields it keeps', () => {
    const source = join(tempDir(), 'conversations.json')
    const message = `{"id":"msg-u1","author":{"role":"user","name":null,"metadata":{}},"create_time":1696150000.0,
"content":{"content_type":"text","parts":["hello"]},"status":"finished_successfully","weight":1.0,"metadata":{"nums":${NUMS}}}`
    writeFileSync(
      source,
      `[{"title":"Big ids","create_time":1696150000.0,"update_time":1696150130.0,"tweet_id":1234567890123456789,
"nums":${NUMS},"current_node":"u1","mapping":{"root":{"id":"root","message":null,"parent":null,"children":["u1"]},
"u1":{"id":"u1","message":${message},"parent":"root","children":[]}}}]`
    )
    const dataDir = join(tempDir(), 'data')
    const imported = cliJson(['import', '--format', 'chatgpt', source, '--data-dir', dataDir])
    expect(imported.run.code, imported.run.stderr).toBe(0)
    const exported = tempDir('pa-numbers-export-')
    expect(cli(['export', '--out', exported, '--data-dir', dataDir]).code).toBe(0)
    const text = compact(join(exported, 'conversations.json'))
    expect(text).toContain('1234567890123456789')
    expect(text.split(`"nums":${NUMS}`)).toHaveLength(3)
    expect(text).toContain('"weight":1.0')
  })
})
