// A legacy data folder for chat tests, written from its conversations and profiles (in the legacy files' own
// shape), then migrated by the real CLI, so its keys are in the real keychain.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect } from 'vitest'
import { cli } from './cli'

export interface LegacyChatData {
  conversations: Record<string, unknown>[]
  profiles: Record<string, unknown>[]
  /** mcp_config.json's servers (none by default). */
  servers?: Record<string, unknown>[]
}

export function migrateLegacyChatFolder(dir: string, data: LegacyChatData): void {
  writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: data.conversations }))
  writeFileSync(join(dir, 'models.json'), JSON.stringify({ profiles: data.profiles }))
  writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ servers: data.servers ?? [] }))
  const run = cli(['migrate', '--data-dir', dir])
  expect(run.code, run.stderr).toBe(0)
}
