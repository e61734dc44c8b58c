// Conversation folders (`conversations/<id>.json`, `sessions/<hash>.json`) migrate under the same zero-loss contract
// as conversations.json: alone or next to it, with every variant old versions wrote; export gives each file back
// JSON-equal; sources are renamed to .json.migrated only after verification, and untouched by a run that fails;
// a crash while retiring resumes; rollback restores them byte for byte and removes the markers.
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { conversationFolderFiles } from '../src/main/legacy/conversation-folders'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { openDatabase } from '../src/main/store/sqlite/database'
import { LATEST_SCHEMA_VERSION } from '../src/main/store/sqlite/schema'
import type { MigrationReport } from '../src/shared/types'
import { cli, cliJson, type CliRun } from './support/cli'
import { copyOf, legacyDifferences, snapshotTree, tempDir } from './support/folders'

const HOOKS = { PERSONAL_AGENT_TEST_HOOKS: '1' }
const BOM = '\ufeff'

function message(
  id: string | null,
  content: unknown,
  extra: Record<string, unknown> = {}
): Record<string, unknown> {
  return {
    ...(id === null ? {} : { id }),
    role: 'user',
    content,
    created_at: '2025-01-25T12:00:00Z',
    ...extra
  }
}

function conversation(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    title: `Conversation ${id}`,
    profile_id: 'profile-1',
    messages: [message(`${id}-m1`, `hello from ${id}`), message(`${id}-m2`, 'second')],
    created_at: '2025-01-25T12:00:00Z',
    updated_at: 1737806400000,
    ...extra
  }
}

/** Non-JSON entries of the folders: never read, renamed or restored. */
const IGNORED = ['conversations/README.md', 'sessions/notes.txt', 'sessions/old.json.bak']

/**
 * Writes both folders with the variants old versions left behind. `shared` is an id that also appears in a
 * sessions file (and, when given, in conversations.json), so duplicates across files are exercised.
 */
function writeConversationFolders(dir: string, shared = 'shared-id'): void {
  mkdirSync(join(dir, 'conversations'), { recursive: true })
  mkdirSync(join(dir, 'sessions'), { recursive: true })
  const put = (file: string, text: string): void => writeFileSync(join(dir, file), text)
  put('conversations/c-plain.json', JSON.stringify(conversation('c-plain')))
  // Pretty-printed with CRLF and a BOM, extra fields anywhere, tool calls.
  put(
    'conversations/c-extra.json',
    BOM +
      JSON.stringify(
        conversation('c-extra', {
          pinned: true,
          tags: ['work', 'draft'],
          metadata: { source: 'import', nested: { deep: [1, 2, { x: null }] } },
          messages: [
            message('t1', null, { role: 'assistant', tool_calls: [{ id: 'call-1', name: 'search' }] }),
            message('t2', 'result', { role: 'tool', tool_call_id: 'call-1' })
          ]
        }),
        null,
        2
      ).replace(/\n/g, '\r\n')
  )
  // Missing message ids, null content, content as parts, numeric timestamps.
  put(
    'conversations/c-noids.json',
    JSON.stringify(
      conversation('c-noids', {
        messages: [
          message(null, null),
          message(null, [{ type: 'text', text: 'part one' }], { created_at: 1737806400 })
        ]
      })
    )
  )
  // Unicode, written by hand so the escapes reach the file as escapes (a lone surrogate from a cut emoji).
  put(
    'conversations/c-unicode.json',
    '{"id":"c-unicode","title":"héllo 😀 中文 עברית","messages":[{"id":"u1","role":"user","content":"cut emoji \\ud83d, tab\\t, quote \\" <b>html</b>"}]}\n'
  )
  put('conversations/c-no-id.json', '{"title": "a record without an id", "messages": []}')
  put('conversations/c-not-an-object.json', '["not", "a", "conversation"]')
  put('conversations/dup-first.json', JSON.stringify(conversation(shared)))
  put(
    'sessions/ws-array.json',
    JSON.stringify([
      conversation('s-1'),
      conversation(shared, { title: 'the same id again' }),
      conversation('s-2', { messages: [message('s-2-m1', 'kept'), 42, message('s-2-m3', 'also kept')] })
    ])
  )
  put(
    'sessions/ws-object.json',
    JSON.stringify(
      {
        workspace: '/home/me/project',
        version: 3,
        conversations: [conversation('s-3'), conversation('s-4', { messages: [] })]
      },
      null,
      2
    )
  )
  put('sessions/ws-empty.json', '')
  put('sessions/ws-empty-list.json', '[]\n')
  put('sessions/ws-no-list.json', '{"note": "no conversations here"}')
  for (const file of IGNORED) put(file, `not a legacy file: ${file}\n`)
}

function migrate(dir: string, env: NodeJS.ProcessEnv = {}): Record<string, unknown> {
  const { run, json } = cliJson(['migrate', '--data-dir', dir], env)
  expect(run.code, run.stderr).toBe(0)
  expect(json['status']).toBe('migrated')
  return json
}

function exportEquals(dir: string, original: string): void {
  const out = tempDir('pa-folders-export-')
  const run = cli(['export', '--out', out, '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
  expect(legacyDifferences(original, out)).toEqual([])
}

function verifies(dir: string): void {
  expect(cliJson(['verify', '--data-dir', dir]).json).toMatchObject({ ok: true, discrepancies: [] })
}

function latestReport(dir: string): MigrationReport {
  const root = join(dir, 'backup_before_migration')
  const newest = readdirSync(root).sort().at(-1)!
  return JSON.parse(readFileSync(join(root, newest, 'report.json'), 'utf8')) as MigrationReport
}

/** Every folder file of `original` now lives only as `<name>.migrated`, with the same bytes. */
function expectRetired(dir: string, original: string): void {
  const files = conversationFolderFiles(original)
  expect(files.length).toBeGreaterThan(0)
  for (const file of files) {
    expect(existsSync(join(dir, file)), file).toBe(false)
    expect(readFileSync(join(dir, `${file}.migrated`)).equals(readFileSync(join(original, file))), file).toBe(
      true
    )
  }
  expect(conversationFolderFiles(dir)).toEqual([])
  for (const file of IGNORED)
    expect(readFileSync(join(dir, file), 'utf8')).toBe(readFileSync(join(original, file), 'utf8'))
}

/** The three files and every folder file are byte-identical to the originals; no marker is left. */
function expectRestored(dir: string, original: string): void {
  for (const file of [...conversationFolderFiles(original), 'conversations.json', ...IGNORED]) {
    if (!existsSync(join(original, file))) continue
    expect(readFileSync(join(dir, file)).equals(readFileSync(join(original, file))), file).toBe(true)
  }
  for (const folder of ['conversations', 'sessions'])
    expect(readdirSync(join(dir, folder)).filter((n) => n.endsWith('.migrated'))).toEqual([])
}

/** The folders' entries: names, bytes, modes and times. */
function folderSnapshot(dir: string): Record<string, string> {
  return { ...snapshotTree(join(dir, 'conversations')), ...snapshotTree(join(dir, 'sessions')) }
}

function expectOneLineError(run: CliRun, pattern: RegExp): void {
  expect(run.code, run.stdout).toBe(1)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
  expect(run.stderr).not.toMatch(/\n\s+at |node:internal/)
}

describe('conversation folders', () => {
  it('alone in the data folder: detected, listed by the dry run, migrated, verified, exported equal, retired', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    const original = copyOf(dir)
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('legacy')

    const before = snapshotTree(dir)
    const dry = cliJson(['migrate', '--dry-run', '--data-dir', dir])
    expect(dry.run.code, dry.run.stderr).toBe(0)
    const plan = dry.json['plan'] as { files: string[] }
    expect(plan.files).toEqual(conversationFolderFiles(original))
    expect(plan.files).toContain('conversations/c-plain.json')
    expect(plan.files).toContain('sessions/ws-empty.json')
    expect(plan.files.some((f) => f.endsWith('.txt') || f.endsWith('.md') || f.endsWith('.bak'))).toBe(false)
    // The run's own count: 12 conversations are in the files, 3 of them are set aside.
    expect(dry.json['counts']).toMatchObject({ conversations: 9, conversation_files: 12 })
    expect(snapshotTree(dir)).toEqual(before)

    const result = migrate(dir)
    expect(result['counts']).toMatchObject({ conversations: 9 })
    verifies(dir)
    exportEquals(dir, original)
    expectRetired(dir, original)

    const report = latestReport(dir)
    expect(report.conversationFolders).toEqual([
      { folder: 'conversations', files: 7, conversations: 5, messages: 9 },
      { folder: 'sessions', files: 5, conversations: 4, messages: 6 }
    ])
    const reasons = report.quarantined.map((q) => `${q.file} ${q.jsonPath}: ${q.reason}`)
    expect(reasons).toEqual(
      expect.arrayContaining([
        'conversations/c-no-id.json $: missing id',
        'conversations/c-not-an-object.json $: a conversation must be an object, found an array',
        'sessions/ws-array.json $[1]: duplicate id "shared-id" (first seen at conversations/dup-first.json $)',
        'sessions/ws-array.json $[2].messages[1]: a message must be an object, found a number',
        expect.stringMatching(/^sessions\/ws-no-list\.json \$: expected .*kept as it is$/)
      ])
    )
    const text = readFileSync(join(dir, 'backup_before_migration', report.backupId!, 'report.txt'), 'utf8')
    expect(text).toContain('of which from conversations/: 5 conversations, 9 messages (7 files)')
    expect(text).toContain('of which from sessions/: 4 conversations, 6 messages (5 files)')

    // The backup holds encrypted copies at the same relative paths, listed in the manifest with the size and
    // checksum of each original.
    const backup = join(dir, 'backup_before_migration', report.backupId!)
    const manifest = JSON.parse(readFileSync(join(backup, 'manifest.json'), 'utf8')) as {
      files: { name: string; size: number; sha256: string }[]
    }
    expect(manifest.files.map((f) => f.name)).toEqual(conversationFolderFiles(original))
    for (const entry of manifest.files) {
      const bytes = readFileSync(join(original, entry.name))
      expect({ size: entry.size, sha256: entry.sha256 }, entry.name).toEqual({
        size: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex')
      })
      expect(existsSync(join(backup, `${entry.name}.enc`)), entry.name).toBe(true)
      expect(existsSync(join(backup, entry.name)), entry.name).toBe(false)
    }
  })

  for (const [parser, env] of [
    ['parsed on the writing thread', {}],
    ['conversations.json parsed in a worker thread', { PERSONAL_AGENT_PARSE_WORKER_MIN_BYTES: '0' }]
  ] as const) {
    it(`next to conversations.json (${parser}): zero loss, duplicates quarantined, rollback byte for byte`, () => {
      const dir = tempDir()
      writeSampleFolder(dir, {
        seed: 31,
        conversations: 30,
        messagesPerConversation: 5,
        nasty: true,
        mcpShape: 'map',
        conversationsShape: 'object'
      })
      const main = JSON.parse(
        readFileSync(join(dir, 'conversations.json'), 'utf8').replace(/^\ufeff/, '')
      ) as {
        conversations: { id: string }[]
      }
      const taken = main.conversations[3]!.id
      writeConversationFolders(dir, taken)
      const original = copyOf(dir)

      migrate(dir, env)
      verifies(dir)
      exportEquals(dir, original)
      expectRetired(dir, original)
      expect(existsSync(join(dir, 'conversations.json'))).toBe(false)
      const reasons = latestReport(dir).quarantined.map((q) => `${q.file} ${q.jsonPath}: ${q.reason}`)
      expect(reasons).toContain(
        `conversations/dup-first.json $: duplicate id "${taken}" (first seen at conversations.json $.conversations[3])`
      )
      expect(reasons).toContain(
        `sessions/ws-array.json $[1]: duplicate id "${taken}" (first seen at conversations.json $.conversations[3])`
      )

      const rollback = cli(['rollback', '--yes', '--data-dir', dir])
      expect(rollback.code, rollback.stderr).toBe(0)
      expectRestored(dir, original)
      expect(legacyDifferences(original, dir)).toEqual([])

      // Migrating again after the rollback loses nothing either.
      migrate(dir, env)
      verifies(dir)
      exportEquals(dir, original)
    })
  }

  it('a rollback that keeps records created since writes the folders back and removes the markers', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    const original = copyOf(dir)
    migrate(dir)
    const db = openDatabase(join(dir, 'personal-agent.db'))
    const created = new SqliteConversations(db).create({ title: 'after the upgrade' })
    db.close()

    const { run, json } = cliJson(['rollback', '--yes', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    expect(json['kept_new_records']).toBe(true)
    for (const folder of ['conversations', 'sessions'])
      expect(readdirSync(join(dir, folder)).filter((n) => n.endsWith('.migrated'))).toEqual([])
    // The folders come back JSON-equal; the new conversation lands in conversations.json.
    const folders = tempDir()
    const live = tempDir()
    for (const file of conversationFolderFiles(original)) {
      mkdirSync(join(folders, file, '..'), { recursive: true })
      mkdirSync(join(live, file, '..'), { recursive: true })
      writeFileSync(join(folders, file), readFileSync(join(original, file)))
      writeFileSync(join(live, file), readFileSync(join(dir, file)))
    }
    expect(legacyDifferences(folders, live)).toEqual([])
    const restored = JSON.parse(readFileSync(join(dir, 'conversations.json'), 'utf8')) as {
      conversations: { id: string }[]
    }
    expect(restored.conversations.map((c) => c.id)).toEqual([created.id])
  })

  it('conversations deleted or renamed in the app after the migration verify as user changes and export as such', async () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    migrate(dir)
    const db = openDatabase(join(dir, 'personal-agent.db'))
    const conversations = new SqliteConversations(db)
    await conversations.delete('c-plain')
    await conversations.delete('s-3')
    conversations.rename('s-1', 'renamed in the app')
    db.close()

    const verify = cli(['verify', '--data-dir', dir])
    expect(verify.code, verify.stdout).toBe(0)
    expect(verify.stdout).toMatch(/^Verified: .*; 3 changed by you since\.$/m)
    const out = tempDir('pa-folders-export-')
    expect(cli(['export', '--out', out, '--data-dir', dir]).code).toBe(0)
    // A one-conversation file whose conversation is gone is not written; a workspace file loses just that one.
    expect(existsSync(join(out, 'conversations', 'c-plain.json'))).toBe(false)
    expect(existsSync(join(out, 'conversations.json'))).toBe(false)
    const workspace = JSON.parse(readFileSync(join(out, 'sessions', 'ws-object.json'), 'utf8')) as {
      workspace: string
      conversations: { id: string }[]
    }
    expect(workspace.workspace).toBe('/home/me/project')
    expect(workspace.conversations.map((c) => c.id)).toEqual(['s-4'])
    const list = JSON.parse(readFileSync(join(out, 'sessions', 'ws-array.json'), 'utf8')) as {
      id: string
      title: string
    }[]
    expect(list.map((c) => [c.id, c.title])).toEqual([
      ['s-1', 'renamed in the app'],
      ['shared-id', 'the same id again'],
      ['s-2', 'Conversation s-2']
    ])
  })

  it('one file that is not JSON stops the run in preflight, naming it with line and column; nothing changes', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    writeFileSync(
      join(dir, 'conversations', 'broken.json'),
      '{\n  "id": "broken",\n  "title": ,\n  "messages": []\n}\n'
    )
    const before = snapshotTree(dir)
    const run = cli(['migrate', '--data-dir', dir])
    // Named in the data folder (not in a backup copy): the check runs before anything is copied.
    expectOneLineError(
      run,
      /^personal-agent: (\S+) is not valid JSON \(line 3, column 12: Unexpected token ','\)\./
    )
    expect(run.stderr).toContain(`${join(dir, 'conversations', 'broken.json')} is not valid JSON`)
    expect(run.stderr).toMatch(
      /Repair the file, or migrate every complete record and set the damaged part aside instead: run "personal-agent migrate --salvage" \(in the app: "Migrate what can be read"\)\. Nothing was changed\.$/m
    )
    expect(snapshotTree(dir)).toEqual(before)
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('legacy')
  })

  it('a bad record deep inside a sessions file is found before anything is written', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    writeFileSync(
      join(dir, 'sessions', 'ws-bad.json'),
      '[{"id": "a", "messages": []},\n {"id": "b", "pinned": tru}]'
    )
    const before = snapshotTree(dir)
    const run = cli(['migrate', '--data-dir', dir])
    expectOneLineError(run, /is not valid JSON \(line 2, column 27: Unexpected token '\}'\)/)
    expect(run.stderr).toContain(`personal-agent: ${join(dir, 'sessions', 'ws-bad.json')} is not valid JSON`)
    expect(snapshotTree(dir)).toEqual(before)
  })

  it('a folder named like a file, or bytes that are not UTF-8, are refused in preflight with the fix', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    mkdirSync(join(dir, 'conversations', 'folder.json'))
    let before = snapshotTree(dir)
    expectOneLineError(
      cli(['migrate', '--data-dir', dir]),
      /conversations\/folder\.json is not a regular file\. Move it out of the data folder/
    )
    expect(snapshotTree(dir)).toEqual(before)

    const other = tempDir()
    writeConversationFolders(other)
    writeFileSync(join(other, 'sessions', 'latin1.json'), Buffer.from('[{"id": "caf\xe9"}]', 'latin1'))
    before = snapshotTree(other)
    expectOneLineError(
      cli(['migrate', '--data-dir', other]),
      /sessions\/latin1\.json is not valid UTF-8 text\. Save it as UTF-8/
    )
    expect(snapshotTree(other)).toEqual(before)
  })

  for (const [how, env] of [
    ['verification fails', { ...HOOKS, PERSONAL_AGENT_FAULT: 'verify' }],
    ['the run fails just before its commit', { ...HOOKS, PERSONAL_AGENT_FAULT: 'before-commit' }],
    ['the run is killed just before its commit', { ...HOOKS, PERSONAL_AGENT_KILL_AT: 'before-commit' }],
    ['the run is killed while verifying', { ...HOOKS, PERSONAL_AGENT_KILL_AT: 'verify' }]
  ] as const) {
    it(`no source file is modified or renamed before verification: ${how}`, () => {
      const dir = tempDir()
      writeConversationFolders(dir)
      const original = copyOf(dir)
      const before = folderSnapshot(dir)
      const run = cli(['migrate', '--data-dir', dir], env)
      if ('PERSONAL_AGENT_KILL_AT' in env) expect(run.signal).toBe('SIGKILL')
      else expectOneLineError(run, /injected fault/)
      expect(folderSnapshot(dir)).toEqual(before)
      expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
      // The next run starts again and finishes.
      migrate(dir)
      verifies(dir)
      exportEquals(dir, original)
      expectRetired(dir, original)
    })
  }

  it('a run killed while retiring resumes on the next migrate and finishes retiring', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    const original = copyOf(dir)
    const killed = cli(['migrate', '--data-dir', dir], { ...HOOKS, PERSONAL_AGENT_KILL_AT: 'mid-retire' })
    expect(killed.signal).toBe('SIGKILL')
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('interrupted')
    const files = conversationFolderFiles(original)
    const retired = files.filter((f) => existsSync(join(dir, `${f}.migrated`)))
    expect(retired).toHaveLength(1)
    expect(conversationFolderFiles(dir)).toHaveLength(files.length - 1)

    const resumed = migrate(dir)
    expect(resumed['warnings']).toEqual([
      'This migration was interrupted after its database was verified; it was finished on the next run.'
    ])
    expectRetired(dir, original)
    verifies(dir)
    exportEquals(dir, original)
    expect(latestReport(dir).conversationFolders).toEqual([
      { folder: 'conversations', files: 7, conversations: 5, messages: 9 },
      { folder: 'sessions', files: 5, conversations: 4, messages: 6 }
    ])
    expect(cli(['rollback', '--yes', '--data-dir', dir]).code).toBe(0)
    expectRestored(dir, original)
  })

  it('a file changed after the backup is left in place, with a warning in the report', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    const killed = cli(['migrate', '--data-dir', dir], { ...HOOKS, PERSONAL_AGENT_KILL_AT: 'after-commit' })
    expect(killed.signal).toBe('SIGKILL')
    const changed = join(dir, 'sessions', 'ws-object.json')
    writeFileSync(changed, JSON.stringify({ conversations: [conversation('written-by-the-old-app')] }))
    const resumed = migrate(dir)
    expect(resumed['warnings']).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^sessions\/ws-object\.json changed after the backup was taken/)
      ])
    )
    expect(readFileSync(changed, 'utf8')).toContain('written-by-the-old-app')
    expect(existsSync(`${changed}.migrated`)).toBe(false)
    expect(existsSync(join(dir, 'sessions', 'ws-array.json.migrated'))).toBe(true)
  })

  it('follows a link inside the data folder and refuses a folder linked from outside it', () => {
    const dir = tempDir()
    writeConversationFolders(dir)
    mkdirSync(join(dir, 'archive'))
    writeFileSync(join(dir, 'archive', 'kept.json'), JSON.stringify(conversation('through-a-link')))
    symlinkSync(join('..', 'archive', 'kept.json'), join(dir, 'conversations', 'linked.json'))
    const original = copyOf(dir)
    migrate(dir)
    exportEquals(dir, original)
    verifies(dir)

    const outside = tempDir()
    writeConversationFolders(outside)
    const linked = tempDir()
    symlinkSync(join(outside, 'sessions'), join(linked, 'sessions'))
    const before = snapshotTree(outside)
    expectOneLineError(
      cli(['migrate', '--data-dir', linked]),
      /sessions\/ws-array\.json is reached through a linked folder, at .*, outside the data folder\. Copy the file into the data folder/
    )
    expect(snapshotTree(outside)).toEqual(before)
  })

  it(`a store from before schema v3 exports as it is and upgrades cleanly to v${LATEST_SCHEMA_VERSION}`, () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 32,
      conversations: 12,
      messagesPerConversation: 4,
      nasty: true,
      mcpShape: 'list',
      conversationsShape: 'array'
    })
    const original = copyOf(dir)
    migrate(dir)
    const down = cli(['schema', 'downgrade', '--target', '2', '--data-dir', dir])
    expect(down.code, down.stderr).toBe(0)
    exportEquals(dir, original)
    verifies(dir)
    const up = cliJson(['schema', 'upgrade', '--data-dir', dir])
    expect(up.json).toMatchObject({ fromVersion: 2, toVersion: LATEST_SCHEMA_VERSION })
    verifies(dir)
    exportEquals(dir, original)
    const db = openDatabase(join(dir, 'personal-agent.db'), { readonly: true })
    try {
      expect(
        db.prepare('SELECT COUNT(*) AS n FROM conversations WHERE source_file IS NOT NULL').get()
      ).toEqual({ n: 0 })
    } finally {
      db.close()
    }
  })
})
