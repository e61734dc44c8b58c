// One-shot launch flags (--migrate-dry-run, --verify-migration, --rollback-migration): run the action with the
// same code as the CLI, print its JSON, exit.
import { configureLogging } from '../logging/logger'
import type { CliCommand } from './cli-command'
import { migrateCommand } from './commands/migrate'
import { rollbackCommand } from './commands/rollback'
import { verifyCommand } from './commands/verify'

export type LaunchAction = 'migrate-dry-run' | 'verify-migration' | 'rollback-migration'

export interface LaunchActionResult {
  exitCode: number
  output: string
}

const ACTIONS: Record<LaunchAction, { command: CliCommand; options: Record<string, boolean> }> = {
  'migrate-dry-run': { command: migrateCommand, options: { 'dry-run': true } },
  'verify-migration': { command: verifyCommand, options: {} },
  'rollback-migration': { command: rollbackCommand, options: { yes: true } }
}

export async function runLaunchAction(action: LaunchAction, dataDir: string): Promise<LaunchActionResult> {
  configureLogging(dataDir)
  const { command, options } = ACTIONS[action]
  const result = await command.run({ dataDir, json: true, positionals: [], options, progressStream: null })
  return { exitCode: result.exitCode ?? 0, output: `${JSON.stringify(result.json, null, 2)}\n` }
}
