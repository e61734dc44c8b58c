// The Import screen's chats from another app: a ChatGPT or Claude export's counts and dates, then the run.
import type { ImportPreviewView, ImportResultView } from '../../../shared/import-types'
import { describeCounts } from '../../imports/import-run'
import { CHAT_APP_NAMES, importChatExport, previewChatExport } from '../../imports/other-apps/chat-import'
import type { ImportSource } from '../import-host'
import { needPath } from './need-path'

export const chatExportSource: ImportSource = {
  async preview(store, path): Promise<ImportPreviewView> {
    const file = needPath(path, 'conversations.json')
    const preview = previewChatExport(file, store.db)
    const app = preview.app ? CHAT_APP_NAMES[preview.app] : 'Chat'
    const span =
      preview.from && preview.to ? ` from ${preview.from.slice(0, 10)} to ${preview.to.slice(0, 10)}` : ''
    return {
      kind: 'chat-export',
      path: file,
      title: `${app} export: ${preview.conversations} conversations${span}`,
      counts: [
        { label: 'conversations', value: preview.conversations },
        { label: 'messages', value: preview.messages }
      ],
      problems: preview.problems,
      notes:
        preview.alreadyImported > 0
          ? [`${preview.alreadyImported} conversations were imported before and are skipped.`]
          : [],
      mcpServers: []
    }
  },
  async run(store, request, onProgress): Promise<ImportResultView> {
    const report = await importChatExport(store, needPath(request.path, 'conversations.json'), {}, onProgress)
    return {
      runId: report.runId,
      counts: report.counts,
      lines: [
        `${report.app ? CHAT_APP_NAMES[report.app] : 'Chat'} export: ${describeCounts(report.counts)}; ${report.messages} messages.`,
        ...report.warnings
      ],
      problems: report.quarantined.map((q) => q.reason)
    }
  }
}
