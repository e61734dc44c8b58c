// `personal-agent import --format legacy [--dry-run]`: the old app's newer data, from legacy files that reappeared in
// this (migrated) data folder; see imports/legacy/legacy-reimport.ts.
import { UserError } from '../../../shared/errors'
import { describeCounts } from '../../imports/import-run'
import { openImportStore } from '../../imports/import-store'
import { importLegacyData } from '../../imports/legacy/legacy-reimport'
import type { ImportFormat } from '../cli-command'

export const legacyFormat: ImportFormat = {
  usage: '--format legacy [--dry-run]',
  async run(context) {
    if (context.positionals.length > 0)
      throw new UserError(
        'USAGE',
        `--format legacy reads the legacy files of the data folder itself and takes no SOURCE. Usage: personal-agent import ${this.usage}`
      )
    const store = await openImportStore(context.dataDir)
    try {
      const report = await importLegacyData(store, { dryRun: context.options['dry-run'] === true })
      const lines = [
        report.files.length === 0
          ? 'No legacy files in the data folder: nothing to import.'
          : `${report.dryRun ? 'Would import' : 'Imported'} the old app's newer data from ${report.files.join(', ')}: ${describeCounts(report.counts)}.`,
        ...report.added.map((a) => `  ${a.file} ${a.jsonPath}: ${a.why}`),
        ...(report.runId
          ? [`Run ${report.runId}; undo it with "personal-agent rollback --run ${report.runId}".`]
          : []),
        ...(report.files.length ? ['The legacy files were left as they are.'] : [])
      ]
      return { json: report, text: lines.join('\n') }
    } finally {
      store.close()
    }
  }
}
