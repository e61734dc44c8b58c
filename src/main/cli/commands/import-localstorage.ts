// `personal-agent import --format localstorage DUMP.json [--dry-run]`: the old web version's localStorage export.
import { resolve } from 'node:path'
import { UserError } from '../../../shared/errors'
import { describeCounts } from '../../imports/import-run'
import { openImportStore } from '../../imports/import-store'
import { importLocalStorage, type LocalStorageReport } from '../../imports/localstorage/localstorage-import'
import { importProgressPrinter } from '../progress-bar'
import type { ImportFormat } from '../cli-command'

function reportText(report: LocalStorageReport): string {
  const workspaces = Object.entries(report.workspaces).map(
    ([tenant, counts]) => `  ${tenant}: ${describeCounts(counts)}`
  )
  return [
    report.dryRun
      ? `Dry run: nothing was written. Importing ${report.file} would do this: ${describeCounts(report.counts)}.`
      : `Imported ${report.file} (run ${report.runId}): ${describeCounts(report.counts)}.`,
    ...(workspaces.length ? ['By workspace:', ...workspaces] : []),
    ...(report.quarantined.length
      ? [
          `Kept aside, not imported (${report.quarantined.length}):`,
          ...report.quarantined.map((q) => `  ${q.reason}`)
        ]
      : []),
    ...(report.warnings.length ? ['Warnings:', ...report.warnings.map((w) => `  ${w}`)] : []),
    ...(report.integrity.length
      ? [`Integrity: ${report.integrity.map((c) => `${c.name} ${c.status}`).join(', ')}`]
      : []),
    ...(report.runId ? [`Undo this import with: personal-agent rollback --run ${report.runId}`] : [])
  ].join('\n')
}

export const localStorageFormat: ImportFormat = {
  usage: '--format localstorage DUMP.json [--dry-run]',
  async run(context) {
    const [file, ...extra] = context.positionals
    if (file === undefined || extra.length > 0)
      throw new UserError('USAGE', `Give exactly one export file. Usage: personal-agent import ${this.usage}`)
    const store = await openImportStore(context.dataDir)
    try {
      const report = await importLocalStorage(
        store,
        resolve(file),
        { dryRun: context.options['dry-run'] === true },
        context.json ? undefined : importProgressPrinter(context.progressStream)
      )
      const failed = report.integrity.some((check) => check.status === 'failed')
      return { json: report, text: reportText(report), exitCode: failed ? 1 : 0 }
    } finally {
      store.close()
    }
  }
}
