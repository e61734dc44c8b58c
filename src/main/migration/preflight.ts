// Preflight: before anything is written, every legacy file must read and parse, the disk must have room for the
// backup and the database, and the keychain must pass a write/read/delete probe when there are keys to move.
import { statfsSync, statSync } from 'node:fs'
import { UserError } from '../../shared/errors'
import type { LegacyFileName } from '../legacy/legacy-files'
import { MCP_FILE, MODELS_FILE } from '../legacy/legacy-files'
import { liftSecrets } from '../secrets/secret-fields'
import type { SecretStore } from '../secrets/secret-store'
import { readLegacySource, roughCounts, type LegacySource } from './legacy-source'
import { join } from 'node:path'

export interface MigrationPlan {
  files: LegacyFileName[]
  bytes: number
  counts: ReturnType<typeof roughCounts> & { secrets: number }
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

export async function preflight(
  dataDir: string,
  files: LegacyFileName[],
  secrets: SecretStore
): Promise<MigrationPlan> {
  const source = readLegacySource(dataDir, files)
  const bytes = files.reduce((sum, file) => sum + statSync(join(dataDir, file)).size, 0)
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
  const counts = { ...roughCounts(source), secrets: countSecrets(source) }
  if (counts.secrets > 0) await secrets.probe()
  return { files, bytes, counts, requiredBytes, freeBytes, source }
}
