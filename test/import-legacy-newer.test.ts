// Legacy files that reappear in a migrated folder (the old app ran again): status says so, `import --format legacy`
// adds exactly what is new or changed (by id and content hash) as one import run, a second run adds nothing, the
// files are never touched, and `rollback --run` removes exactly what was added.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliJson } from './support/cli'
import { writeDemoSample } from './support/demo-sample'
import { tempDir } from './support/folders'

interface ImportJson {
  runId: string | null
  counts: Record<string, number>
  added: { file: string; jsonPath: string; why: string }[]
}

/** How many conversations the store holds, from its export. */
function conversationCount(dir: string): number {
  const out = tempDir('pa-legacy-export-')
  expect(cli(['export', '--out', out, '--data-dir', dir]).code).toBe(0)
  return (JSON.parse(readFileSync(join(out, 'conversations.json'), 'utf8')) as { conversations: unknown[] })
    .conversations.length
}

describe('import --format legacy', () => {
  it('adds what the old app wrote since the migration, once, and its rollback removes exactly that', () => {
    const dir = join(tempDir('pa-legacy-again-'), 'data')
    const originals = { conv: '', models: '' }
    writeDemoSample(dir)
    originals.conv = readFileSync(join(dir, 'conversations.json'), 'utf8')
    originals.models = readFileSync(join(dir, 'models.json'), 'utf8')
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    const conversationsBefore = conversationCount(dir)
    expect(
      cliJson<{ newerLegacyData: string[] }>(['status', '--data-dir', dir]).json.newerLegacyData
    ).toEqual([])

    // The old app ran again: its files are back, with one new conversation, one changed title and one new profile.
    const conversations = JSON.parse(originals.conv) as { conversations: Record<string, unknown>[] }
    conversations.conversations[1] = { ...conversations.conversations[1], title: 'renamed in the old app' }
    conversations.conversations.push({
      id: 'new-in-old-app',
      title: 'new',
      messages: [{ role: 'user', content: 'hi' }]
    })
    writeFileSync(join(dir, 'conversations.json'), JSON.stringify(conversations))
    const models = JSON.parse(originals.models) as { profiles: Record<string, unknown>[] }
    models.profiles.push({
      id: 'p-new',
      name: 'New',
      provider: 'openai',
      model: 'gpt-4o',
      api_key: 'sk-new-key-0001'
    })
    writeFileSync(join(dir, 'models.json'), JSON.stringify(models))
    const written = {
      conv: readFileSync(join(dir, 'conversations.json'), 'utf8'),
      models: readFileSync(join(dir, 'models.json'), 'utf8')
    }

    const status = cliJson<{ state: string; newerLegacyData: string[] }>(['status', '--data-dir', dir]).json
    expect(status.state).toBe('migrated')
    expect(status.newerLegacyData).toEqual(['conversations.json', 'models.json'])
    expect(cli(['status', '--data-dir', dir]).stdout).toContain('import --format legacy')

    const dry = cliJson<ImportJson>(['import', '--format', 'legacy', '--dry-run', '--data-dir', dir])
    expect(dry.run.code, dry.run.stderr).toBe(0)
    expect(dry.json.runId).toBeNull()

    const first = cliJson<ImportJson>(['import', '--format', 'legacy', '--data-dir', dir])
    expect(first.run.code, first.run.stderr).toBe(0)
    expect(first.json.added).toEqual([
      { file: 'conversations.json', jsonPath: '$.conversations[1]', why: 'changed' },
      {
        file: 'conversations.json',
        jsonPath: `$.conversations[${conversations.conversations.length - 1}]`,
        why: 'new'
      },
      { file: 'models.json', jsonPath: `$.profiles[${models.profiles.length - 1}]`, why: 'new' }
    ])
    expect(dry.json.added).toEqual(first.json.added)
    expect(first.json.counts.created).toBe(3)
    expect(conversationCount(dir)).toBe(conversationsBefore + 2)
    expect(
      cliJson<{ newerLegacyData: string[] }>(['status', '--data-dir', dir]).json.newerLegacyData
    ).toEqual([])

    const second = cliJson<ImportJson>(['import', '--format', 'legacy', '--data-dir', dir])
    expect(second.run.code, second.run.stderr).toBe(0)
    expect(second.json.added).toEqual([])
    expect(second.json.counts.created).toBe(0)

    const undone = cliJson<{ removed: Record<string, number> }>([
      'rollback',
      '--run',
      first.json.runId!,
      '--data-dir',
      dir
    ])
    expect(undone.run.code, undone.run.stderr).toBe(0)
    expect(undone.json.removed).toEqual({ conversation: 2, profile: 1 })
    expect(conversationCount(dir)).toBe(conversationsBefore)
    // The legacy files were never touched.
    expect(readFileSync(join(dir, 'conversations.json'), 'utf8')).toBe(written.conv)
    expect(readFileSync(join(dir, 'models.json'), 'utf8')).toBe(written.models)
  })
})
