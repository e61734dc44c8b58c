// Entry of bin/personal-agent: parses arguments, runs one command, prints JSON or text, and turns every error into a
// one-line message with a meaningful exit code (0 ok, 2 usage, 1 anything else). Stack traces go to the log only.
import { parseArgs } from 'node:util'
import { isUserError, UserError } from '../../shared/errors'
import { checkDataDirPath, isFolder, resolveDataDir } from './data-dir'
import { configureLogging, logFilePath, logger } from '../logging/logger'
import type { CliCommand, CommandContext, CommandResult } from './cli-command'
import { syncHybridMirror } from './hybrid-mirror-sync'
import { sealBackupsQuietly } from '../migration/seal-backups'
import { SecretStore } from '../secrets/secret-store'
import { agentsCommand } from './commands/agents'
import { backupsCommand } from './commands/backups'
import { chatCommand } from './commands/chat'
import { exportCommand } from './commands/export'
import { importCommand } from './commands/import'
import { analyzeCommand, checkIncrementalCommand, validateCommand } from './commands/import-folder'
import { embedCommand, searchCommand } from './commands/search'
import { importsCommand } from './commands/imports'
import { historyCommand } from './commands/history'
import { mcpCommand } from './commands/mcp'
import { migrateCommand } from './commands/migrate'
import { rollbackCommand } from './commands/rollback'
import { schemaCommand } from './commands/schema'
import { statusCommand } from './commands/status'
import { serveCommand } from './commands/serve'
import { verifyCommand } from './commands/verify'
import { existsSync } from 'node:fs'
import { fsUserError } from '../fs/fs-errors'

const COMMANDS: Record<string, CliCommand> = {
  status: statusCommand,
  schema: schemaCommand,
  migrate: migrateCommand,
  verify: verifyCommand,
  rollback: rollbackCommand,
  backups: backupsCommand,
  export: exportCommand,
  import: importCommand,
  imports: importsCommand,
  history: historyCommand,
  analyze: analyzeCommand,
  validate: validateCommand,
  'check-incremental': checkIncrementalCommand,
  search: searchCommand,
  embed: embedCommand,
  serve: serveCommand,
  chat: chatCommand,
  agents: agentsCommand,
  mcp: mcpCommand
}

const COMMON = {
  'data-dir': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' }
} as const

function usage(): string {
  return [
    'Usage: personal-agent <command> [options]',
    '',
    'Commands:',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage}`),
    '',
    'Data folder: --data-dir, else PERSONAL_AGENT_HOME, else ~/.personal-agent.'
  ].join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${usage()}\n`)
    return name === undefined ? 2 : 0
  }
  let json = argv.includes('--json')
  let dataDir: string | null = null
  try {
    const command = COMMANDS[name]
    if (!command)
      throw new UserError(
        'USAGE',
        `Unknown command "${name}". Run "personal-agent --help" for the list of commands.`
      )
    let parsed
    try {
      parsed = parseArgs({
        args: rest,
        options: { ...COMMON, ...command.options },
        allowPositionals: true,
        strict: true
      })
    } catch (error) {
      const message = (error instanceof Error ? error.message : String(error)).split(/(?<=\.) /)[0]
      throw new UserError('USAGE', `${message} Usage: personal-agent ${command.usage}`)
    }
    if (parsed.values.help) {
      process.stdout.write(`Usage: personal-agent ${command.usage}\n`)
      return 0
    }
    json = parsed.values.json === true
    const dirArg = parsed.values['data-dir']
    const resolved = resolveDataDir(typeof dirArg === 'string' ? ['--data-dir', dirArg] : [], process.env)
    checkDataDirPath(resolved)
    dataDir = resolved
    if (existsSync(dataDir)) configureLogging(dataDir)
    const context: CommandContext = {
      dataDir,
      json,
      positionals: parsed.positionals,
      options: parsed.values as Record<string, string | boolean | undefined>,
      progressStream: process.stderr.isTTY ? process.stderr : null
    }
    let result: CommandResult
    try {
      result = await command.run(context)
    } finally {
      // Under the hybrid backend a change is in the mirror before the command exits (even one that failed midway).
      if (command.changesData?.(context) === true) await syncHybridMirror(dataDir)
    }
    // Backups left plain (by an earlier version, a schema change, an interrupted seal) are encrypted in place; status
    // stays read-only, and serve's app host does it at its start.
    if (existsSync(dataDir) && name !== 'status' && name !== 'serve')
      await sealBackupsQuietly(dataDir, new SecretStore(dataDir))
    if (json) process.stdout.write(`${JSON.stringify(result.json, null, 2)}\n`)
    else if (result.text !== '') process.stdout.write(`${result.text}\n`)
    return result.exitCode ?? 0
  } catch (caught) {
    const error = dataDir ? fsUserError(caught, dataDir) : caught
    // A path that is not a folder cannot hold a log: the error is not logged, and no log file is named.
    if (dataDir !== null && !isFolder(dataDir)) dataDir = null
    if (dataDir) configureLogging(dataDir)
    logger.error(`personal-agent ${name} failed`, error)
    const code = isUserError(error) ? error.code : 'INTERNAL'
    const message = isUserError(error)
      ? error.message
      : `Unexpected error: ${error instanceof Error ? error.message : String(error)}.${dataDir ? ` Details are in ${logFilePath(dataDir)}.` : ''}`
    if (json) process.stdout.write(`${JSON.stringify({ error: { code, message } })}\n`)
    process.stderr.write(`personal-agent: ${message}\n`)
    return code === 'USAGE' ? 2 : 1
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  () => {
    process.exitCode = 1
  }
)
