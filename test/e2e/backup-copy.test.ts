// Settings → Backups in a real Chromium against `personal-agent serve`: "Save a copy of this backup…" asks for the
// passphrase twice (masked, 8 characters at least, a mismatch said inline) and main writes a real export (serve saves
// it in PERSONAL_AGENT_BACKUP_COPIES), which `personal-agent backups import` reads into another data folder with
// every file's hash intact; "Add a backup from a file…" reads it back, a wrong passphrase said in one line. The
// passphrase is never in an answer to the page nor in the log.
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../../scripts/sample-legacy-data'
import { logFilePath } from '../../src/main/logging/logger'
import { BACKUP_COPIES_ENV } from '../../src/main/serve/backup-file-choice'
import { cli, cliJson } from '../support/cli'
import { copyOf, sha256, tempDir } from '../support/folders'
import { launchBrowser, recordBridgeAnswers, screenshot, serve, type Served } from '../support/serve'

const PASSPHRASE = 'correct horse battery staple'

interface ManifestFiles {
  files: { name: string; sha256: string; size: number }[]
}

function onlyBackup(dataDir: string): { id: string; dir: string } {
  const root = join(dataDir, 'backup_before_migration')
  const id = readdirSync(root).filter((name) => !name.startsWith('.'))[0]!
  return { id, dir: join(root, id) }
}

function manifestOf(dir: string): ManifestFiles {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as ManifestFiles
}

describe('Settings → Backups: a passphrase-protected copy', () => {
  const dir = tempDir()
  writeSampleFolder(dir, {
    seed: 61,
    conversations: 8,
    messagesPerConversation: 4,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object'
  })
  const original = copyOf(dir)
  const copies = tempDir('pa-copies-')
  const ipcBodies: string[] = []
  let browser: Browser
  let served: Served
  let page: Page

  beforeAll(async () => {
    const run = cli(['migrate', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    browser = await launchBrowser()
    served = await serve(dir, { [BACKUP_COPIES_ENV]: copies })
    page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    recordBridgeAnswers(page, ipcBodies)
    await page.goto(served.url)
    // The first start after a migration shows its report.
    await page.getByRole('button', { name: 'Continue' }).click({ timeout: 60_000 })
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('button', { name: /Settings/ })
      .click()
    await page.getByRole('heading', { name: 'Settings' }).waitFor({ timeout: 60_000 })
  })
  afterAll(async () => {
    await page?.close()
    await served?.stop()
    await browser?.close()
  })

  it('says a mismatch inline and a short passphrase in one line, then saves a real export', async () => {
    await page.getByRole('button', { name: 'Save a copy of this backup…' }).first().click()
    const dialog = page.getByRole('dialog', { name: 'Save a copy of this backup' })
    await dialog.waitFor()
    const first = dialog.getByLabel('Passphrase', { exact: true })
    const again = dialog.getByLabel('Passphrase again')
    expect(await first.getAttribute('type')).toBe('password')
    expect(await again.getAttribute('type')).toBe('password')

    await first.fill(PASSPHRASE)
    await again.fill(`${PASSPHRASE}!`)
    await dialog.getByText('The two passphrases differ.').waitFor()
    expect(await again.getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, 'backup-copy-mismatch')
    await dialog.getByRole('button', { name: 'Save a copy…' }).click()
    await dialog.getByRole('alert').getByText('The two passphrases differ.').waitFor()
    expect(readdirSync(copies)).toEqual([])

    await first.fill('short')
    await again.fill('short')
    await dialog.getByRole('button', { name: 'Save a copy…' }).click()
    await dialog
      .getByRole('alert')
      .getByText(/Use at least 8 characters/)
      .waitFor()
    expect(readdirSync(copies)).toEqual([])

    await first.fill(PASSPHRASE)
    await again.fill(PASSPHRASE)
    await dialog.getByRole('button', { name: 'Save a copy…' }).click()
    const notice = page.getByRole('status').getByText(/Saved a copy of the backup to/)
    await notice.waitFor({ timeout: 60_000 })
    await dialog.waitFor({ state: 'detached' })
    const [saved] = readdirSync(copies)
    const { id } = onlyBackup(dir)
    expect(saved).toBe(`personal-agent-backup-${id}.pabackup`)
    const file = join(copies, saved!)
    expect(await notice.textContent()).toContain(file)
    expect((statSync(file).mode & 0o777).toString(8)).toBe('600')
    await screenshot(page, 'backup-copy-saved')

    // Where it went and its size came back; the passphrase did not, and the log does not hold it.
    const answer = ipcBodies.find((body) => body.includes(file))
    expect(answer).toBeDefined()
    expect(JSON.parse(answer!)).toEqual({
      ok: true,
      value: { saved: { path: file, bytes: statSync(file).size, files: expect.any(Number) } }
    })
    for (const body of ipcBodies) expect(body).not.toContain(PASSPHRASE)
    expect(readFileSync(logFilePath(dir), 'utf8')).not.toContain(PASSPHRASE)

    // The copy is a real export: `backups import` reads it into another data folder, every file's hash intact.
    const other = tempDir()
    const passphraseFile = join(tempDir(), 'passphrase')
    writeFileSync(passphraseFile, `${PASSPHRASE}\n`, { mode: 0o600 })
    const imported = cli([
      'backups',
      'import',
      file,
      '--passphrase-file',
      passphraseFile,
      '--data-dir',
      other
    ])
    expect(imported.code, imported.stderr).toBe(0)
    const copy = onlyBackup(other)
    expect(copy.id).toBe(id)
    const files = manifestOf(copy.dir).files
    expect(files.map((f) => f.name)).toEqual(manifestOf(onlyBackup(dir).dir).files.map((f) => f.name))
    for (const f of files) {
      if (existsSync(join(original, f.name))) expect(f.sha256, f.name).toBe(sha256(join(original, f.name)))
      expect(existsSync(join(copy.dir, `${f.name}.enc`)), f.name).toBe(true)
    }
    // Listing decrypts every file with the new folder's key and checks it against those hashes.
    const list = cliJson<{ id: string; checksumsOk: boolean }[]>(['backups', 'list', '--data-dir', other])
    expect(list.json).toMatchObject([{ id, checksumsOk: true }])
  })

  it('"Add a backup from a file…" says a wrong passphrase in one line, then adds the copy', async () => {
    await page.getByRole('button', { name: 'Add a backup from a file…' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a backup from a file' })
    const field = dialog.getByLabel('Passphrase of the copy')
    await field.fill('not the passphrase')
    await dialog.getByRole('button', { name: 'Choose the file…' }).click()
    await dialog
      .getByRole('alert')
      .getByText(/the passphrase is wrong/)
      .waitFor({ timeout: 60_000 })
    await field.fill(PASSPHRASE)
    await dialog.getByRole('button', { name: 'Choose the file…' }).click()
    await page
      .getByRole('status')
      .getByText(/Added backup .*-imported/)
      .waitFor({ timeout: 60_000 })
    await expect.poll(() => page.getByRole('button', { name: 'Save a copy of this backup…' }).count()).toBe(2)
    const list = cliJson<{ id: string; checksumsOk: boolean }[]>(['backups', 'list', '--data-dir', dir])
    expect(list.json.map((b) => b.checksumsOk)).toEqual([true, true])
    for (const body of ipcBodies) expect(body).not.toContain(PASSPHRASE)
  })
})
