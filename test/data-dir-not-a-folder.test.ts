// A --data-dir (or PERSONAL_AGENT_HOME) that is a file, or sits under one, is refused by every command with one line
// naming the path in the way: no stack trace, no log file named inside a file, nothing written.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli } from './support/cli'
import { tempDir } from './support/folders'

const COMMANDS = [
  ['status'],
  ['migrate'],
  ['migrate', '--dry-run'],
  ['verify', '--consistency'],
  ['rollback'],
  ['chat', 'hi'],
  ['import', '--format', 'folder', '/nowhere'],
  ['serve']
]

describe('a data folder path that is a file', () => {
  const file = join(tempDir(), 'not-a-folder')
  writeFileSync(file, 'keep me\n')

  it.each(COMMANDS)('%s refuses it in one line, exit 2', (...args) => {
    const run = cli([...args, '--data-dir', file])
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toBe(
      `personal-agent: The data folder ${file} is a file, not a folder. Point --data-dir (or PERSONAL_AGENT_HOME) at a folder, or at a path where one can be created.\n`
    )
    expect(readFileSync(file, 'utf8')).toBe('keep me\n')
  })

  it('names the file in the way when the folder would sit under it, in JSON too', () => {
    const run = cli(['status', '--json'], { PERSONAL_AGENT_HOME: join(file, 'sub') })
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual({
      error: {
        code: 'USAGE',
        message: `The data folder ${join(file, 'sub')} cannot be created: ${file} is a file, not a folder. Point --data-dir (or PERSONAL_AGENT_HOME) at a folder, or at a path where one can be created.`
      }
    })
    expect(run.stderr).not.toMatch(/\n\s+at |main\.log/)
  })
})
