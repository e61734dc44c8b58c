// Leaving the hybrid backend: the plain-text keys the mirror wrote for an older app version are taken out of it
// (`api_key` and every value under a name shared/secret-policy calls secret), the rest of the mirror stays as it was.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { MCP_FILE, MODELS_FILE } from '../../legacy/legacy-files'
import { LIST_KEYS } from '../../legacy/legacy-source'
import { liftSecrets } from '../../secrets/secret-fields'
import { JsonDocument } from '../json/json-document'
import type { StoreStats } from '../store-stats'

/** Returns how many secret values were removed. */
export function stripMirrorSecrets(dataDir: string, stats: StoreStats): number {
  let removed = 0
  for (const file of [MODELS_FILE, MCP_FILE] as const) {
    if (!existsSync(join(dataDir, file))) continue
    const doc = JsonDocument.open(dataDir, file, LIST_KEYS[file].arrays[0]!, stats)
    const stripped = doc.records.map((record) => liftSecrets(record.value))
    const count = stripped.reduce((sum, s) => sum + s.secrets.length, 0)
    if (count === 0) continue
    doc.change(() => {
      const before = doc.records.map((r) => r.value)
      doc.records.forEach((record, i) => (record.value = stripped[i]!.stripped))
      return { result: undefined, undo: () => doc.records.forEach((r, i) => (r.value = before[i]!)) }
    })
    removed += count
  }
  return removed
}
