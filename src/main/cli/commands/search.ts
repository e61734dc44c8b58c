// Scaffold: `personal-agent search QUERY` (full-text and vector search merged by reciprocal rank fusion) is being
// built here.
import { UserError } from '../../../shared/errors'
import type { CliCommand } from '../cli-command'

export const searchCommand: CliCommand = {
  options: { limit: { type: 'string' } },
  usage: 'search QUERY [--limit N] [--data-dir DIR] [--json]',
  run: async () => {
    throw new UserError('USAGE', 'Search is not available in this build yet.')
  }
}
