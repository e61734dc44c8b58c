// `personal-agent import DIR` (a notes folder: JSON, Markdown, text, CSV) and its companions `analyze DIR`,
// `validate DIR [--output report.json]` and `check-incremental DIR`.
import { writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { UserError } from '../../../shared/errors'
import { importFolder, type FolderImportReport } from '../../imports/folder/folder-import'
import { checkIncremental, inspectFolder, type FolderAnalysis } from '../../imports/folder/folder-inspect'
import type { FolderOptions } from '../../imports/folder/folder-options'
import { describeCounts } from '../../imports/import-run'
import { openImportStore } from '../../imports/import-store'
import type { CliCommand, CommandContext, CommandResult } from '../cli-command'
import { importProgressPrinter } from '../progress-bar'
import type { ImportFormat } from '../cli-command'

const FOLDER_OPTIONS = {
  workers: { type: 'string' },
  'max-file-size': { type: 'string' }
} as const

function positiveInteger(context: CommandContext, name: string): number | undefined {
  const value = context.options[name]
  if (value === undefined) return undefined
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UserError('USAGE', `--${name} needs a whole number of at least 1, not "${String(value)}".`)
  return n
}

function folderArg(context: CommandContext, usage: string): string {
  const [dir, ...extra] = context.positionals
  if (dir === undefined || extra.length > 0)
    throw new UserError('USAGE', `Give exactly one folder. Usage: personal-agent ${usage}`)
  return resolve(dir)
}

function folderOptions(context: CommandContext): FolderOptions {
  return {
    dryRun: context.options['dry-run'] === true,
    incremental: context.options['incremental'] === true,
    batchSize: positiveInteger(context, 'batch-size'),
    workers: positiveInteger(context, 'workers'),
    maxFileSize: positiveInteger(context, 'max-file-size'),
    skipLargeFiles: context.options['skip-large-files'] === true
  }
}

function listed(title: string, lines: readonly string[]): string[] {
  if (lines.length === 0) return []
  return [
    `${title} (${lines.length}):`,
    ...lines.slice(0, 20).map((line) => `  ${line}`),
    ...(lines.length > 20 ? [`  …and ${lines.length - 20} more`] : [])
  ]
}

function importText(report: FolderImportReport): string {
  const formats = Object.entries(report.files.byFormat)
    .filter(([, n]) => n > 0)
    .map(([format, n]) => `${format} ${n}`)
    .join(', ')
  return [
    report.dryRun
      ? `Dry run: nothing was written. An import of ${report.folder} would do this:`
      : `Imported notes from ${report.folder} (run ${report.runId}).`,
    `  files: ${report.files.total}${formats ? ` (${formats})` : ''}${report.files.unchanged ? `, ${report.files.unchanged} unchanged since the last import` : ''}`,
    `  results: ${describeCounts(report.counts)}`,
    ...listed(
      'Set aside, kept in the run record, not imported',
      report.quarantined.map((q) => q.reason)
    ),
    ...listed(
      'Skipped',
      report.skipped.map((s) => s.message)
    ),
    ...listed('Warnings', report.warnings),
    ...(report.integrity.length
      ? [`Integrity: ${report.integrity.map((c) => `${c.name} ${c.status}`).join(', ')}`]
      : []),
    ...(report.runId ? [`Undo this import with: personal-agent rollback --run ${report.runId}`] : [])
  ].join('\n')
}

export const folderFormat: ImportFormat = {
  usage:
    'DIR [--dry-run] [--incremental] [--batch-size N] [--workers N] [--max-file-size BYTES] [--skip-large-files]',
  async run(context) {
    const dir = folderArg(context, `import ${this.usage}`)
    const options = folderOptions(context)
    const store = await openImportStore(context.dataDir)
    try {
      const report = await importFolder(
        store,
        dir,
        options,
        context.json ? undefined : importProgressPrinter(context.progressStream)
      )
      const failed = report.integrity.some((check) => check.status === 'failed')
      return { json: report, text: importText(report), exitCode: failed ? 1 : 0 }
    } finally {
      store.close()
    }
  }
}

function analysisText(analysis: FolderAnalysis, title: string): string {
  const formats = (Object.keys(analysis.files.byFormat) as (keyof typeof analysis.files.byFormat)[])
    .filter((format) => analysis.files.byFormat[format] > 0)
    .map(
      (format) =>
        `${format} ${analysis.files.byFormat[format]} (${analysis.files.bytesByFormat[format]} bytes)`
    )
  return [
    `${title} ${analysis.folder}:`,
    `  files: ${analysis.files.total} notes files, ${analysis.files.totalBytes} bytes${formats.length ? `: ${formats.join(', ')}` : ''}; ${analysis.files.otherFiles} other files ignored`,
    `  notes: ${analysis.notes}`,
    `  largest: ${analysis.largest.map((f) => `${f.file} (${f.bytes} bytes)`).join(', ') || 'none'}`,
    `  estimated import time: about ${Math.max(1, Math.ceil(analysis.estimatedImportMs / 1000))} s (parsing measured here: ${analysis.parseMs} ms)`,
    ...listed('Problems', analysis.problems),
    ...listed('Warnings', analysis.warnings),
    analysis.problems.length === 0 ? 'No problems found.' : ''
  ]
    .filter((line) => line !== '')
    .join('\n')
}

function inspectOptions(context: CommandContext): FolderOptions {
  return {
    workers: positiveInteger(context, 'workers'),
    maxFileSize: positiveInteger(context, 'max-file-size')
  }
}

export const analyzeCommand: CliCommand = {
  options: FOLDER_OPTIONS,
  usage: 'analyze DIR [--max-file-size BYTES] [--workers N] [--json]',
  async run(context): Promise<CommandResult> {
    const analysis = await inspectFolder(folderArg(context, this.usage), inspectOptions(context))
    return { json: analysis, text: analysisText(analysis, 'Analysis of') }
  }
}

export const validateCommand: CliCommand = {
  options: { ...FOLDER_OPTIONS, output: { type: 'string' } },
  usage: 'validate DIR [--output report.json] [--max-file-size BYTES] [--workers N] [--json]',
  async run(context): Promise<CommandResult> {
    const analysis = await inspectFolder(folderArg(context, this.usage), inspectOptions(context))
    const output = context.options['output']
    const report = { ok: analysis.problems.length === 0, ...analysis }
    if (typeof output === 'string') {
      try {
        writeFileSync(resolve(output), `${JSON.stringify(report, null, 2)}\n`)
      } catch (error) {
        throw new UserError(
          'INVALID_INPUT',
          `Could not write the report to ${resolve(output)} (${(error as NodeJS.ErrnoException).code ?? 'error'}). Choose a folder you can write to.`
        )
      }
    }
    const text = [
      analysisText(analysis, 'Validation of'),
      ...(typeof output === 'string' ? [`Report written to ${resolve(output)}.`] : [])
    ].join('\n')
    return { json: report, text, exitCode: report.ok ? 0 : 1 }
  }
}

export const checkIncrementalCommand: CliCommand = {
  options: { 'max-file-size': { type: 'string' } },
  usage: 'check-incremental DIR [--data-dir DIR] [--json]',
  async run(context): Promise<CommandResult> {
    const check = checkIncremental(context.dataDir, folderArg(context, this.usage), {
      maxFileSize: positiveInteger(context, 'max-file-size')
    })
    const text = [
      `An incremental import of ${check.folder} would read ${check.newFiles.length + check.changedFiles.length} files:`,
      `  new ${check.newFiles.length}, changed ${check.changedFiles.length}, unchanged ${check.unchangedFiles.length} (skipped), removed since the last import ${check.removedFiles.length} (their notes stay)`,
      ...listed('New', check.newFiles),
      ...listed('Changed', check.changedFiles),
      ...listed('Removed', check.removedFiles)
    ].join('\n')
    return { json: check, text }
  }
}
