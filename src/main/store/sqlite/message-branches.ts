// A conversation's branches: a regenerated reply or an edited message becomes a sibling of the one it replaces
// (same parent), the replaced one and the path beneath it are hidden with one stamp, and switching versions shows
// that path again as the user last saw it. The active path is the messages not hidden, in position order.
import type { BranchPlace } from '../../../shared/types'
import { UserError } from '../../../shared/errors'
import type { Db } from './database'
import { stmt } from './store-changes'
import { notFound } from '../store-input'

/** A message as branching needs it. */
export interface BranchRow {
  id: number
  position: number
  role: string | null
  /** The message it follows (0: it is the first); NULL for a migrated message, which follows the previous one. */
  branch_parent: number | null
  reply_status: string | null
}

const BRANCH_COLUMNS = 'id, position, role, branch_parent, reply_status'

/** The id of the last message on the active path, which a new message follows; 0 when there is none. */
export function lastActiveId(db: Db, conversationId: number): number {
  const row = stmt(
    db,
    'SELECT id FROM messages WHERE conversation_id = ? AND inactive IS NULL ORDER BY position DESC LIMIT 1'
  ).get(conversationId) as { id: number } | undefined
  return row?.id ?? 0
}

/** A message on the active path, by id; refuses one that is hidden or not there, or of another role. */
export function activeMessage(db: Db, conversationId: number, uid: string, role: string): BranchRow {
  const row = stmt(
    db,
    `SELECT ${BRANCH_COLUMNS} FROM messages WHERE conversation_id = ? AND uid = ? AND inactive IS NULL`
  ).get(conversationId, uid) as BranchRow | undefined
  if (!row) throw notFound('Message', uid)
  if (row.role !== role)
    throw new UserError(
      'INVALID_INPUT',
      `Message ${uid} is not ${role === 'user' ? 'a message you sent' : 'a reply'}; ${role === 'user' ? 'only your own messages can be edited' : 'only replies can be regenerated'}.`
    )
  return row
}

/** The message's parent; a migrated message's (the one before it on the path) is written down first. */
function parentOf(db: Db, conversationId: number, message: BranchRow): number {
  if (message.branch_parent !== null) return message.branch_parent
  const before = stmt(
    db,
    `SELECT id FROM messages WHERE conversation_id = ? AND inactive IS NULL AND position < ?
     ORDER BY position DESC LIMIT 1`
  ).get(conversationId, message.position) as { id: number } | undefined
  const parent = before?.id ?? 0
  stmt(db, 'UPDATE messages SET branch_parent = ? WHERE id = ?').run(parent, message.id)
  return parent
}

function nextStamp(db: Db, conversationId: number): number {
  const row = stmt(
    db,
    'SELECT MAX(inactive) AS s FROM messages WHERE conversation_id = ? AND inactive IS NOT NULL'
  ).get(conversationId) as { s: number | null }
  return (row.s ?? 0) + 1
}

/**
 * Hides the message and everything after it on the active path (one stamp, so they come back together) and
 * returns its parent, which its new sibling follows, and how many messages were hidden. Inside a transaction.
 */
export function hideFrom(
  db: Db,
  conversationId: number,
  message: BranchRow
): { parent: number; hidden: number } {
  const streaming = stmt(
    db,
    `SELECT 1 FROM messages WHERE conversation_id = ? AND inactive IS NULL AND position >= ?
     AND reply_status = 'streaming' LIMIT 1`
  ).get(conversationId, message.position)
  if (streaming)
    throw new UserError(
      'WRONG_STATE',
      'A reply in this conversation is still arriving. Stop it (Stop or Esc) first, then try again.'
    )
  const parent = parentOf(db, conversationId, message)
  const hidden = stmt(
    db,
    'UPDATE messages SET inactive = ? WHERE conversation_id = ? AND inactive IS NULL AND position >= ?'
  ).run(nextStamp(db, conversationId), conversationId, message.position).changes
  return { parent, hidden }
}

/** Versions of each parent, oldest first, for the messages of one page. */
function siblingsOf(db: Db, conversationId: number, parents: number[]): Map<number, number[]> {
  const rows = stmt(
    db,
    `SELECT id, branch_parent FROM messages
     WHERE conversation_id = ? AND branch_parent IN (SELECT value FROM json_each(?)) ORDER BY position`
  ).all(conversationId, JSON.stringify(parents)) as { id: number; branch_parent: number }[]
  const byParent = new Map<number, number[]>()
  for (const row of rows) {
    const list = byParent.get(row.branch_parent) ?? []
    list.push(row.id)
    byParent.set(row.branch_parent, list)
  }
  return byParent
}

/** Each message's place among its versions, for those that have more than one (one query for the page). */
export function branchPlaces(
  db: Db,
  conversationId: number,
  rows: readonly { id: number; branch_parent: number | null }[]
): Map<number, BranchPlace> {
  const parents = [...new Set(rows.flatMap((r) => (r.branch_parent === null ? [] : [r.branch_parent])))]
  const places = new Map<number, BranchPlace>()
  if (parents.length === 0) return places
  const siblings = siblingsOf(db, conversationId, parents)
  for (const row of rows) {
    const versions = row.branch_parent === null ? undefined : siblings.get(row.branch_parent)
    if (versions && versions.length > 1)
      places.set(row.id, { index: versions.indexOf(row.id) + 1, count: versions.length })
  }
  return places
}

/**
 * Shows version `index` (from 1) of a message on the active path instead of it, with the path beneath that version
 * as it was when it was hidden; hides the current one and its path. Inside a transaction. Returns how the number
 * of messages on the active path changed and the id of the version shown (nothing written when it already was).
 */
export function switchVersion(
  db: Db,
  conversationId: number,
  uid: string,
  index: number
): { shownDelta: number; changed: boolean; shownUid: string } {
  const current = stmt(
    db,
    `SELECT ${BRANCH_COLUMNS} FROM messages WHERE conversation_id = ? AND uid = ? AND inactive IS NULL`
  ).get(conversationId, uid) as BranchRow | undefined
  if (!current) throw notFound('Message', uid)
  const versions =
    current.branch_parent === null
      ? [current.id]
      : (siblingsOf(db, conversationId, [current.branch_parent]).get(current.branch_parent) ?? [current.id])
  const targetId = versions[index - 1]
  if (targetId === undefined)
    throw new UserError(
      'INVALID_INPUT',
      `Message ${uid} has ${versions.length} version${versions.length === 1 ? '' : 's'}; choose one from 1 to ${versions.length}.`
    )
  const target = stmt(db, 'SELECT uid, inactive FROM messages WHERE id = ?').get(targetId) as {
    uid: string
    inactive: number | null
  }
  if (targetId === current.id) return { shownDelta: 0, changed: false, shownUid: uid }
  const { hidden } = hideFrom(db, conversationId, current)
  const shown = stmt(
    db,
    'UPDATE messages SET inactive = NULL WHERE conversation_id = ? AND inactive = ?'
  ).run(conversationId, target.inactive).changes
  return { shownDelta: shown - hidden, changed: true, shownUid: target.uid }
}
