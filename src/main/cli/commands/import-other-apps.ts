// `personal-agent import --format chatgpt|claude conversations.json` (another app's chats) and
// `personal-agent import --format mcp [FILE] [--from APP] [--home DIR] [--on-conflict skip|rename|replace]` (the MCP
// servers of Claude Desktop, Cursor, Windsurf and VS Code, found at their usual places, or in FILE).
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { UserError } from '../../../shared/errors'
import { describeCounts } from '../../imports/import-run'
import { openImportStore } from '../../imports/import-store'
import { CHAT_APP_NAMES, importChatExport, type ChatImportReport } from '../../imports/other-apps/chat-import'
import type { ChatApp } from '../../imports/other-apps/chat-formats'
import {
  APP_NAMES,
  discoverMcpConfigs,
  readMcpConfig,
  type McpApp
} from '../../imports/other-apps/mcp-discovery'
import {
  candidateView,
  defaultChoices,
  importMcpServers,
  previewMcpImport
} from '../../imports/other-apps/mcp-import'
import type { CommandContext, CommandResult } from '../cli-command'
import { importProgressPrinter } from '../progress-bar'
import type { ImportFormat } from '../cli-command'

function chatText(report: ChatImportReport): string {
  const app = report.app ? CHAT_APP_NAMES[report.app] : 'chat'
  return [
    report.dryRun
      ? `Dry run: nothing was written. Importing this ${app} export would do this: ${describeCounts(report.counts)} (${report.messages} messages).`
      : `Imported ${report.file} (${app}, run ${report.runId}): ${describeCounts(report.counts)}; ${report.messages} messages.`,
    ...report.quarantined.map((q) => `  kept aside: ${q.reason}`),
    ...report.warnings.map((w) => `Warning: ${w}`),
    ...(report.integrity.length
      ? [`Integrity: ${report.integrity.map((c) => `${c.name} ${c.status}`).join(', ')}`]
      : []),
    ...(report.runId ? [`Undo this import with: personal-agent rollback --run ${report.runId}`] : [])
  ].join('\n')
}

function chatFormat(app: ChatApp): ImportFormat {
  return {
    usage: `--format ${app} conversations.json [--dry-run]`,
    async run(context) {
      const [file, ...extra] = context.positionals
      if (file === undefined || extra.length > 0)
        throw new UserError(
          'USAGE',
          `Give the export's conversations.json. Usage: personal-agent import ${this.usage}`
        )
      const store = await openImportStore(context.dataDir)
      try {
        const report = await importChatExport(
          store,
          resolve(file),
          { dryRun: context.options['dry-run'] === true, expect: app },
          context.json ? undefined : importProgressPrinter(context.progressStream)
        )
        return {
          json: report,
          text: chatText(report),
          exitCode: report.integrity.some((c) => c.status === 'failed') ? 1 : 0
        }
      } finally {
        store.close()
      }
    }
  }
}

export const chatgptFormat = chatFormat('chatgpt')
export const claudeFormat = chatFormat('claude')

const APPS = Object.keys(APP_NAMES).filter((app) => app !== 'file') as McpApp[]
const POLICIES = ['skip', 'rename', 'replace'] as const

function option(context: CommandContext, name: string): string | null {
  const value = context.options[name]
  return typeof value === 'string' ? value : null
}

export const mcpFormat: ImportFormat = {
  usage:
    '--format mcp [FILE] [--from claude-desktop|cursor|windsurf|vscode] [--home DIR] [--on-conflict skip|rename|replace] [--dry-run]',
  async run(context): Promise<CommandResult> {
    const from = option(context, 'from')
    if (from !== null && !APPS.includes(from as McpApp))
      throw new UserError('USAGE', `--from takes one of ${APPS.join(', ')}, not "${from}".`)
    const policy = option(context, 'on-conflict') ?? 'skip'
    if (!(POLICIES as readonly string[]).includes(policy))
      throw new UserError('USAGE', `--on-conflict takes skip, rename or replace, not "${policy}".`)
    const [file] = context.positionals
    const configs =
      file !== undefined
        ? // The file is recorded as the named app's (`--from vscode`), else as a plain config file.
          [readMcpConfig((from as McpApp | null) ?? 'file', resolve(file))]
        : discoverMcpConfigs(
            {
              home: resolve(option(context, 'home') ?? homedir()),
              platform: process.platform,
              env: process.env
            },
            from as McpApp | null
          )
    const store = await openImportStore(context.dataDir)
    try {
      const candidates = previewMcpImport(store.db, configs)
      const report = await importMcpServers(
        store,
        configs,
        defaultChoices(candidates, policy as (typeof POLICIES)[number]),
        { dryRun: context.options['dry-run'] === true },
        context.json ? undefined : importProgressPrinter(context.progressStream)
      )
      const lines = candidates.map((c) => {
        const done = report.servers.find((s) => s.name === c.name && s.app === c.app)
        return `  ${c.name} (${c.app}, ${c.transport})${c.conflict ? ` – ${c.conflict}` : ''}${c.secretEnvKeys.length ? ` – secrets to the keychain: ${c.secretEnvKeys.join(', ')}` : ''}: ${done?.action ?? 'skipped'}${done?.as && done.as !== c.name ? ` as “${done.as}”` : ''}`
      })
      const text = [
        configs.length === 0
          ? 'No MCP servers found in Claude Desktop, Cursor, Windsurf or VS Code.'
          : `${report.dryRun ? 'Dry run: nothing was written. ' : ''}MCP servers found in ${configs.map((c) => c.path).join(', ')}:`,
        ...lines,
        ...report.problems.map((p) => `Problem: ${p}`),
        `Result: ${describeCounts(report.counts)}.`,
        ...(report.runId ? [`Undo this import with: personal-agent rollback --run ${report.runId}`] : [])
      ].join('\n')
      return { json: { ...report, candidates: candidates.map(candidateView) }, text }
    } finally {
      store.close()
    }
  }
}
