// Preflight: before anything is written, every legacy file must open and scan as JSON (the small profile and MCP
// files parse whole), the disk must have room for the backup and the database, and the keychain must pass a
// write/read/delete probe when there are keys to move. Conversations parse record by record during the import,
// which stops and undoes everything at the first record that does not parse.
import { statfsSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { LegacyFileName } from '../legacy/legacy-files'
import { MCP_FILE, MODELS_FILE } from '../legacy/legacy-files'
import { liftSecrets } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import { countMessages, readLegacySource, recordCounts, type LegacySource } from './legacy-source'

export interface MigrationPlan {
  files: LegacyFileName[]
  bytes: number
  counts: ReturnType<typeof recordCounts> & { messages: number | null; secrets: number }
  requiredBytes: number
  freeBytes: number
  source: LegacySource
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

/** `exact` (a dry run) parses conversations.json too, to count its messages. */
export async function preflight(
  dataDir: string,
  files: LegacyFileName[],
  secrets: SecretStore,
  options: { exact?: boolean; onScan?: (bytes: number) => void } = {}
): Promise<MigrationPlan> {
  const source = readLegacySource(dataDir, files, options.onScan)
  const bytes = Object.values(source.documents).reduce((sum, doc) => sum + doc.bytes, 0)
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
  const counts = {
    ...recordCounts(source),
    messages: options.exact ? countMessages(source) : null,
    secrets: countSecrets(source)
  }
  if (counts.secrets > 0) await secrets.probe()
  return { files, bytes, counts, requiredBytes, freeBytes, source }
}
