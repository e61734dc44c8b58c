// The old app's newer data (legacy files it wrote again in this migrated folder): the dry run's counts, then the run.
import type { NewerLegacyDataView } from '../../../shared/types'
import { describeCounts } from '../../imports/import-run'
import type { ImportStore } from '../../imports/import-store'
import { importLegacyData, type LegacyReimportReport } from '../../imports/legacy/legacy-reimport'
import type { ImportSource } from '../import-host'

function whyCounts(report: LegacyReimportReport): { newRecords: number; changedRecords: number } {
  const changed = report.added.filter((a) => a.why === 'changed').length
  return { newRecords: report.added.length - changed, changedRecords: changed }
}

/** What importing the newer data of `files` would add (nothing is written). */
export async function newerLegacyDataView(store: ImportStore, files: string[]): Promise<NewerLegacyDataView> {
  const report = await importLegacyData(store, { dryRun: true })
  return { files, ...whyCounts(report) }
}

export const legacySource: ImportSource = {
  async preview(store) {
    const report = await importLegacyData(store, { dryRun: true })
    const { newRecords, changedRecords } = whyCounts(report)
    return {
      kind: 'legacy',
      path: null,
      title:
        report.files.length === 0
          ? 'No files of the old app in the data folder'
          : `The old app's newer data in ${report.files.join(', ')}`,
      counts: [
        { label: 'new records', value: newRecords },
        { label: 'changed records', value: changedRecords }
      ],
      problems: [],
      notes: ['Changed records are added beside the current ones; the old app’s files are left as they are.'],
      mcpServers: []
    }
  },
  async run(store, _request, onProgress) {
    onProgress({ phase: 'import', done: 0, total: 1, message: 'Reading the old app’s files' })
    const report = await importLegacyData(store)
    onProgress({ phase: 'import', done: 1, total: 1, message: 'Done' })
    const { newRecords, changedRecords } = whyCounts(report)
    return {
      runId: report.runId,
      counts: report.counts,
      lines: [
        `The old app's newer data from ${report.files.join(', ')}: ${describeCounts(report.counts)} (${newRecords} new, ${changedRecords} changed).`,
        ...report.added.map((a) => `${a.file} ${a.jsonPath}: ${a.why}`)
      ],
      problems: []
    }
  }
}
