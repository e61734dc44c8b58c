// Preflight: before anything is written, every legacy file must open and scan as JSON (the small profile and MCP
// files parse whole, and so does every record of the conversation folders' files), the disk must have room for the
// backup and the database, and the keychain must pass a write/read/delete probe when there are keys to move.
// conversations.json parses record by record during the import, which stops and undoes everything at the first
// record that does not parse.
import { statfsSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { LegacySourceFile } from '../legacy/legacy-files'
import { isConversationFolderFile, MCP_FILE, MODELS_FILE } from '../legacy/legacy-files'
import type { QuarantineEntry } from '../../shared/types'
import { migrationCensus } from './migration-census'
import { liftSecrets } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import {
  conversationDocuments,
  documentMessages,
  readLegacySource,
  recordCounts,
  type LegacySource
} from '../legacy/legacy-source'

export interface MigrationPlan {
  files: LegacySourceFile[]
  bytes: number
  counts: ReturnType<typeof recordCounts> & {
    messages: number | null
    secrets: number
    /** Files of the conversation folders (`conversations/`, `sessions/`) among `files`. */
    conversation_files: number
  }
  requiredBytes: number
  freeBytes: number
  /** With `exact` (a dry run): the records the run will set aside, as its report will list them; else null. */
  setAside: QuarantineEntry[] | null
  source: LegacySource
  /** Files found damaged and salvaged (only with `salvage`). */
  damaged: LegacySourceFile[]
}

const MARGIN_BYTES = 16 * 1024 * 1024

export function countSecrets(source: LegacySource): number {
  let secrets = 0
  for (const file of [MODELS_FILE, MCP_FILE] as const) {
    for (const record of source.documents[file]?.records ?? [])
      secrets += liftSecrets(record.value).secrets.length
  }
  return secrets
}

/**
 * Every record of the conversation folders' files is parsed here, so a file that is not JSON stops the run before
 * the backup, naming the file, line and column.
 */
function checkFolderRecords(source: LegacySource, onScan: (bytes: number) => void): void {
  let passed = 0
  for (const doc of conversationDocuments(source)) {
    if (!isConversationFolderFile(doc.file)) continue
    documentMessages(doc)
    passed += doc.bytes
    onScan(passed)
  }
}

/**
 * `exact` (a dry run) parses conversations.json too and checks every record as the import will, so the counts are the
 * ones the run reports, with what it will set aside.
 */
export async function preflight(
  dataDir: string,
  files: LegacySourceFile[],
  secrets: SecretStore,
  options: { exact?: boolean; onScan?: (bytes: number) => void; salvage?: boolean } = {}
): Promise<MigrationPlan> {
  const source = readLegacySource(dataDir, files, options.onScan, options.salvage)
  checkFolderRecords(source, options.onScan ?? (() => {}))
  const bytes = Object.values(source.documents).reduce((sum, doc) => sum + (doc?.bytes ?? 0), 0)
  // The backup is a byte copy; the database with its indexes takes up to about twice the JSON.
  const requiredBytes = bytes + bytes * 2 + MARGIN_BYTES
  const stats = statfsSync(dataDir)
  const freeBytes = stats.bavail * stats.bsize
  if (freeBytes < requiredBytes) {
    const mb = (n: number): string => `${Math.ceil(n / 1024 / 1024)} MB`
    throw new UserError(
      'DISK_SPACE',
      `Not enough free disk space in ${dataDir}: the migration needs about ${mb(requiredBytes)} and ${mb(freeBytes)} are free. Free some space, then try again.`
    )
  }
  // A dry run checks every record as the import will, so it announces what the run keeps and sets aside.
  const census = options.exact ? migrationCensus(source) : null
  const counts = {
    ...recordCounts(source),
    ...(census
      ? {
          conversations: census.conversations,
          messages: census.messages,
          profiles: census.profiles,
          mcp_servers: census.mcp_servers
        }
      : { messages: null }),
    secrets: countSecrets(source),
    conversation_files: files.filter(isConversationFolderFile).length
  }
  if (counts.secrets > 0) await secrets.probe()
  const damaged = files.filter((file) => source.documents[file]?.damaged !== undefined)
  return {
    files,
    bytes,
    counts,
    requiredBytes,
    freeBytes,
    setAside: census?.setAside ?? null,
    source,
    damaged
  }
}
