// A migration killed at any phase resumes or restarts on the next run with zero loss.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { cli, cliJson } from './support/cli'
import { copyOf, legacyDifferences, tempDir } from './support/folders'

const KILL_POINTS = [
  'after-backup',
  'mid-conversations',
  'profiles',
  'mcp_servers',
  'before-commit',
  'after-commit',
  'mid-index',
  'before-checks',
  'after-checks',
  'before-retire'
] as const

describe('an interrupted migration', () => {
  for (const point of KILL_POINTS) {
    it(`killed with SIGKILL at ${point} completes on the next run with zero loss`, () => {
      const dir = tempDir()
      writeSampleFolder(dir, {
        seed: 21,
        conversations: 120,
        messagesPerConversation: 6,
        nasty: true,
        mcpShape: 'map',
        conversationsShape: 'object'
      })
      const original = copyOf(dir)
      const killed = cli(['migrate', '--data-dir', dir], {
        PERSONAL_AGENT_TEST_HOOKS: '1',
        PERSONAL_AGENT_KILL_AT: point
      })
      expect(killed.signal).toBe('SIGKILL')
      expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('interrupted')

      const resumed = cliJson(['migrate', '--data-dir', dir])
      expect(resumed.run.code, resumed.run.stderr).toBe(0)
      expect(resumed.json['status']).toBe('migrated')
      const verify = cliJson(['verify', '--data-dir', dir])
      expect(verify.json).toMatchObject({ ok: true, discrepancies: [] })
      const exported = tempDir()
      expect(cli(['export', '--out', exported, '--data-dir', dir]).code).toBe(0)
      expect(legacyDifferences(original, exported)).toEqual([])
      expect(existsSync(join(dir, 'personal-agent.db.migrating'))).toBe(false)
    })
  }

  it('a failing MCP step keeps the conversations, reports the failure, and is retried by the next migrate', () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 22,
      conversations: 10,
      messagesPerConversation: 4,
      nasty: false,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const original = copyOf(dir)
    const first = cliJson(['migrate', '--data-dir', dir], {
      PERSONAL_AGENT_TEST_HOOKS: '1',
      PERSONAL_AGENT_FAULT: 'mcp_servers'
    })
    expect(first.run.code, first.run.stderr).toBe(0)
    expect(first.json['incomplete']).toEqual(['mcp_servers'])
    expect((first.json['counts'] as Record<string, number>)['conversations']).toBe(10)
    expect(existsSync(join(dir, 'mcp_config.json'))).toBe(true)
    expect(existsSync(join(dir, 'conversations.json'))).toBe(false)
    expect(cliJson(['status', '--data-dir', dir]).json['incomplete']).toEqual(['mcp_servers'])

    const retry = cliJson(['migrate', '--data-dir', dir])
    expect(retry.json['status']).toBe('migrated')
    expect((retry.json['counts'] as Record<string, number>)['mcp_servers']).toBe(3)
    expect(existsSync(join(dir, 'mcp_config.json'))).toBe(false)
    const exported = tempDir()
    cli(['export', '--out', exported, '--data-dir', dir])
    expect(legacyDifferences(original, exported)).toEqual([])
    expect(cliJson(['verify', '--data-dir', dir]).json['ok']).toBe(true)

    // A rollback after the retry restores the first run's backup: all three files, byte for byte.
    expect(cli(['rollback', '--yes', '--data-dir', dir]).code).toBe(0)
    for (const file of ['conversations.json', 'models.json', 'mcp_config.json']) {
      expect(readFileSync(join(dir, file)).equals(readFileSync(join(original, file))), file).toBe(true)
    }
  })

  it('a failure before the commit leaves the legacy files and the state as they were', () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 23,
      conversations: 10,
      messagesPerConversation: 4,
      nasty: true,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const original = copyOf(dir)
    const failed = cli(['migrate', '--data-dir', dir], {
      PERSONAL_AGENT_TEST_HOOKS: '1',
      PERSONAL_AGENT_FAULT: 'before-commit'
    })
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(/^personal-agent: .*injected fault/)
    expect(failed.stderr).not.toMatch(/\n\s+at /)
    expect(cliJson(['status', '--data-dir', dir]).json['state']).toBe('legacy')
    expect(existsSync(join(dir, 'personal-agent.db'))).toBe(false)
    expect(legacyDifferences(original, dir)).toEqual([])
  })
})
