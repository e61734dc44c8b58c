// `personal-agent export --out DIR`: the current store as legacy files, keys fetched back from the keychain.
import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { UserError } from '../../../shared/errors'
import { dataPaths } from '../../base/data-paths'
import { exportLegacyFiles } from '../../store/sqlite/legacy-export'
import { SecretStore } from '../../secrets/secret-store'
import { openDatabase } from '../../store/sqlite/database'
import type { CliCommand } from '../cli-command'

export const exportCommand: CliCommand = {
  options: { out: { type: 'string' } },
  usage: 'export --out DIR [--data-dir DIR] [--json]',
  async run(context) {
    const out = context.options['out']
    if (typeof out !== 'string' || out === '')
      throw new UserError('USAGE', 'export needs --out DIR, the folder to write the legacy files into.')
    const paths = dataPaths(context.dataDir)
    if (!existsSync(paths.db))
      throw new UserError(
        'WRONG_STATE',
        `${paths.db} does not exist: there is no store to export. Run "personal-agent migrate" first.`
      )
    const db = openDatabase(paths.db, { readonly: true })
    try {
      const files = await exportLegacyFiles(db, new SecretStore(context.dataDir), resolve(out))
      return {
        json: { out: resolve(out), files },
        text: `Exported ${files.join(', ') || 'nothing'} to ${resolve(out)}. These files hold your API keys in plain text: keep them private.`
      }
    } finally {
      db.close()
    }
  }
}
