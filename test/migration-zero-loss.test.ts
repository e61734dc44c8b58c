// Zero loss: for generated legacy folders as nasty as real ones, `export` after `migrate` is JSON-equal to the input,
// whether conversations.json is parsed on the writing thread or in the parsing worker.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder, type SampleOptions } from '../scripts/sample-legacy-data'
import { cliJson } from './support/cli'
import { copyOf, legacyDifferences, tempDir } from './support/folders'

function migrateAndExport(
  dir: string,
  env: NodeJS.ProcessEnv
): {
  original: string
  exported: string
  migrate: Record<string, unknown>
} {
  const original = copyOf(dir)
  const migrate = cliJson(['migrate', '--data-dir', dir], env)
  expect(migrate.run.code, migrate.run.stderr).toBe(0)
  const exported = tempDir('pa-export-')
  const result = cliJson(['export', '--out', exported, '--data-dir', dir])
  expect(result.run.code, result.run.stderr).toBe(0)
  return { original, exported, migrate: migrate.json }
}

const corpora: [string, SampleOptions][] = [
  [
    'clean object-shaped files',
    {
      seed: 1,
      conversations: 20,
      messagesPerConversation: 8,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    }
  ],
  [
    'nasty files, bare array, Claude Desktop map',
    {
      seed: 2,
      conversations: 40,
      messagesPerConversation: 12,
      nasty: true,
      mcpShape: 'map',
      conversationsShape: 'array'
    }
  ],
  [
    'nasty files with a 5 MB message',
    {
      seed: 3,
      conversations: 12,
      messagesPerConversation: 6,
      nasty: true,
      mcpShape: 'list',
      conversationsShape: 'object',
      hugeMessageBytes: 5 * 1024 * 1024
    }
  ],
  [
    'nasty files, another seed',
    {
      seed: 4,
      conversations: 60,
      messagesPerConversation: 5,
      nasty: true,
      mcpShape: 'list',
      conversationsShape: 'object'
    }
  ]
]

/** Small files are parsed on the writing thread; large ones in a worker: both paths must lose nothing. */
const PARSERS: [string, NodeJS.ProcessEnv][] = [
  ['parsed on the writing thread', {}],
  ['parsed in a worker thread', { PERSONAL_AGENT_PARSE_WORKER_MIN_BYTES: '0' }]
]

describe.each(PARSERS)('zero loss: export after migrate equals the input (%s)', (_mode, env) => {
  for (const [name, options] of corpora) {
    it(name, () => {
      const dir = tempDir()
      writeSampleFolder(dir, options)
      const { original, exported, migrate } = migrateAndExport(dir, env)
      expect(migrate['status']).toBe('migrated')
      expect(legacyDifferences(original, exported)).toEqual([])
    })
  }

  it('empty files, [] and odd top-level values come back as they were', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'conversations.json'), '[]')
    writeFileSync(join(dir, 'models.json'), '')
    writeFileSync(join(dir, 'mcp_config.json'), '\ufeff{"note": "no servers here", "version": 2}\r\n')
    const { original, exported, migrate } = migrateAndExport(dir, env)
    expect(migrate['counts']).toMatchObject({ conversations: 0, profiles: 0, mcp_servers: 0 })
    expect(legacyDifferences(original, exported)).toEqual([])
  })

  it('hand-written edge cases: lone surrogates, numeric timestamps, null and array content, duplicate keys, huge numbers', () => {
    const dir = tempDir()
    mkdirSync(dir, { recursive: true })
    const text = String.raw`{"conversations":[
      {"id":"a","title":"cut \ud83d mid-emoji","messages":[
        {"role":"user","content":null,"created_at":1737806400000},
        {"id":"m2","role":"assistant","content":[{"type":"text","text":"part \udc00"}],"created_at":"2025-01-25T12:00:00Z"},
        {"id":"m3","role":"tool","content":"ok","tool_calls":[{"id":"t"}],"created_at":"2025-01-25T12:00:01.5+02:00"}
      ],"created_at":1737806400,"updated_at":"2025-01-25T12:00:00Z","n":12345678901234567890,"f":1e-7,"dup":1,"dup":2},
      {"id":"b","title":"RTL مرحبا 日本語 👩‍💻","messages":[],"profile_id":null,"title2":{"__proto__":{"x":1}}}
    ],"schema":1}`
    writeFileSync(join(dir, 'conversations.json'), text)
    const { original, exported } = migrateAndExport(dir, env)
    expect(legacyDifferences(original, exported)).toEqual([])
  })

  it('a record nested 100k levels deep is quarantined verbatim; the rest migrates; export gives it back', () => {
    const dir = tempDir()
    const depth = 100_000
    const deep = '['.repeat(depth) + ']'.repeat(depth)
    writeFileSync(
      join(dir, 'conversations.json'),
      `{"conversations":[{"id":"deep","title":"t","messages":[],"x":${deep}},{"id":"ok","title":"fine","messages":[{"id":"m","role":"user","content":"hi"}]}]}`
    )
    const { original, exported, migrate } = migrateAndExport(dir, env)
    expect(migrate).toMatchObject({ counts: { conversations: 1, messages: 1 }, quarantined: 1 })
    expect(legacyDifferences(original, exported)).toEqual([])
  })

  it('numbers beyond what JavaScript holds (1e400, a 400-digit integer) come back as written', () => {
    const dir = tempDir()
    const long = '9'.repeat(400)
    writeFileSync(
      join(dir, 'conversations.json'),
      `{"conversations":[{"id":"n","title":"big","messages":[{"id":"m","role":"user","content":"x","score":1e400}],"cost":-1e999,"tokens":${long}},{"id":"t","title":1E+400,"messages":[]}],"max":1e400}`
    )
    writeFileSync(
      join(dir, 'models.json'),
      '{"profiles":[{"id":"p","api_key":"sk-big-number-0123456789","temperature":1e400}]}'
    )
    const { original, exported } = migrateAndExport(dir, env)
    expect(legacyDifferences(original, exported)).toEqual([])
    const text = readFileSync(join(exported, 'conversations.json'), 'utf8')
    for (const literal of ['1e400', '-1e999', long, '1E+400']) expect(text).toContain(literal)
    expect(text).not.toContain('null')
    expect(readFileSync(join(exported, 'models.json'), 'utf8')).toContain('"temperature":1e400')
  })
})
