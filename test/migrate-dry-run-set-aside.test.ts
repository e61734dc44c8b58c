// The dry run announces what the run will move and set aside, with the run's own counts: the same record checks, the
// same order, the same id registry across conversations.json and the conversation folders.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { MigrationReport, QuarantineEntry } from '../src/shared/types'
import { cli, cliJson } from './support/cli'
import { writeDemoSample } from './support/demo-sample'
import { tempDir } from './support/folders'

interface MigrateJson {
  counts: Record<string, number>
  quarantined: number
  plan?: { set_aside: QuarantineEntry[] }
}

const COUNTED = ['conversations', 'messages', 'profiles', 'mcp_servers', 'secrets'] as const

function latestReport(dir: string): MigrationReport {
  const root = join(dir, 'backup_before_migration')
  const newest = readdirSync(root).sort().at(-1)!
  return JSON.parse(readFileSync(join(root, newest, 'report.json'), 'utf8')) as MigrationReport
}

/** Runs the dry run, then the run, and checks they agree; returns what was set aside. */
function dryRunMatchesRun(dir: string): QuarantineEntry[] {
  const dry = cliJson<MigrateJson>(['migrate', '--dry-run', '--data-dir', dir])
  expect(dry.run.code, dry.run.stderr).toBe(0)
  const text = cli(['migrate', '--dry-run', '--data-dir', dir])
  const run = cliJson<MigrateJson>(['migrate', '--data-dir', dir])
  expect(run.run.code, run.run.stderr).toBe(0)
  for (const key of COUNTED) expect(dry.json.counts[key], key).toBe(run.json.counts[key])
  expect(dry.json.quarantined).toBe(run.json.quarantined)
  const setAside = dry.json.plan!.set_aside
  expect(setAside).toEqual(latestReport(dir).quarantined)
  expect(text.stdout).toContain(
    setAside.length === 0 ? 'Would set aside: nothing' : `Would set aside ${setAside.length} records`
  )
  for (const entry of setAside)
    expect(text.stdout).toContain(`  ${entry.file} ${entry.jsonPath}: ${entry.reason}`)
  return setAside
}

describe('migrate --dry-run', () => {
  it('announces the demo sample’s 28 conversations, 4 profiles, 3 MCP servers and 13 records set aside', () => {
    const dir = join(tempDir('pa-dry-'), 'data')
    writeDemoSample(dir)
    expect(dryRunMatchesRun(dir)).toHaveLength(13)
  })

  it('agrees with the run across conversation folders, a file of the wrong shape and the MCP map', () => {
    const dir = tempDir('pa-dry-folders-')
    const conversation = (id: string, extra: object = {}): object => ({
      id,
      title: id,
      messages: [{ id: `${id}-m`, role: 'user', content: 'hi' }],
      ...extra
    })
    writeFileSync(
      join(dir, 'conversations.json'),
      JSON.stringify({ conversations: [conversation('a'), conversation('b', { created_at: 'nope' })] })
    )
    mkdirSync(join(dir, 'conversations'))
    // "b" was set aside in conversations.json, so this one is kept; "a" was kept there, so this one is a duplicate.
    writeFileSync(join(dir, 'conversations', 'b.json'), JSON.stringify(conversation('b')))
    writeFileSync(join(dir, 'conversations', 'y.json'), JSON.stringify(conversation('a')))
    mkdirSync(join(dir, 'sessions'))
    writeFileSync(join(dir, 'sessions', 's.json'), JSON.stringify([conversation('c'), conversation('c')]))
    writeFileSync(join(dir, 'models.json'), '42')
    writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ mcpServers: { x: { command: 'a' }, y: 5 } }))
    const setAside = dryRunMatchesRun(dir)
    expect(setAside.map((entry) => `${entry.file} ${entry.jsonPath}`)).toEqual([
      'conversations.json $.conversations[1]',
      'conversations/y.json $',
      'sessions/s.json $[1]',
      'models.json $',
      'mcp_config.json $.mcpServers["y"]'
    ])
  })
})
