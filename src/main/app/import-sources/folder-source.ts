// The Import screen's notes folder: the preview from the analysis and the incremental check, the run with progress.
import { importFolder } from '../../imports/folder/folder-import'
import { checkIncremental, inspectFolder } from '../../imports/folder/folder-inspect'
import { describeCounts } from '../../imports/import-run'
import { pathSource } from './path-source'

export const folderSource = pathSource('folder', 'a folder', {
  async preview(store, dir) {
    const analysis = await inspectFolder(dir)
    const check = checkIncremental(store.dataDir, dir)
    const formats = Object.entries(analysis.files.byFormat).filter(([, n]) => n > 0)
    return {
      title: `Notes folder ${analysis.folder}: ${analysis.notes} notes in ${analysis.files.total} files`,
      counts: [
        ...formats.map(([format, n]) => ({ label: `${format} files`, value: n })),
        { label: 'notes', value: analysis.notes }
      ],
      problems: analysis.problems,
      notes: [
        ...(check.unchangedFiles.length > 0
          ? [`${check.unchangedFiles.length} files were imported before and have not changed.`]
          : []),
        ...(check.changedFiles.length > 0
          ? [`${check.changedFiles.length} files changed since the last import.`]
          : []),
        ...analysis.warnings
      ]
    }
  },
  async run(store, dir, request, onProgress) {
    const report = await importFolder(store, dir, { incremental: request.incremental }, onProgress)
    return {
      report,
      lines: [
        `Notes from ${report.folder}: ${describeCounts(report.counts)}.`,
        ...report.integrity.map((check) => `Check “${check.name.replace('_', ' ')}”: ${check.summary}.`)
      ],
      problems: [...report.quarantined.map((q) => q.reason), ...report.skipped.map((s) => s.message)]
    }
  }
})
