// `personal-agent import [--format F] SOURCE`: brings in data from elsewhere (a notes folder by default, or another
// format from import-formats.ts). Every option any format takes is declared here, since parseArgs is strict.
import { UserError } from '../../../shared/errors'
import type { CliCommand } from '../cli-command'
import { IMPORT_FORMATS } from './import-formats'

export const importCommand: CliCommand = {
  options: {
    format: { type: 'string' },
    'dry-run': { type: 'boolean' },
    incremental: { type: 'boolean' },
    'batch-size': { type: 'string' },
    workers: { type: 'string' },
    'max-file-size': { type: 'string' },
    'skip-large-files': { type: 'boolean' },
    output: { type: 'string' },
    from: { type: 'string' },
    home: { type: 'string' },
    'on-conflict': { type: 'string' },
    yes: { type: 'boolean' }
  },
  get usage() {
    const formats = Object.keys(IMPORT_FORMATS)
    return `import [--format ${formats.join('|') || 'FORMAT'}] SOURCE [options] [--data-dir DIR] [--json]`
  },
  changesData: (context) => context.options['dry-run'] !== true,
  async run(context) {
    const name = typeof context.options['format'] === 'string' ? context.options['format'] : 'folder'
    const format = IMPORT_FORMATS[name]
    if (!format)
      throw new UserError(
        'USAGE',
        `Unknown import format "${name}". Known formats: ${Object.keys(IMPORT_FORMATS).join(', ') || 'none'}.`
      )
    return format.run(context)
  }
}
