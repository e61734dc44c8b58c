// `personal-agent schema status|upgrade|downgrade [--target N] [--dry-run]`: our own database's schema versions.
import { UserError } from '../../../shared/errors'
import { APP_VERSION } from '../../base/app-version'
import { dataPaths } from '../../base/data-paths'
import { SCHEMA_MIGRATIONS } from '../../store/sqlite/schema'
import {
  downgradeSchema,
  migrationFileName,
  schemaStatus,
  upgradeSchema
} from '../../store/sqlite/schema/schema-runner'
import type { CliCommand, CommandContext } from '../cli-command'

function target(context: CommandContext): number | undefined {
  const raw = context.options['target']
  if (raw === undefined) return undefined
  const n = Number(raw)
  if (typeof raw !== 'string' || !Number.isInteger(n) || n < 0)
    throw new UserError(
      'USAGE',
      `--target must be a schema version number (0 to ${SCHEMA_MIGRATIONS.length}), got "${String(raw)}".`
    )
  return n
}

export const schemaCommand: CliCommand = {
  options: { target: { type: 'string' }, 'dry-run': { type: 'boolean' } },
  usage: 'schema status|upgrade|downgrade [--target N] [--dry-run] [--data-dir DIR] [--json]',
  async run(context) {
    const db = dataPaths(context.dataDir).db
    const action = context.positionals[0]
    const dryRun = context.options['dry-run'] === true
    if (action === 'status' || action === undefined) {
      const status = schemaStatus(db, SCHEMA_MIGRATIONS)
      const lines = [
        `Database: ${db}${status.exists ? '' : ' (not created yet)'}`,
        `Version:  v${status.currentVersion} of v${status.latestVersion}${status.newerThanApp ? ' (written by a newer Personal Agent)' : ''}`,
        ...status.applied.map(
          (a) => `  applied  ${migrationFileName(a)}${a.checksumOk === false ? '  CHECKSUM MISMATCH' : ''}`
        ),
        ...status.pending.map((p) => `  pending  ${migrationFileName(p)}`)
      ]
      return {
        json: status,
        text: lines.join('\n'),
        exitCode: status.checksumMismatches.length || status.newerThanApp ? 1 : 0
      }
    }
    if (action === 'upgrade') {
      const result = await upgradeSchema(db, SCHEMA_MIGRATIONS, {
        target: target(context),
        dryRun,
        appVersion: APP_VERSION
      })
      const text = dryRun
        ? (result.sql ?? '-- nothing to do')
        : `Schema upgraded from v${result.fromVersion} to v${result.toVersion}${result.backup ? ` (backup: ${result.backup})` : ''}.`
      return { json: result, text }
    }
    if (action === 'downgrade') {
      const to = target(context)
      if (to === undefined)
        throw new UserError('USAGE', 'schema downgrade needs --target N (the version to go back to).')
      const result = await downgradeSchema(db, SCHEMA_MIGRATIONS, {
        target: to,
        dryRun,
        appVersion: APP_VERSION
      })
      const text = dryRun
        ? (result.sql ?? '-- nothing to do')
        : `Schema downgraded from v${result.fromVersion} to v${result.toVersion}${result.backup ? ` (backup: ${result.backup})` : ''}.`
      return { json: result, text }
    }
    throw new UserError(
      'USAGE',
      `Unknown schema action "${action}". Use: schema status, schema upgrade or schema downgrade --target N.`
    )
  }
}
