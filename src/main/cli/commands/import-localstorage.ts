// Scaffold: the web version's localStorage import (`import --format localstorage DUMP.json`) is being built here.
import { UserError } from '../../../shared/errors'
import type { ImportFormat } from './import-formats'

export const localStorageFormat: ImportFormat = {
  usage: '--format localstorage DUMP.json',
  run: async () => {
    throw new UserError('USAGE', 'The localStorage import is not available in this build yet.')
  }
}
