// The work after the commit: the store is usable first (usable_ms), the full-text index and SQLite's checks finish
// after it, a SIGKILL in between is finished by the next run, and a failure there rolls the migration back.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { openDatabase } from '../src/main/store/sqlite/database'
import { ftsQuery } from '../src/main/search/fts-query'
import { ftsLists } from '../src/main/search/search-lists'
import { offlineEmbedder } from '../src/main/search/offline-embedder'
import { SearchService } from '../src/main/services/search-service'
import { SearchHost } from '../src/main/app/search-host'
import { SecretStore } from '../src/main/secrets/secret-store'
import type { EmbeddingStatusView } from '../src/shared/import-types'
import type { MigrationProgress } from '../src/shared/types'
import { cli, cliJson } from './support/cli'
import { copyOf, legacyDifferences, tempDir } from './support/folders'

function sample(seed: number): string {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed,
    conversations: 40,
    messagesPerConversation: 6,
    nasty: false,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  return dir
}

const HOOKS = { PERSONAL_AGENT_TEST_HOOKS: '1' }

/** What the app's search service says of the index: built, or still being built (it then shows "indexing…"). */
function wordIndexReady(dir: string): boolean {
  const db = openDatabase(join(dir, 'personal-agent.db'), { readonly: true })
  try {
    return new SearchService(db, offlineEmbedder).wordIndexReady()
  } finally {
    db.close()
  }
}

/** What the app's search status says while a migration's progress is at half of the index build. */
async function searchStatusMidIndex(dir: string): Promise<EmbeddingStatusView | undefined> {
  const statuses: EmbeddingStatusView[] = []
  const host = new SearchHost(dir, new SecretStore(dir), (status) => statuses.push(status))
  host.opened('sqlite')
  try {
    await host.search('anything')
    const half: MigrationProgress = {
      phase: 'index',
      done: 0,
      total: 0,
      bytesDone: 50,
      bytesTotal: 100,
      fraction: 0.9,
      etaMs: null,
      message: 'Building the search index'
    }
    host.migrationProgress(half)
    return statuses.at(-1)
  } finally {
    await host.close()
  }
}

/** The messages the index holds, those it should, and the messages a word search finds for a word of one of them. */
function searchIndexOf(dir: string): { indexed: number; indexable: number; found: number } {
  const db = openDatabase(join(dir, 'personal-agent.db'), { readonly: true })
  try {
    const count = (sql: string): number => (db.prepare(sql).get() as { n: number }).n
    const { content } = db
      .prepare("SELECT content FROM messages WHERE content GLOB '*[a-z][a-z][a-z][a-z]*' ORDER BY id LIMIT 1")
      .get() as { content: string }
    const word = content.match(/[a-z]{4,}/)![0]
    // The first list is the messages' (then conversation titles, then notes).
    const messageHits = ftsLists(db, ftsQuery(word)!, 50)[0]!
    return {
      // messages_fts reads its text from messages: its docsize table holds one row per message indexed.
      indexed: count('SELECT COUNT(*) AS n FROM messages_fts_docsize'),
      indexable: count("SELECT COUNT(*) AS n FROM messages WHERE reply_status IS NOT 'streaming'"),
      found: messageHits.length
    }
  } finally {
    db.close()
  }
}

function state(dir: string): { state: string; phase: string | null } {
  return JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')) as { state: string; phase: string | null }
}

describe('the migration after its commit', () => {
  it('reports usable_ms before the end, and every phase with its ms', () => {
    const dir = sample(41)
    const { run, json } = cliJson(['migrate', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    const usable = json['usable_ms'] as number
    const total = json['total_ms'] as number
    expect(usable).toBeGreaterThan(0)
    expect(usable).toBeLessThan(total)
    const phases = json['phases'] as Record<string, number>
    const order = ['preflight', 'backup', 'conversations', 'verify', 'commit', 'index', 'checks', 'retire']
    expect(Object.keys(phases).filter((p) => order.includes(p))).toEqual(order)
    for (const ms of Object.values(phases)) expect(ms).toBeGreaterThanOrEqual(0)
    const index = searchIndexOf(dir)
    expect(index.indexed).toBe(index.indexable)
    expect(index.found).toBeGreaterThan(0)
  })

  it('killed with SIGKILL mid-index: the store is committed, and the next run builds the index and retires', async () => {
    const dir = sample(42)
    const original = copyOf(dir)
    const killed = cli(['migrate', '--data-dir', dir], { ...HOOKS, PERSONAL_AGENT_KILL_AT: 'mid-index' })
    expect(killed.signal).toBe('SIGKILL')
    expect(state(dir)).toMatchObject({ state: 'migrating', phase: 'indexing' })
    // The verified store is in place, its index not built yet, and the legacy files untouched.
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(true)
    expect(searchIndexOf(dir)).toMatchObject({ indexed: 0, found: 0 })
    expect(wordIndexReady(dir)).toBe(false)
    // The app's search says "Indexing…" with the share the migration reports.
    expect((await searchStatusMidIndex(dir))?.wordIndex).toEqual({ share: 0.5 })
    expect(legacyDifferences(original, dir)).toEqual([])
    expect(
      readFileSync(join(dir, 'conversations.json')).equals(readFileSync(join(original, 'conversations.json')))
    ).toBe(true)

    const resumed = cliJson(['migrate', '--data-dir', dir])
    expect(resumed.run.code, resumed.run.stderr).toBe(0)
    expect(resumed.json['status']).toBe('migrated')
    expect(Object.keys(resumed.json['phases'] as object)).toEqual(
      expect.arrayContaining(['index', 'checks', 'retire'])
    )
    const index = searchIndexOf(dir)
    expect(index.indexed).toBe(index.indexable)
    expect(index.found).toBeGreaterThan(0)
    expect(wordIndexReady(dir)).toBe(true)
    expect((await searchStatusMidIndex(dir))?.wordIndex).toBeNull()
    expect(existsSync(join(dir, 'conversations.json'))).toBe(false)
    expect(state(dir)).toMatchObject({ state: 'migrated', phase: null })
    expect(cliJson(['verify', '--data-dir', dir]).json).toMatchObject({ ok: true, discrepancies: [] })
    const exported = tempDir()
    expect(cli(['export', '--out', exported, '--data-dir', dir]).code).toBe(0)
    expect(legacyDifferences(original, exported)).toEqual([])
  })

  it('a failure in the checks after the commit rolls back by itself, with one line', () => {
    const dir = sample(43)
    const original = copyOf(dir)
    const failed = cli(['migrate', '--data-dir', dir], { ...HOOKS, PERSONAL_AGENT_FAULT: 'before-checks' })
    expect(failed.code).toBe(1)
    expect(failed.stderr.trim().split('\n')).toHaveLength(1)
    expect(failed.stderr).toMatch(/^personal-agent: .*injected fault at before-checks.*rolled back/)
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('rolled-back')
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
    for (const file of ['conversations.json', 'models.json', 'mcp_config.json'])
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(original, file))), file).toBe(true)
  })
})
