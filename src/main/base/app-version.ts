// The running app's version, from package.json; written into backups, reports and state.json.
import pkg from '../../../package.json'

export const APP_VERSION: string = pkg.version
