// An Import screen source read from one chosen path: the path asked for, the preview's kind and path, the counts.
import type { ImportPreviewView, ImportRunRequest, ImportSourceKind } from '../../../shared/import-types'
import type { ActionCounts } from '../../imports/import-run'
import type { OnImportProgress } from '../../imports/import-progress'
import type { ImportStore } from '../../imports/import-store'
import type { ImportSource } from '../import-host'
import { needPath } from './need-path'

/** What a path source's preview says of the path (the rest of the view is the same for every path source). */
export type PathPreview = Pick<ImportPreviewView, 'title' | 'counts' | 'problems' | 'notes'>

/** A finished run's report as the screen shows it: its id and counts, then lines and problems. */
export interface PathRunResult {
  report: { runId: string | null; counts: ActionCounts }
  lines: string[]
  problems: string[]
}

export interface PathImporter {
  preview(store: ImportStore, path: string): PathPreview | Promise<PathPreview>
  run(
    store: ImportStore,
    path: string,
    request: ImportRunRequest,
    onProgress: OnImportProgress
  ): Promise<PathRunResult>
}

/** The source of `kind`, whose path (`what` names it, e.g. "a folder") must be chosen first. */
export function pathSource(
  kind: Exclude<ImportSourceKind, 'mcp'>,
  what: string,
  importer: PathImporter
): ImportSource {
  return {
    async preview(store, path) {
      const chosen = needPath(path, what)
      return { kind, path: chosen, ...(await importer.preview(store, chosen)), mcpServers: [] }
    },
    async run(store, request, onProgress) {
      const { report, lines, problems } = await importer.run(
        store,
        needPath(request.path, what),
        request,
        onProgress
      )
      return { runId: report.runId, counts: report.counts, lines, problems }
    }
  }
}
