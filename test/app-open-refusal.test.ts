// While the app (here the real `personal-agent serve`) has a data folder open, the CLI refuses migrate, rollback and
// backups restore, saying the app is open and changing nothing; once the app has closed, or died (its mark is stale),
// they run.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliJson } from './support/cli'
import { writeDemoSample } from './support/demo-sample'
import { tempDir } from './support/folders'
import { serve } from './support/serve'

const OPEN =
  /^personal-agent: The data folder .+ is being used by another Personal Agent process: the app is open on it \(process \d+, since .+\)\. Nothing was changed\. Close the app, then run "personal-agent (migrate|rollback|backups restore \S+)" again\.\n$/

/** Waits until the app has migrated the folder (it migrates in the background after serve prints its URL). */
async function migrated(dir: string): Promise<void> {
  for (let tries = 0; tries < 300; tries++) {
    if (cliJson<{ state: string }>(['status', '--data-dir', dir]).json.state === 'migrated') return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${dir} was not migrated by the app`)
}

function appMarks(dir: string): string[] {
  return readdirSync(dir).filter((name) => /^\.app-\d+\.lock$/.test(name))
}

describe('the CLI while the app is open', () => {
  it('refuses migrate, rollback and backups restore, then runs once the app has closed', async () => {
    const dir = join(tempDir('pa-app-open-'), 'data')
    writeDemoSample(dir)
    const app = await serve(dir)
    try {
      expect(appMarks(dir)).toEqual([`.app-${app.process.pid}.lock`])
      await migrated(dir)
      const backupId = cliJson<{ id: string }[]>(['backups', 'list', '--data-dir', dir]).json[0]!.id
      const before = readdirSync(dir)
        .filter((name) => !name.startsWith('personal-agent.db-'))
        .sort()
      for (const args of [['migrate'], ['rollback', '--yes'], ['backups', 'restore', backupId, '--yes']]) {
        const run = cli([...args, '--data-dir', dir])
        expect(run.code, args.join(' ')).toBe(1)
        expect(run.stderr).toMatch(OPEN)
      }
      // The store stays where the app has it, and no legacy file came back.
      expect(
        readdirSync(dir)
          .filter((name) => !name.startsWith('personal-agent.db-'))
          .sort()
      ).toEqual(before)
      expect(cliJson<{ state: string }>(['status', '--data-dir', dir]).json.state).toBe('migrated')
      expect(cli(['migrate', '--dry-run', '--data-dir', dir]).code).toBe(0)
    } finally {
      await app.stop()
    }
    expect(appMarks(dir)).toEqual([])
    const rolledBack = cli(['rollback', '--yes', '--data-dir', dir])
    expect(rolledBack.code, rolledBack.stderr).toBe(0)
    expect(existsSync(join(dir, 'conversations.json'))).toBe(true)
  })

  it('ignores the mark of an app that died', async () => {
    const dir = join(tempDir('pa-app-dead-'), 'data')
    writeDemoSample(dir)
    const app = await serve(dir)
    await migrated(dir)
    app.process.kill('SIGKILL')
    await app.stop()
    expect(appMarks(dir)).toEqual([`.app-${app.process.pid}.lock`])
    const rolledBack = cli(['rollback', '--yes', '--data-dir', dir])
    expect(rolledBack.code, rolledBack.stderr).toBe(0)
    expect(appMarks(dir)).toEqual([])
  })
})
