// Scaffold: the notes-folder import (`import DIR`, `analyze`, `validate`, `check-incremental`) is being built here.
import { UserError } from '../../../shared/errors'
import type { CliCommand } from '../cli-command'
import type { ImportFormat } from './import-formats'

const notYet = async (): Promise<never> => {
  throw new UserError('USAGE', 'The folder import is not available in this build yet.')
}

export const folderFormat: ImportFormat = { usage: 'DIR', run: notYet }
export const analyzeCommand: CliCommand = { options: {}, usage: 'analyze DIR', run: notYet }
export const validateCommand: CliCommand = { options: {}, usage: 'validate DIR', run: notYet }
export const checkIncrementalCommand: CliCommand = {
  options: {},
  usage: 'check-incremental DIR',
  run: notYet
}
