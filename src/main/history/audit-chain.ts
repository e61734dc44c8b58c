// The audit trail's hash chain: each row's hash is sha256(previous row's hash + this row's canonical content), so an
// edited, deleted or reordered row shows; `checkChain` walks the rows and names the first broken one.
import { createHash } from 'node:crypto'
import type { AuditEventView, ChainBreak, ChainCheck } from '../../shared/history-types'
import { canonicalJson } from '../base/canonical-json'
import type { JsonValue } from '../base/record-codec'

/** The `prev_hash` of the first row. */
export const GENESIS_HASH = '0'.repeat(64)

/** What a row's hash covers: everything but its id (renumbering rows is a reorder the links reveal) and the hashes. */
export type EventContent = Omit<AuditEventView, 'id'>

export function eventHash(prevHash: string, content: EventContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson(content as unknown as JsonValue))
    .digest('hex')
}

/** A stored row as the check reads it: its content, or null when the stored content no longer parses. */
export interface ChainRow {
  id: number
  at: string
  content: EventContent | null
  prevHash: string
  hash: string
}

function broken(events: number, row: ChainRow, how: ChainBreak): ChainCheck {
  return { ok: false, events, broken: { id: row.id, at: row.at, how } }
}

/**
 * Walks `rows` (in id order). A row whose own hash does not match its content was edited; a row whose link points
 * at a hash another row holds was reordered; a link to a hash no row holds means the row before it was deleted (a
 * gap in the ids) or edited and re-hashed (no gap: reported on that previous row).
 */
export function checkChain(rows: readonly ChainRow[]): ChainCheck {
  const hashes = new Set(rows.map((row) => row.hash))
  let expected = GENESIS_HASH
  let lastId = 0
  for (const [index, row] of rows.entries()) {
    if (row.content === null || eventHash(row.prevHash, row.content) !== row.hash)
      return broken(rows.length, row, 'edited')
    if (row.prevHash !== expected) {
      if (hashes.has(row.prevHash)) return broken(rows.length, row, 'reordered')
      if (row.id !== lastId + 1) return broken(rows.length, row, 'deleted')
      return broken(rows.length, rows[index - 1] ?? row, 'edited')
    }
    expected = row.hash
    lastId = row.id
  }
  return { ok: true, events: rows.length, broken: null }
}
