// Other apps' MCP servers into this app: a preview that lists each server with its app, transport, the names of
// its secrets (never their values) and any conflict (a server of that name here already, or in two apps), then the
// import of the user's choices (import, skip, import under another name, or replace the server here). Secret env
// values and auth headers go to the keychain; each server keeps its source; a second import adds nothing.
import { createHash } from 'node:crypto'
import type { McpCandidateView, McpChoice } from '../../../shared/import-types'
import { isSecretNamedValue } from '../../../shared/secret-policy'
import { contentHash } from '../../base/canonical-json'
import { isPlainObject, type JsonObject } from '../../base/record-codec'
import type { Db } from '../../store/sqlite/database'
import { replaceMcpServer, writeConfigRecord } from '../../store/sqlite/import-writes/imported-rows'
import { snapshotTarget, targetExists } from '../../store/sqlite/import-writes/target-rows'
import { backupBeforeImport, type ImportBackup } from '../import-backup'
import { runIntegrityChecks, type IntegrityCheck } from '../import-integrity'
import type { OnImportProgress } from '../import-progress'
import { emptyCounts, ImportRun, type ActionCounts } from '../import-run'
import type { ImportStore } from '../import-store'
import { discardSecrets, prepareConfigRecord, type PreparedConfigRecord } from '../imported-records'
import { findMapping, saveMapping } from '../legacy-id-map'
import { APP_NAMES, type DiscoveredConfig, type FoundServer } from './mcp-discovery'

export interface McpCandidate extends McpCandidateView {
  config: DiscoveredConfig
  server: FoundServer
  hash: string
  /** The server here an earlier import of this one made, if it is still there. */
  importedAs: string | null
}

function sourceOf(config: DiscoveredConfig): string {
  return `mcp:${config.app}:${config.path}`
}

/**
 * The server in the legacy record shape (transport from `type`, `disabled` as enabled), everything else kept, with
 * the `inputs` entries it refers to (the MCP runtime reads their descriptions and `password` from the record).
 */
export function serverRecord(server: FoundServer, name: string): JsonObject {
  const { type, disabled, ...rest } = server.config
  const url = rest['url'] ?? rest['serverUrl']
  return {
    ...rest,
    name,
    transport: typeof type === 'string' ? type : typeof url === 'string' ? 'sse' : 'stdio',
    ...(typeof disabled === 'boolean' ? { enabled: !disabled } : {}),
    ...(server.inputs.length > 0 && rest['inputs'] === undefined ? { inputs: server.inputs } : {})
  }
}

/** A password input's `default` is a secret whatever its name: its path, for the keychain. */
function secretInputDefaults(record: JsonObject): string[][] {
  const inputs = record['inputs']
  return Array.isArray(inputs)
    ? inputs.flatMap((input, index) =>
        isPlainObject(input) && input['password'] === true && typeof input['default'] === 'string'
          ? [['inputs', String(index), 'default']]
          : []
      )
    : []
}

/** What a re-import compares: the server's config, and the inputs it refers to when it has any. */
function serverHash(server: FoundServer): string {
  return contentHash(
    server.inputs.length > 0 ? { config: server.config, inputs: server.inputs } : server.config
  )
}

/** The names of its secret headers (their values go to the keychain with the secret env values). */
function secretHeaders(server: FoundServer): string[] {
  const headers = server.config['headers']
  return isPlainObject(headers)
    ? Object.entries(headers)
        .filter(([name, value]) => isSecretNamedValue(name, value))
        .map(([name]) => name)
    : []
}

function secretNames(server: FoundServer): string[] {
  const env = server.config['env']
  const envKeys = isPlainObject(env)
    ? Object.entries(env)
        .filter(([key, value]) => isSecretNamedValue(key, value))
        .map(([key]) => key)
    : []
  return [...envKeys, ...secretHeaders(server).map((h) => `header ${h}`)]
}

function ownServer(db: Db, name: string): { uid: string } | undefined {
  return db
    .prepare('SELECT uid FROM mcp_servers WHERE name = ? AND workspace_id IS NULL ORDER BY position LIMIT 1')
    .get(name) as { uid: string } | undefined
}

/** What the preview shows of a candidate (never its config, which holds the secret values). */
export function candidateView(candidate: McpCandidate): McpCandidateView {
  const { key, name, app, path, transport, conflict, secretEnvKeys, alreadyImported } = candidate
  return { key, name, app, path, transport, conflict, secretEnvKeys, alreadyImported }
}

export function previewMcpImport(db: Db, configs: readonly DiscoveredConfig[]): McpCandidate[] {
  const all = configs.flatMap((config) => config.servers.map((server) => ({ config, server })))
  return all.map(({ config, server }) => {
    const hash = serverHash(server)
    const mapping = findMapping(db, sourceOf(config), server.name, 'mcp_server')
    const importedAs = mapping && targetExists(db, 'mcp_server', mapping.targetUid) ? mapping.targetUid : null
    const others = all
      .filter((o) => o.server.name === server.name && o.config !== config)
      .map((o) => APP_NAMES[o.config.app])
    const here = ownServer(db, server.name)
    const conflict =
      importedAs === null && here
        ? `A server named “${server.name}” is already set up here`
        : others.length > 0
          ? `Also found in ${[...new Set(others)].join(', ')}`
          : null
    const view = serverRecord(server, server.name)
    return {
      key: `${config.app}:${server.name}:${createHash('sha256').update(config.path).digest('hex').slice(0, 8)}`,
      name: server.name,
      app: APP_NAMES[config.app],
      path: config.path,
      transport: String(view['transport']),
      conflict,
      secretEnvKeys: secretNames(server),
      alreadyImported: importedAs !== null && mapping?.contentHash === hash,
      config,
      server,
      hash,
      importedAs
    }
  })
}

export interface McpImportReport {
  runId: string | null
  dryRun: boolean
  counts: ActionCounts
  servers: { name: string; app: string; action: string; as: string | null }[]
  problems: string[]
  integrity: IntegrityCheck[]
  backups: ImportBackup[]
}

/** The choice for each candidate the user did not decide on: import unless it conflicts. */
export function defaultChoices(
  candidates: readonly McpCandidate[],
  onConflict: 'skip' | 'rename' | 'replace'
): McpChoice[] {
  return candidates.map((c) => {
    if (c.conflict === null) return { key: c.key, action: 'import' }
    if (onConflict === 'rename') return { key: c.key, action: 'rename', newName: `${c.name} (${c.app})` }
    return { key: c.key, action: onConflict }
  })
}

export async function importMcpServers(
  store: ImportStore,
  configs: readonly DiscoveredConfig[],
  choices: readonly McpChoice[],
  options: { dryRun?: boolean } = {},
  onProgress?: OnImportProgress
): Promise<McpImportReport> {
  const { db, secrets } = store
  const candidates = previewMcpImport(db, configs)
  const chosen = new Map(choices.map((choice) => [choice.key, choice]))
  const report: McpImportReport = {
    runId: null,
    dryRun: options.dryRun === true,
    counts: emptyCounts(),
    servers: [],
    problems: configs.flatMap((c) => c.problems),
    integrity: [],
    backups: []
  }
  const plan = candidates.map((candidate) => {
    const choice = chosen.get(candidate.key) ?? { key: candidate.key, action: 'skip' as const }
    const action = candidate.alreadyImported ? 'already-imported' : choice.action
    const name = choice.action === 'rename' && choice.newName ? choice.newName : candidate.name
    const replaces =
      action === 'replace' ? (candidate.importedAs ?? ownServer(db, candidate.name)?.uid ?? null) : null
    return { candidate, action, name, replaces }
  })
  if (report.dryRun) {
    for (const p of plan) {
      const counted =
        p.action === 'already-imported'
          ? 'already-imported'
          : p.action === 'skip'
            ? 'skipped'
            : p.replaces
              ? 'updated'
              : 'created'
      report.counts[counted] += 1
      report.servers.push({ name: p.candidate.name, app: p.candidate.app, action: counted, as: p.name })
    }
    return report
  }
  const run = ImportRun.start(db, secrets, 'mcp', configs.map((c) => c.path).join(', '), { choices })
  report.runId = run.id
  const prepared = new Map<McpCandidate, PreparedConfigRecord>()
  try {
    report.backups = await backupBeforeImport(store, run.id, null)
    for (const p of plan) {
      if (p.action === 'skip' || p.action === 'already-imported') continue
      // Secret env values and headers are lifted by the one name rule (secret-policy), as in the migration.
      const record = serverRecord(p.candidate.server, p.name)
      prepared.set(
        p.candidate,
        await prepareConfigRecord(secrets, 'mcp_servers', record, secretInputDefaults(record))
      )
    }
    db.transaction(() => {
      plan.forEach((p, index) => {
        onProgress?.({ phase: 'import', done: index + 1, total: plan.length, message: p.candidate.name })
        const { candidate } = p
        const base = {
          sourcePath: candidate.path,
          sourceKey: candidate.name,
          contentHash: candidate.hash,
          targetKind: 'mcp_server' as const
        }
        const mapping = {
          source: sourceOf(candidate.config),
          legacyId: candidate.name,
          targetKind: 'mcp_server' as const,
          contentHash: candidate.hash,
          runId: run.id
        }
        let action: 'created' | 'updated' | 'skipped' | 'already-imported'
        let uid: string | null = candidate.importedAs
        if (p.action === 'already-imported' || p.action === 'skip') {
          action = p.action === 'skip' ? 'skipped' : 'already-imported'
          run.record({
            ...base,
            action,
            targetUid: uid,
            message: p.action === 'skip' ? 'skipped by choice' : null
          })
        } else if (p.replaces) {
          action = 'updated'
          uid = p.replaces
          const previous = snapshotTarget(db, 'mcp_server', uid)
          // Its old keychain references are set aside in the run record (the entries stay, so a rollback can
          // point at them again).
          replaceMcpServer(db, uid, prepared.get(candidate)!, `${candidate.config.app}:${candidate.path}`)
          for (const secret of prepared.get(candidate)!.secrets)
            run.record({
              sourcePath: candidate.path,
              sourceKey: candidate.name,
              action: 'created',
              targetKind: 'secret',
              targetUid: secret.account
            })
          run.record({
            ...base,
            action,
            targetUid: uid,
            previous: {
              ...previous,
              mapping: findMapping(db, mapping.source, mapping.legacyId, 'mcp_server')
            }
          })
          saveMapping(db, { ...mapping, targetUid: uid })
        } else {
          action = 'created'
          uid = writeConfigRecord(db, prepared.get(candidate)!, {
            workspaceId: null,
            source: `${candidate.config.app}:${candidate.path}`
          }).uid
          run.record({ ...base, action, targetUid: uid })
          saveMapping(db, { ...mapping, targetUid: uid })
        }
        report.counts[action] += 1
        report.servers.push({
          name: candidate.name,
          app: candidate.app,
          action,
          as: action === 'skipped' ? null : p.name
        })
      })
    }).immediate()
    report.integrity = runIntegrityChecks(db, run.id)
    run.finish(report)
    return report
  } catch (error) {
    for (const record of prepared.values()) await discardSecrets(secrets, record)
    run.fail(error instanceof Error ? error.message : String(error))
    throw error
  }
}
