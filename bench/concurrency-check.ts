// The loss check of the many-writers load test: every write a process saw acknowledged is looked up in the store
// afterwards (messages by id and content hash, conversations and their last title, import runs and their records).
import { createHash } from 'node:crypto'
import { readFileSync, existsSync } from 'node:fs'
import { dataPaths } from '../src/main/base/data-paths'
import { auditedSecrets } from '../src/main/history/recorded'
import { openSqliteParts } from '../src/main/store/sqlite/sqlite-store'
import { closeStore } from '../src/main/store/sqlite/open-store'
import type { SqliteParts } from '../src/main/store/sqlite/sqlite-store'
import type { Ack } from './concurrency-ops'

export function readAcks(file: string): Ack[] {
  if (!existsSync(file)) return []
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Ack)
}

/** Message id → sha256 of its content, for every message of the conversation (all pages). */
function messageHashes(parts: SqliteParts, conversation: string): Map<string, string> {
  const hashes = new Map<string, string>()
  let cursor: string | null = null
  do {
    const page = parts.conversations.messages(conversation, { cursor, limit: 500 })
    for (const message of page.items)
      hashes.set(message.id, createHash('sha256').update(message.text).digest('hex'))
    cursor = page.nextCursor
  } while (cursor !== null)
  return hashes
}

function titleOf(parts: SqliteParts, conversation: string): string | null {
  try {
    return parts.conversations.get(conversation).title
  } catch {
    return null
  }
}

function importedCount(parts: SqliteParts, runId: string): number | null {
  const run = parts.db.prepare('SELECT status FROM import_runs WHERE id = ?').get(runId) as
    { status: string } | undefined
  if (run?.status !== 'completed') return null
  const row = parts.db
    .prepare(
      `SELECT count(*) AS n FROM import_items i JOIN knowledge_items k ON k.uid = i.target_uid
       WHERE i.run_id = ? AND i.action = 'created'`
    )
    .get(runId) as { n: number }
  return row.n
}

/** One line per acknowledged write that is missing or different in the store (empty: nothing lost). */
export async function lostWrites(dataDir: string, acksByProcess: Ack[][]): Promise<string[]> {
  const parts = await openSqliteParts(dataPaths(dataDir).db, auditedSecrets(dataDir))
  const lost: string[] = []
  try {
    const hashes = new Map<string, Map<string, string>>()
    const stored = (conversation: string): Map<string, string> => {
      let found = hashes.get(conversation)
      if (!found) hashes.set(conversation, (found = messageHashes(parts, conversation)))
      return found
    }
    for (const acks of acksByProcess) {
      // The title each conversation must have: its last acknowledged rename (or its creation's).
      const titles = new Map<string, string>()
      for (const ack of acks) {
        if (ack.kind === 'append') {
          if (stored(ack.conversation).get(ack.message) !== ack.sha256)
            lost.push(`message ${ack.message} in ${ack.conversation}`)
        } else if (ack.kind === 'import') {
          const count = importedCount(parts, ack.runId)
          if (count !== ack.created)
            lost.push(`import run ${ack.runId}: ${count ?? 'no completed run'} of ${ack.created} notes`)
        } else titles.set(ack.conversation, ack.title)
      }
      for (const [conversation, title] of titles) {
        const now = titleOf(parts, conversation)
        if (now !== title)
          lost.push(
            `conversation ${conversation}: title ${JSON.stringify(now)}, acknowledged ${JSON.stringify(title)}`
          )
      }
    }
  } finally {
    closeStore(parts.db)
  }
  return lost
}
