// `personal-agent imports`: the import runs of a data folder, newest first, with what each did and its status.
import { existsSync } from 'node:fs'
import { describeCounts, listImportRuns } from '../../imports/import-run'
import { dataPaths } from '../../base/data-paths'
import { openDatabase } from '../../store/sqlite/database'
import type { CliCommand } from '../cli-command'

export const importsCommand: CliCommand = {
  options: {},
  usage: 'imports [--data-dir DIR] [--json]',
  async run(context) {
    const path = dataPaths(context.dataDir).db
    if (!existsSync(path))
      return { json: { runs: [] }, text: 'No imports yet: there is no store in this folder.' }
    const db = openDatabase(path, { readonly: true, withoutVec: true })
    try {
      const hasRuns = db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'import_runs'").get() !== undefined
      const runs = hasRuns ? listImportRuns(db) : []
      const json = runs.map((run) => ({
        id: run.id,
        kind: run.kind,
        source: run.source,
        status: run.status,
        started_at: run.started_at,
        finished_at: run.finished_at,
        counts: JSON.parse(run.counts) as Record<string, number>
      }))
      const text =
        json.length === 0
          ? 'No imports yet.'
          : json
              .map(
                (run) =>
                  `${run.id}  ${run.status}  ${run.kind}  ${run.source}  (${describeCounts(run.counts)})`
              )
              .join('\n')
      return { json: { runs: json }, text }
    } finally {
      db.close()
    }
  }
}
