// `analyze` and `validate`: every check of an import (the listing, each file parsed, each note read) without
// writing anything, with counts by format, sizes, the largest files, the problems, and an estimated import time;
// and `check-incremental`: which files an incremental import would read again.
import { existsSync } from 'node:fs'
import { dataPaths } from '../../base/data-paths'
import { openDatabase } from '../../store/sqlite/database'
import { mappingsOfSource } from '../legacy-id-map'
import { folderSource } from './folder-import'
import { resolveOptions, type FolderOptions } from './folder-options'
import { listNoteFiles, type SkippedEntry } from './note-files'
import type { NoteFormat } from './note-item'
import { parseFiles } from './parse-pool'
import { fileSha256 } from './read-note-file'

/** Writing a note (with its index entries and run records) costs about this much, measured on a laptop. */
const WRITE_MS_PER_NOTE = 0.15

export interface FolderAnalysis {
  folder: string
  files: {
    total: number
    byFormat: Record<NoteFormat, number>
    bytesByFormat: Record<NoteFormat, number>
    totalBytes: number
    otherFiles: number
  }
  largest: { file: string; bytes: number }[]
  notes: number
  quarantined: { file: string; key: string; reason: string }[]
  skipped: SkippedEntry[]
  warnings: string[]
  /** One line each: what an import would skip or set aside. */
  problems: string[]
  parseMs: number
  /** A rough estimate: the parse time measured here plus the writes. */
  estimatedImportMs: number
}

export async function inspectFolder(dir: string, options: FolderOptions = {}): Promise<FolderAnalysis> {
  const opts = resolveOptions(options)
  const listing = listNoteFiles(dir, opts.maxFileSize)
  const zero = (): Record<NoteFormat, number> => ({ json: 0, markdown: 0, text: 0, csv: 0 })
  const analysis: FolderAnalysis = {
    folder: listing.root,
    files: {
      total: listing.files.length,
      byFormat: zero(),
      bytesByFormat: zero(),
      totalBytes: 0,
      otherFiles: listing.otherFiles
    },
    largest: [...listing.files]
      .sort((a, b) => b.size - a.size)
      .slice(0, 5)
      .map((file) => ({ file: file.rel, bytes: file.size })),
    notes: 0,
    quarantined: [],
    skipped: [...listing.skipped],
    warnings: [],
    problems: [],
    parseMs: 0,
    estimatedImportMs: 0
  }
  for (const file of listing.files) {
    analysis.files.byFormat[file.format] += 1
    analysis.files.bytesByFormat[file.format] += file.size
    analysis.files.totalBytes += file.size
  }
  const started = Date.now()
  for await (const [file, result] of parseFiles(listing.files, opts.workers)) {
    if (result.error !== null) {
      analysis.skipped.push({ rel: file.rel, reason: 'unreadable', message: result.error })
      continue
    }
    analysis.notes += result.parsed.items.length
    analysis.warnings.push(...result.parsed.warnings)
    for (const part of result.parsed.quarantined)
      analysis.quarantined.push({ file: file.rel, key: part.key, reason: part.reason })
  }
  analysis.parseMs = Date.now() - started
  analysis.estimatedImportMs = Math.round(analysis.parseMs + analysis.notes * WRITE_MS_PER_NOTE)
  analysis.problems = [
    ...analysis.skipped.map((entry) => entry.message),
    ...analysis.quarantined.map((part) => part.reason)
  ]
  return analysis
}

export interface IncrementalCheck {
  folder: string
  newFiles: string[]
  changedFiles: string[]
  unchangedFiles: string[]
  /** Files imported before that are no longer in the folder (their notes stay). */
  removedFiles: string[]
}

/** Reads the store without changing it (nothing is created when the folder has no store yet). */
export function checkIncremental(
  dataDir: string,
  dir: string,
  options: FolderOptions = {}
): IncrementalCheck {
  const listing = listNoteFiles(dir, resolveOptions(options).maxFileSize)
  const known = new Map<string, string | null>()
  const dbPath = dataPaths(dataDir).db
  if (existsSync(dbPath)) {
    const db = openDatabase(dbPath, { readonly: true, withoutVec: true })
    try {
      const hasMap =
        db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'legacy_id_map'").get() !== undefined
      if (hasMap)
        for (const mapping of mappingsOfSource(db, folderSource(listing.root)))
          if (mapping.targetKind === 'file') known.set(mapping.targetUid, mapping.contentHash)
    } finally {
      db.close()
    }
  }
  const check: IncrementalCheck = {
    folder: listing.root,
    newFiles: [],
    changedFiles: [],
    unchangedFiles: [],
    removedFiles: []
  }
  const present = new Set<string>()
  for (const file of listing.files) {
    present.add(file.rel)
    if (!known.has(file.rel)) {
      check.newFiles.push(file.rel)
      continue
    }
    const hash = fileSha256(file.real)
    if (hash !== null && hash === known.get(file.rel)) check.unchangedFiles.push(file.rel)
    else check.changedFiles.push(file.rel)
  }
  check.removedFiles = [...known.keys()].filter((rel) => !present.has(rel)).sort()
  return check
}
