// `personal-agent import DIR`: a folder of notes into knowledge items. The files are listed (links out of the folder
// never followed), parsed on worker threads, and written by one writer in batches; each file lands whole in one
// transaction with its run records, and a transaction commits after ~40 ms so other writers wait little
// (store/sqlite/bounded-writes.ts). The database is backed up first, integrity is checked after, and the run can be rolled back.
import { UserError } from '../../../shared/errors'
import { writeBounded } from '../../store/sqlite/bounded-writes'
import { backupBeforeImport, type ImportBackup } from '../import-backup'
import { runIntegrityChecks, type IntegrityCheck } from '../import-integrity'
import type { OnImportProgress } from '../import-progress'
import { emptyCounts, ImportRun, type ActionCounts } from '../import-run'
import type { ImportStore } from '../import-store'
import { findMapping, saveMapping } from '../legacy-id-map'
import { resolveOptions, type FolderOptions } from './folder-options'
import { plannedAction, writeNote, type NotePlace } from './knowledge-writer'
import { listNoteFiles, type FolderListing, type NoteFile, type SkippedEntry } from './note-files'
import type { NoteFormat, NoteItem, QuarantinedPart } from './note-item'
import { parseFiles } from './parse-pool'
import { fileSha256 } from './read-note-file'

export interface FolderImportReport {
  runId: string | null
  dryRun: boolean
  folder: string
  files: { total: number; byFormat: Record<NoteFormat, number>; unchanged: number; otherFiles: number }
  /** Notes by what became of them; `unchanged` counts the files an incremental run did not read again, `skipped`
   * the files left out (see `skipped`). */
  counts: ActionCounts
  quarantined: { file: string; key: string; reason: string }[]
  skipped: SkippedEntry[]
  warnings: string[]
  integrity: IntegrityCheck[]
  backups: ImportBackup[]
  durationMs: number
}

export function folderSource(root: string): string {
  return `folder:${root}`
}

/** Refuses, before anything is written, a run that would leave files out without being asked to. */
function refuseLargeFiles(listing: FolderListing, skipLargeFiles: boolean): void {
  const large = listing.skipped.filter((entry) => entry.reason === 'too-large')
  if (large.length === 0 || skipLargeFiles) return
  const shown = large.slice(0, 3).map((entry) => entry.message)
  throw new UserError(
    'INVALID_INPUT',
    `${large.length} file${large.length === 1 ? ' is' : 's are'} over the size limit: ${shown.join('; ')}${large.length > 3 ? '; …' : ''}. Nothing was imported. Run again with --skip-large-files to import the rest, or raise --max-file-size.`
  )
}

function byFormat(files: readonly NoteFile[]): Record<NoteFormat, number> {
  const counts: Record<NoteFormat, number> = { json: 0, markdown: 0, text: 0, csv: 0 }
  for (const file of files) counts[file.format] += 1
  return counts
}

interface PendingFile {
  file: NoteFile
  hash: string
  items: NoteItem[]
  quarantined: QuarantinedPart[]
}

/** A quarantined part as its run records it: the file, the part's place in it, and its text as read. */
function quarantinedItem(
  p: PendingFile,
  part: QuarantinedPart
): { sourcePath: string; sourceKey: string; raw: string } {
  return { sourcePath: p.file.path, sourceKey: part.key, raw: part.raw }
}

export async function importFolder(
  store: ImportStore,
  dir: string,
  options: FolderOptions = {},
  onProgress?: OnImportProgress
): Promise<FolderImportReport> {
  const started = Date.now()
  const opts = resolveOptions(options)
  const listing = listNoteFiles(dir, opts.maxFileSize)
  refuseLargeFiles(listing, opts.skipLargeFiles)
  const { db } = store
  const source = folderSource(listing.root)
  const report: FolderImportReport = {
    runId: null,
    dryRun: opts.dryRun,
    folder: listing.root,
    files: {
      total: listing.files.length,
      byFormat: byFormat(listing.files),
      unchanged: 0,
      otherFiles: listing.otherFiles
    },
    counts: emptyCounts(),
    quarantined: [],
    skipped: listing.skipped,
    warnings: [],
    integrity: [],
    backups: [],
    durationMs: 0
  }

  // An incremental run skips files whose bytes are what the last run read.
  const toParse: NoteFile[] = []
  const unchanged: { file: NoteFile; hash: string }[] = []
  for (const file of listing.files) {
    if (!opts.incremental) {
      toParse.push(file)
      continue
    }
    const hash = fileSha256(file.real)
    const known = findMapping(db, source, `file:${file.rel}`, 'file')
    if (hash !== null && known?.contentHash === hash) unchanged.push({ file, hash })
    else toParse.push(file)
  }
  report.files.unchanged = unchanged.length

  const run = opts.dryRun ? null : ImportRun.start(db, store.secrets, 'folder', listing.root, { ...opts })
  report.runId = run?.id ?? null
  const progress = (done: number, message: string): void =>
    onProgress?.({ phase: 'import', done, total: listing.files.length, message })
  try {
    if (run) report.backups = await backupBeforeImport(store, run.id, null)
    if (run) {
      await writeBounded(db, unchanged, ({ file, hash }) =>
        run.record({
          sourcePath: file.path,
          contentHash: hash,
          action: 'unchanged',
          message: 'file unchanged since the last import'
        })
      )
      await writeBounded(db, listing.skipped, (entry) =>
        run.record({ sourcePath: entry.rel, action: 'skipped', message: entry.message })
      )
    }
    report.counts.skipped += listing.skipped.length
    report.counts.unchanged += unchanged.length
    let done = unchanged.length
    progress(done, unchanged.length > 0 ? `${unchanged.length} files unchanged` : 'Reading files')

    let batch: PendingFile[] = []
    let batchItems = 0
    const flush = async (): Promise<void> => {
      const pending = batch
      batch = []
      batchItems = 0
      if (run) {
        await run.prepareQuarantined(
          pending.flatMap((p) => p.quarantined.map((part) => quarantinedItem(p, part)))
        )
        await writeBounded(db, pending, (p) => writeFile(p, run))
      } else pending.forEach((p) => planFile(p))
    }
    const place = (file: NoteFile): NotePlace => ({
      source,
      path: file.path,
      rel: file.rel,
      format: file.format
    })
    const writeFile = (p: PendingFile, current: ImportRun): void => {
      for (const item of p.items) report.counts[writeNote(db, current, item, place(p.file))] += 1
      for (const part of p.quarantined) {
        current.record({ ...quarantinedItem(p, part), action: 'quarantined', message: part.reason })
        report.counts.quarantined += 1
      }
      saveMapping(db, {
        source,
        legacyId: `file:${p.file.rel}`,
        targetKind: 'file',
        targetUid: p.file.rel,
        contentHash: p.hash,
        runId: current.id
      })
    }
    const planFile = (p: PendingFile): void => {
      for (const item of p.items) report.counts[plannedAction(db, item, place(p.file))] += 1
      report.counts.quarantined += p.quarantined.length
    }

    for await (const [file, result] of parseFiles(toParse, opts.workers)) {
      done += 1
      if (result.error !== null) {
        report.skipped.push({ rel: file.rel, reason: 'unreadable', message: result.error })
        report.counts.skipped += 1
        run?.record({ sourcePath: file.path, action: 'skipped', message: result.error })
      } else {
        report.warnings.push(...result.parsed.warnings)
        for (const part of result.parsed.quarantined)
          report.quarantined.push({ file: file.rel, key: part.key, reason: part.reason })
        batch.push({
          file,
          hash: result.fileHash,
          items: result.parsed.items,
          quarantined: result.parsed.quarantined
        })
        batchItems += result.parsed.items.length + result.parsed.quarantined.length
        if (batchItems >= opts.batchSize) await flush()
      }
      progress(done, file.rel)
    }
    await flush()
    if (run) {
      report.integrity = runIntegrityChecks(db, run.id)
      report.durationMs = Date.now() - started
      run.finish(report)
    }
  } catch (error) {
    run?.fail(error instanceof Error ? error.message : String(error))
    throw error
  }
  report.durationMs = Date.now() - started
  return report
}
