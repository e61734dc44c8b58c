// The notes-folder import through the real CLI: every format of the sample folder (with its nasty cases) lands as
// knowledge items with their fields and times, bad parts are set aside verbatim, re-runs add nothing, incremental
// runs read only new and changed files, a run rolls back exactly, links out of the folder are never followed, and
// the source folder is never changed.
import { appendFileSync, cpSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

import { cli, cliJson } from './support/cli'
import { snapshotTree, tempDir } from './support/folders'
import { withDb } from './support/store-query'

const SAMPLE = resolve(__dirname, 'fixtures', 'notes')

interface ImportJson {
  runId: string | null
  counts: Record<string, number>
  files: { total: number; unchanged: number; byFormat: Record<string, number> }
  quarantined: { file: string; key: string; reason: string }[]
  skipped: { rel: string; reason: string; message: string }[]
  warnings: string[]
  integrity: { name: string; status: string }[]
}

interface Note {
  title: string
  content: string
  format: string
  url: string | null
  type: string | null
  category: string | null
  tags: string
  metadata: string
  created_at: string | null
  source_path: string
  source_key: string
  content_hash: string
}

function copySample(): string {
  const dir = join(tempDir('pa-notes-'), 'notes')
  cpSync(SAMPLE, dir, { recursive: true })
  return dir
}

function notes(dataDir: string): Note[] {
  return withDb(
    dataDir,
    (db) => db.prepare('SELECT * FROM knowledge_items ORDER BY source_path, source_key').all() as Note[]
  )
}

function note(all: Note[], title: string): Note {
  const found = all.find((n) => n.title === title)
  if (!found) throw new Error(`no note titled ${title}: ${all.map((n) => n.title).join(' | ')}`)
  return found
}

function importDir(dir: string, dataDir: string, ...flags: string[]): ImportJson {
  const { run, json } = cliJson<ImportJson>(['import', dir, '--data-dir', dataDir, ...flags])
  expect(run.stderr).not.toMatch(/at .*\.ts:\d+/)
  return json
}

describe('personal-agent import DIR', () => {
  it('imports every format of the sample folder, sets bad parts aside verbatim, and leaves the folder as it was', () => {
    const dir = copySample()
    const before = snapshotTree(dir)
    const dataDir = join(tempDir(), 'data')
    const report = importDir(dir, dataDir, '--workers', '2')
    expect(report.files.byFormat).toEqual({ json: 4, markdown: 4, text: 3, csv: 2 })
    expect(report.counts).toMatchObject({ created: 14, quarantined: 6, skipped: 0 })
    expect(report.integrity.map((c) => c.status)).toEqual(['passed', 'passed', 'passed'])
    expect(snapshotTree(dir)).toEqual(before)

    const all = notes(dataDir)
    expect(all).toHaveLength(14)
    const lisbon = note(all, 'Lisbon trip, March 2024')
    expect(lisbon).toMatchObject({
      format: 'markdown',
      category: 'journal',
      url: 'https://example.org/albums/lisbon'
    })
    expect(lisbon.created_at).toBe('2024-03-18T09:30:00Z')
    expect(JSON.parse(lisbon.tags)).toEqual(['travel', 'portugal', 'food & drink'])
    expect(JSON.parse(lisbon.metadata)).toEqual({
      source_fields: { mood: 'sunny', people: ['Ana', 'Tomás'] }
    })
    expect(lisbon.content).toContain('Took the **28 tram** up to Graça') // Markdown kept as Markdown
    expect(lisbon.content.startsWith('# Lisbon trip')).toBe(true)

    expect(note(all, 'Windows note: CRLF and BOM')).toMatchObject({ category: 'work' })
    expect(note(all, 'Windows note: CRLF and BOM').content).toBe('Line one\r\nLine two with a café\r\n')
    // No front matter and no heading: the file name is the title; the file's time is the note's time.
    expect(note(all, 'untitled-thoughts').created_at).toMatch(/^\d{4}-\d\d-\d\dT/)
    // Front matter that never closes: the whole file is the body, nothing lost.
    expect(note(all, 'broken-front-matter').content).toContain('title: Draft with a broken header')

    const shakshuka = note(all, 'Shakshuka')
    expect(shakshuka).toMatchObject({ type: 'recipe', category: 'cooking', source_key: 'id:rec-001' })
    expect(JSON.parse(shakshuka.metadata)).toEqual({
      serves: 2,
      minutes: 25,
      source_fields: { source_book: 'Jerusalem' }
    })
    expect(note(all, 'Caldo verde').created_at).toBe('2023-11-08T08:00:00.000Z')
    expect(JSON.parse(note(all, 'Caldo verde').tags)).toEqual(['soup', 'portuguese'])
    const checklist = note(all, 'Migration checklist')
    expect(JSON.parse(checklist.content)).toEqual({ steps: ['back up', 'migrate', 'verify'] })
    expect(note(all, 'Shakshuka (second copy with the same id)').source_key).toBe('#5')
    expect(note(all, 'Sourdough starter').content).toContain('🍞')

    const ddia = note(all, 'Designing Data-Intensive Applications')
    expect(ddia.content).toBe(
      'Chapter 3 on storage engines: LSM trees vs B-trees, "write amplification" explained.'
    )
    expect(JSON.parse(ddia.tags)).toEqual(['books', 'databases'])
    expect(JSON.parse(ddia.metadata)).toEqual({ source_fields: { author: 'Martin Kleppmann' } })
    expect(note(all, 'The Pragmatic Programmer').content).toBe(
      'Tips, with commas, and a\nline break inside the quoted field.'
    )
    expect(JSON.parse(note(all, 'The Pragmatic Programmer').metadata)).toEqual({
      source_fields: { author: 'Hunt, Thomas' }
    })
    expect(note(all, 'Windows CSV').content).toBe('CRLF endings')
    expect(note(all, 'git-cheatsheet')).toMatchObject({ format: 'text' })
    expect(all.some((n) => n.title === 'hidden' || n.source_path.includes('.hidden'))).toBe(false)

    // Set aside with their reasons and their exact text.
    expect(report.quarantined.map((q) => `${q.file} ${q.key}`).sort()).toEqual([
      'recipes/broken.json #file',
      'recipes/number.json #file',
      'recipes/recipes.json #2',
      'recipes/recipes.json #3',
      'reference/latin1.txt #file',
      'reference/reading-list.csv row:3'
    ])
    expect(report.quarantined.find((q) => q.file === 'recipes/broken.json')!.reason).toMatch(
      /invalid JSON at line 1, column 49/
    )
    const kept = withDb(dataDir, (db) =>
      db.prepare("SELECT source_key, raw FROM import_items WHERE action = 'quarantined' ORDER BY id").all()
    ) as { source_key: string; raw: string }[]
    expect(kept.find((k) => k.raw === '"a stray string that is not a note"')).toBeDefined()
    expect(
      kept.find((k) => k.raw === readFileSync(join(dir, 'recipes', 'broken.json'), 'utf8'))
    ).toBeDefined()
    const latin1 = kept.find((k) => k.raw.startsWith('base64:'))!
    expect(Buffer.from(latin1.raw.slice(7), 'base64')).toEqual(
      readFileSync(join(dir, 'reference', 'latin1.txt'))
    )
    expect(report.warnings.join('\n')).toMatch(/empty\.txt: empty file/)

    // Searchable at once: the full-text index follows the rows.
    const hits = withDb(dataDir, (db) =>
      db
        .prepare(
          "SELECT k.title FROM knowledge_fts f JOIN knowledge_items k ON k.id = f.rowid WHERE knowledge_fts MATCH 'nata'"
        )
        .all()
    )
    expect(hits).toEqual([{ title: 'Lisbon trip, March 2024' }])
  })

  it('adds nothing on a second run, reads only new and changed files with --incremental, and rolls back one run exactly', () => {
    const dir = copySample()
    const dataDir = join(tempDir(), 'data')
    const first = importDir(dir, dataDir)
    const again = importDir(dir, dataDir)
    expect(again.counts).toMatchObject({ created: 0, updated: 0, 'already-imported': 14 })
    expect(notes(dataDir)).toHaveLength(14)

    writeFileSync(
      join(dir, 'recipes', 'single-note.json'),
      '{ "title": "Sourdough starter", "content": "Feed 1:2:2 once a day." }'
    )
    appendFileSync(join(dir, 'reference', 'git-cheatsheet.txt'), 'git worktree add ../hotfix\n')
    mkdirSync(join(dir, 'new'))
    writeFileSync(join(dir, 'new', 'ideas.md'), '# Ideas\n\nA tool that imports everything.\n')
    writeFileSync(join(dir, 'journal', 'untitled-thoughts.md'), 'rewritten') // then removed below
    const check = cliJson<{
      newFiles: string[]
      changedFiles: string[]
      unchangedFiles: string[]
      removedFiles: string[]
    }>(['check-incremental', dir, '--data-dir', dataDir]).json
    expect(check.newFiles).toEqual(['new/ideas.md'])
    expect(check.changedFiles.sort()).toEqual([
      'journal/untitled-thoughts.md',
      'recipes/single-note.json',
      'reference/git-cheatsheet.txt'
    ])
    expect(check.unchangedFiles).toHaveLength(10)
    const before = notes(dataDir)

    const incremental = importDir(dir, dataDir, '--incremental')
    expect(incremental.files.unchanged).toBe(10)
    expect(incremental.counts).toMatchObject({ created: 1, updated: 3, 'already-imported': 0, unchanged: 10 })
    const after = notes(dataDir)
    expect(after).toHaveLength(15)
    expect(note(after, 'Sourdough starter').content).toBe('Feed 1:2:2 once a day.')
    expect(note(after, 'git-cheatsheet').content).toContain('git worktree add')

    const undone = cliJson<{ removed: Record<string, number>; restored: number }>([
      'rollback',
      '--run',
      incremental.runId!,
      '--data-dir',
      dataDir
    ]).json
    expect(undone).toMatchObject({ removed: { knowledge: 1 }, restored: 3 })
    expect(notes(dataDir)).toEqual(before)
    // Nothing builds on the first run any more: it can be undone too.
    const second = cli(['rollback', '--run', first.runId!, '--data-dir', dataDir, '--json'])
    expect(second.code).toBe(0)
    expect(notes(dataDir)).toHaveLength(0)
    const runs = cliJson<{ runs: { id: string; status: string }[] }>(['imports', '--data-dir', dataDir]).json
      .runs
    expect(runs.map((r) => r.status)).toEqual(['rolled-back', 'completed', 'rolled-back'])
  })

  it('never follows a link out of the folder, reads a linked file once, and survives a link loop', () => {
    const dir = copySample()
    const outside = join(tempDir(), 'private.md')
    writeFileSync(outside, '# Private\n\nnot for import')
    symlinkSync(outside, join(dir, 'journal', 'escape.md'))
    symlinkSync(join(dir, 'reference'), join(dir, 'reference', 'loop'))
    symlinkSync(join(dir, 'recipes', 'single-note.json'), join(dir, 'also-single.json'))
    symlinkSync(join(dir, 'nowhere.md'), join(dir, 'dangling.md'))
    const dataDir = join(tempDir(), 'data')
    const report = importDir(dir, dataDir)
    expect(report.skipped.map((s) => [s.rel, s.reason]).sort()).toEqual([
      ['dangling.md', 'broken-link'],
      ['journal/escape.md', 'outside-link']
    ])
    expect(report.skipped.find((s) => s.reason === 'outside-link')!.message).toMatch(
      /points outside the folder.*never followed/
    )
    const all = notes(dataDir)
    expect(all.some((n) => n.content.includes('not for import'))).toBe(false)
    expect(all.filter((n) => n.title === 'Sourdough starter')).toHaveLength(1)
    expect(all).toHaveLength(14)
  })

  it('refuses files over the size limit unless asked to skip them, and a dry run writes nothing', () => {
    const dir = copySample()
    const dataDir = join(tempDir(), 'data')
    const refused = cli(['import', dir, '--data-dir', dataDir, '--max-file-size', '400'])
    expect(refused.code).toBe(1)
    expect(refused.stderr.trim().split('\n')).toHaveLength(1)
    expect(refused.stderr).toMatch(
      /2 files are over the size limit: recipes\/recipes\.json: 881 bytes.*--skip-large-files/
    )
    expect(withDb(dataDir, (db) => db.prepare('SELECT COUNT(*) AS n FROM import_runs').get())).toEqual({
      n: 0
    })

    const dry = importDir(dir, dataDir, '--dry-run')
    expect(dry.runId).toBeNull()
    expect(dry.counts).toMatchObject({ created: 14, quarantined: 6 })
    expect(
      withDb(dataDir, (db) =>
        db
          .prepare('SELECT (SELECT COUNT(*) FROM import_runs) + (SELECT COUNT(*) FROM knowledge_items) AS n')
          .get()
      )
    ).toEqual({ n: 0 })

    const skipping = importDir(dir, dataDir, '--max-file-size', '400', '--skip-large-files')
    expect(skipping.skipped.map((s) => s.rel).sort()).toEqual([
      'recipes/recipes.json',
      'reference/reading-list.csv'
    ])
    expect(skipping.counts.skipped).toBe(2)
    expect(notes(dataDir).some((n) => n.title === 'Shakshuka')).toBe(false)
  })

  it('gives the same notes with one parsing thread as with several', () => {
    const dir = copySample()
    const one = join(tempDir(), 'data')
    const three = join(tempDir(), 'data')
    importDir(dir, one, '--workers', '1', '--batch-size', '1')
    importDir(dir, three, '--workers', '3')
    const shape = (all: Note[]): string[] =>
      all.map((n) => `${n.source_path}#${n.source_key}:${n.content_hash}`)
    expect(shape(notes(three))).toEqual(shape(notes(one)))
  })
})

describe('analyze, validate and check-incremental', () => {
  it('report counts by format, sizes and problems, write the validation report, and change nothing', () => {
    const dir = copySample()
    const before = snapshotTree(dir)
    const dataDir = join(tempDir(), 'data')
    const analysis = cliJson<{
      files: { total: number; byFormat: Record<string, number>; totalBytes: number }
      notes: number
      problems: string[]
      estimatedImportMs: number
    }>(['analyze', dir])
    expect(analysis.run.code).toBe(0)
    expect(analysis.json.files.byFormat).toEqual({ json: 4, markdown: 4, text: 3, csv: 2 })
    expect(analysis.json.notes).toBe(14)
    expect(analysis.json.problems).toHaveLength(6)
    expect(analysis.json.estimatedImportMs).toBeGreaterThan(0)

    const output = join(tempDir(), 'report.json')
    const validation = cli(['validate', dir, '--output', output])
    expect(validation.code).toBe(1)
    expect(validation.stdout).toMatch(/Problems \(6\):/)
    const written = JSON.parse(readFileSync(output, 'utf8')) as { ok: boolean; problems: string[] }
    expect(written.ok).toBe(false)
    expect(written.problems.join('\n')).toMatch(/reading-list\.csv: line 5 has 2 fields, the header has 6/)

    const clean = join(tempDir(), 'clean')
    mkdirSync(clean)
    writeFileSync(join(clean, 'a.md'), '# A\n\nfine')
    expect(cli(['validate', clean]).code).toBe(0)
    expect(cli(['import', join(dir, 'no-such-folder'), '--data-dir', dataDir]).stderr).toMatch(
      /^personal-agent: .*no-such-folder is not a folder that can be read\. Pass the folder that holds your notes\.\n$/
    )
    expect(cli(['import', dir, '--workers', 'many', '--data-dir', dataDir]).stderr).toMatch(
      /--workers needs a whole number/
    )
    expect(snapshotTree(dir)).toEqual(before)
  })
})
