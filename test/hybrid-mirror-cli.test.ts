// Under the hybrid backend every CLI command that changes data leaves the legacy mirror written and consistent before
// it exits: the migration itself, an import, and an import run's rollback (verify --consistency passes after each).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { ConsistencyReport } from '../src/shared/types'
import { cli, cliJson } from './support/cli'
import { writeDemoSample } from './support/demo-sample'
import { tempDir } from './support/folders'

const HYBRID = { STORAGE_BACKEND: 'hybrid' }
const CHATGPT = join(__dirname, 'fixtures', 'other-apps', 'chatgpt-conversations.json')

/** Checks the folder with `verify --consistency` and returns how many conversations SQLite holds. */
function consistentConversations(dir: string): number {
  const { run, json } = cliJson<ConsistencyReport>(['verify', '--consistency', '--data-dir', dir], HYBRID)
  expect(run.code, run.stdout).toBe(0)
  expect(json.ok).toBe(true)
  return json.kinds.find((kind) => kind.kind === 'conversations')!.sqliteTotal
}

describe('the hybrid mirror after CLI changes', () => {
  it('is written by migrate, then kept by an import and its rollback', () => {
    const dir = join(tempDir('pa-hybrid-cli-'), 'data')
    writeDemoSample(dir)

    const migrated = cli(['migrate', '--data-dir', dir], HYBRID)
    expect(migrated.code, migrated.stderr).toBe(0)
    for (const file of ['conversations.json', 'models.json', 'mcp_config.json'])
      expect(existsSync(join(dir, file)), file).toBe(true)
    const before = consistentConversations(dir)

    const imported = cliJson<{ runId: string }>(
      ['import', '--format', 'chatgpt', CHATGPT, '--data-dir', dir],
      HYBRID
    )
    expect(imported.run.code, imported.run.stderr).toBe(0)
    const afterImport = consistentConversations(dir)
    expect(afterImport).toBeGreaterThan(before)

    const undone = cli(['rollback', '--run', imported.json.runId, '--data-dir', dir], HYBRID)
    expect(undone.code, undone.stderr).toBe(0)
    expect(consistentConversations(dir)).toBe(before)
  })
})
