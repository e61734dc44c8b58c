// The audit trail's chain: appends link each row to the one before; an edited, deleted or reordered row (changed
// behind the triggers' back, as an attacker with the file would) is found and named; the table refuses UPDATE and
// DELETE; a trail that cannot be written never breaks the caller; several processes appending keep one chain.
import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { eventHash } from '../src/main/history/audit-chain'
import { historyPath, readHistory, recordEvent } from '../src/main/history/audit-log'
import { recorded } from '../src/main/history/recorded'
import { tempDir } from './support/folders'

const REPO = resolve(__dirname, '..')

function folderWithEvents(n: number): string {
  const dir = tempDir('pa-history-')
  for (let i = 1; i <= n; i++)
    recordEvent(dir, {
      action: i % 2 ? 'import' : 'migration',
      outcome: 'ok',
      durationMs: i * 10,
      counts: { records: { conversations: i } },
      detail: `event ${i}`
    })
  return dir
}

/** The file opened as an attacker would: the append-only triggers dropped first. */
function tamper(dir: string, sql: string): void {
  const db = new Database(historyPath(dir))
  try {
    db.exec('DROP TRIGGER events_no_update; DROP TRIGGER events_no_delete;')
    db.exec(sql)
  } finally {
    db.close()
  }
}

describe('the audit chain', () => {
  it('holds for appended events, newest first, in a 0600 file', () => {
    const dir = folderWithEvents(5)
    const { events, chain } = readHistory(dir)
    expect(chain).toEqual({ ok: true, events: 5, broken: null })
    expect(events.map((e) => e.detail)).toEqual(['event 5', 'event 4', 'event 3', 'event 2', 'event 1'])
    expect(events[0]).toMatchObject({ action: 'import', outcome: 'ok', durationMs: 50, reason: null })
    expect(statSync(historyPath(dir)).mode & 0o777).toBe(0o600)
    expect(readHistory(dir, 2).events).toHaveLength(2)
  })

  it('refuses UPDATE and DELETE at the SQL level', () => {
    const dir = folderWithEvents(2)
    const db = new Database(historyPath(dir))
    try {
      expect(() => db.prepare("UPDATE events SET detail = 'x' WHERE id = 1").run()).toThrow(/append-only/)
      expect(() => db.prepare('DELETE FROM events WHERE id = 1').run()).toThrow(/append-only/)
    } finally {
      db.close()
    }
  })

  it('names an edited row', () => {
    const dir = folderWithEvents(5)
    tamper(dir, `UPDATE events SET counts = '{"records":{"conversations":999}}' WHERE id = 3`)
    expect(readHistory(dir).chain.broken).toMatchObject({ id: 3, how: 'edited' })
  })

  it('names an edited row whose own hash was recomputed (its successor no longer links to it)', () => {
    const dir = folderWithEvents(5)
    const [second] = readHistory(dir).events.filter((e) => e.id === 2)
    const { id, ...content } = { ...second!, detail: 'forged' }
    const db = new Database(historyPath(dir), { readonly: true })
    const { prev_hash: prev } = db.prepare('SELECT prev_hash FROM events WHERE id = ?').get(id) as {
      prev_hash: string
    }
    db.close()
    tamper(dir, `UPDATE events SET detail = 'forged', hash = '${eventHash(prev, content)}' WHERE id = 2`)
    expect(readHistory(dir).chain.broken).toMatchObject({ id: 2, how: 'edited' })
  })

  it('names the row after a deleted one', () => {
    const dir = folderWithEvents(5)
    tamper(dir, 'DELETE FROM events WHERE id = 3')
    const { chain } = readHistory(dir)
    expect(chain).toMatchObject({ ok: false, events: 4, broken: { id: 4, how: 'deleted' } })
  })

  it('names a reordered row', () => {
    const dir = folderWithEvents(5)
    tamper(
      dir,
      'UPDATE events SET id = 100 WHERE id = 2; UPDATE events SET id = 2 WHERE id = 3; UPDATE events SET id = 3 WHERE id = 100;'
    )
    expect(readHistory(dir).chain.broken).toMatchObject({ id: 2, how: 'reordered' })
  })

  it('records a failed action with its one-line reason, and rethrows', async () => {
    const dir = tempDir('pa-history-')
    await expect(
      recorded(dir, 'import-rollback', async () => {
        throw new Error('There is no import run "x".\nsecond line')
      })
    ).rejects.toThrow(/no import run/)
    expect(readHistory(dir).events[0]).toMatchObject({
      action: 'import-rollback',
      outcome: 'failed',
      reason: 'There is no import run "x".'
    })
  })

  it('never throws when the trail cannot be written', () => {
    const dir = tempDir('pa-history-')
    mkdirSync(join(dir, 'history.db'))
    expect(() => recordEvent(dir, { action: 'migration', outcome: 'ok', durationMs: 1 })).not.toThrow()
    expect(() =>
      recordEvent(join(dir, 'missing'), { action: 'migration', outcome: 'ok', durationMs: 1 })
    ).not.toThrow()
  })

  it('a history.db that is not a database is one clear error naming the file and the fix', () => {
    const dir = tempDir('pa-history-')
    writeFileSync(
      join(dir, 'history.db'),
      'not a database, just text that is long enough to be read as a header'
    )
    expect(() => readHistory(dir)).toThrow(
      /history\.db could not be read \(.*\)\. Move it aside to start a new trail/
    )
  })

  it('keeps one chain when several processes append at once', async () => {
    const dir = tempDir('pa-history-')
    const run = (tag: string): Promise<number | null> =>
      new Promise((done) => {
        const child = spawn(
          process.execPath,
          ['--import', 'tsx', join(REPO, 'test', 'children', 'history-appender.ts'), dir, '40', tag],
          {
            cwd: REPO,
            stdio: 'inherit'
          }
        )
        child.on('close', done)
      })
    expect(await Promise.all(['a', 'b', 'c', 'd'].map(run))).toEqual([0, 0, 0, 0])
    const { events, chain } = readHistory(dir)
    expect(chain).toEqual({ ok: true, events: 160, broken: null })
    for (const tag of ['a', 'b', 'c', 'd'])
      expect(events.filter((e) => e.detail?.startsWith(`${tag} `))).toHaveLength(40)
  }, 60_000)
})
