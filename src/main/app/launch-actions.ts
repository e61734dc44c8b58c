// One-shot launch flags (--migrate-dry-run, --verify-migration, --rollback-migration): run the action, print, exit.

export type LaunchAction = 'migrate-dry-run' | 'verify-migration' | 'rollback-migration'

export interface LaunchActionResult {
  exitCode: number
  output: string
}

export async function runLaunchAction(_action: LaunchAction, _dataDir: string): Promise<LaunchActionResult> {
  throw new Error('not implemented yet')
}
