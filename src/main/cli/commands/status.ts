// `personal-agent status`: the data folder's migration state, schema version, backups and legacy files. Read-only.
import { existsSync } from 'node:fs'
import { APP_VERSION } from '../../base/app-version'
import { readLockHolder } from '../../fs/file-lock'
import { countBackups } from '../../migration/backup'
import { dataPaths } from '../../base/data-paths'
import { detectState } from '../../migration/detect-state'
import { LATEST_SCHEMA_VERSION } from '../../store/sqlite/schema'
import { hybridWarning } from '../../app/store-host'
import { chooseBackend, launchedBackend } from '../../store/backend-choice'
import { readCounters } from '../../store/store-stats'
import type { CliCommand } from '../cli-command'
import { newerLegacyData } from '../../imports/legacy/newer-legacy-data'

export const statusCommand: CliCommand = {
  options: {},
  usage: 'status [--data-dir DIR] [--json]',
  async run({ dataDir }) {
    const paths = dataPaths(dataDir)
    const exists = existsSync(dataDir)
    const detected = exists ? detectState(dataDir) : null
    const backups = exists ? countBackups(paths) : 0
    const holder = exists ? readLockHolder(paths.lock) : null
    const backend = chooseBackend(dataDir)
    const counters = readCounters(dataDir)
    const storageBackend = launchedBackend(detected?.state ?? 'fresh', backend)
    // Legacy files in a migrated folder that is not on hybrid (where they are the mirror): the old app ran again.
    const newerLegacy = detected ? newerLegacyData(dataDir, detected.state, storageBackend) : []
    const json = {
      state: detected?.state ?? 'fresh',
      dataDir,
      dataDirExists: exists,
      appVersion: APP_VERSION,
      schemaVersion: detected?.schemaVersion ?? 0,
      latestSchemaVersion: LATEST_SCHEMA_VERSION,
      legacyFiles: detected?.legacyFiles ?? [],
      incomplete: detected?.stateFile?.incomplete ?? [],
      lastBackup: detected?.stateFile?.backupId ?? null,
      backups,
      lockedBy: holder && !holder.stale ? { pid: holder.pid, purpose: holder.purpose } : null,
      storageBackend,
      newerLegacyData: newerLegacy,
      requestedBackend: backend.backend,
      storageBackendSource: backend.source,
      counters
    }
    const text = [
      `State:        ${json.state}`,
      `Data folder:  ${dataDir}${exists ? '' : ' (does not exist yet)'}`,
      `Schema:       v${json.schemaVersion} (this app: v${LATEST_SCHEMA_VERSION})`,
      `Legacy files: ${json.legacyFiles.length ? json.legacyFiles.join(', ') : 'none'}`,
      `Backups:      ${backups}`,
      `Storage:      ${json.storageBackend}${json.storageBackend === backend.backend ? ` (${backend.source})` : ` (${backend.backend} is chosen by ${backend.source}; the folder is rolled back)`}; writes SQLite ${counters.sqlite.writes}, JSON ${counters.json.writes}; errors SQLite ${counters.sqlite.errors}, JSON ${counters.json.errors}; fallbacks ${counters.sqlite.fallbacks + counters.json.fallbacks}; consistency checks ${counters.consistency.checks} (${counters.consistency.failures} failed)`,
      ...(json.storageBackend === 'hybrid' ? [`Warning:      ${hybridWarning(dataDir)}`] : []),
      ...(newerLegacy.length
        ? [
            `Newer data:   the old app wrote ${newerLegacy.join(', ')} since the migration; run "personal-agent import --format legacy" to import what is new or changed`
          ]
        : []),
      ...(json.incomplete.length
        ? [`Incomplete:   ${json.incomplete.join(', ')} (run "personal-agent migrate" to retry)`]
        : [])
    ].join('\n')
    return { json, text }
  }
}
