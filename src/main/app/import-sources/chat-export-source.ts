// The Import screen's chats from another app: a ChatGPT or Claude export's counts and dates, then the run.
import { describeCounts } from '../../imports/import-run'
import { CHAT_APP_NAMES, importChatExport, previewChatExport } from '../../imports/other-apps/chat-import'
import { pathSource } from './path-source'

export const chatExportSource = pathSource('chat-export', 'conversations.json', {
  preview(store, file) {
    const preview = previewChatExport(file, store.db)
    const app = preview.app ? CHAT_APP_NAMES[preview.app] : 'Chat'
    const span =
      preview.from && preview.to ? ` from ${preview.from.slice(0, 10)} to ${preview.to.slice(0, 10)}` : ''
    return {
      title: `${app} export: ${preview.conversations} conversations${span}`,
      counts: [
        { label: 'conversations', value: preview.conversations },
        { label: 'messages', value: preview.messages }
      ],
      problems: preview.problems,
      notes:
        preview.alreadyImported > 0
          ? [`${preview.alreadyImported} conversations were imported before and are skipped.`]
          : []
    }
  },
  async run(store, file, _request, onProgress) {
    const report = await importChatExport(store, file, {}, onProgress)
    return {
      report,
      lines: [
        `${report.app ? CHAT_APP_NAMES[report.app] : 'Chat'} export: ${describeCounts(report.counts)}; ${report.messages} messages.`,
        ...report.warnings
      ],
      problems: report.quarantined.map((q) => q.reason)
    }
  }
})
