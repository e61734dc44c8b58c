// The Import screen's web-version export: workspaces and what each holds, then the run's result by workspace.
import { describeCounts } from '../../imports/import-run'
import {
  importLocalStorage,
  previewLocalStorage,
  type LocalStoragePreview
} from '../../imports/localstorage/localstorage-import'
import { pathSource } from './path-source'

export const localStorageSource = pathSource('localstorage', 'the exported file', {
  preview(store, file) {
    const preview = previewLocalStorage(file, store.db)
    const sum = (pick: (t: LocalStoragePreview['tenants'][number]) => number): number =>
      preview.tenants.reduce((total, tenant) => total + pick(tenant), 0)
    return {
      title: `Web version export: ${preview.tenants.length} workspaces`,
      counts: [
        { label: 'workspaces', value: preview.tenants.length },
        { label: 'agents', value: sum((t) => t.agents) },
        { label: 'profiles', value: sum((t) => t.profiles) },
        { label: 'MCP servers', value: sum((t) => t.mcpServers) },
        { label: 'conversations', value: sum((t) => t.conversations) },
        { label: 'preferences', value: sum((t) => t.preferences) + preview.globalPreferences }
      ],
      problems: preview.quarantined.map((q) => q.reason),
      notes: [
        ...preview.tenants.map(
          (t) =>
            `Workspace “${t.tenant}”: ${t.agents} agents, ${t.profiles} profiles, ${t.mcpServers} MCP servers, ${t.conversations} conversations.`
        ),
        ...(preview.authToken ? ['The sign-in token goes to the system keychain.'] : []),
        ...(preview.alreadyImported > 0
          ? [`${preview.alreadyImported} records were imported before and are skipped.`]
          : []),
        ...preview.warnings
      ]
    }
  },
  async run(store, file, _request, onProgress) {
    const report = await importLocalStorage(store, file, {}, onProgress)
    return {
      report,
      lines: [
        `Web version export: ${describeCounts(report.counts)}.`,
        ...Object.entries(report.workspaces).map(
          ([tenant, counts]) => `Workspace “${tenant}”: ${describeCounts(counts)}.`
        ),
        ...report.warnings
      ],
      problems: report.quarantined.map((q) => q.reason)
    }
  }
})
