// `personal-agent serve [--port P]`: the app in a browser on 127.0.0.1 (see serve/bridge-server). Prints the URL
// to open, token included, as its first line, and runs until interrupted.
import { join } from 'node:path'
import { UserError } from '../../../shared/errors'
import { startBridgeServer } from '../../serve/bridge-server'
import { hybridWarning } from '../../app/store-host'
import { chooseBackend } from '../../store/backend-choice'
import type { CliCommand } from '../cli-command'

export const RENDERER_DIR = join(__dirname, '..', '..', '..', '..', 'out', 'renderer')

export const serveCommand: CliCommand = {
  options: { port: { type: 'string' }, 'storage-backend': { type: 'string' } },
  usage: 'serve [--port P] [--storage-backend sqlite|json|hybrid] [--data-dir DIR]',
  async run(context) {
    const port = Number(context.options['port'] ?? 0)
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new UserError(
        'USAGE',
        `--port must be a port number (0 for any free port), got "${String(context.options['port'])}".`
      )
    const flag = context.options['storage-backend']
    const storageBackend = typeof flag === 'string' ? flag : null
    // A wrong value is refused here, in one line, before anything starts.
    if (chooseBackend(context.dataDir, storageBackend).backend === 'hybrid')
      process.stderr.write(`Warning: ${hybridWarning(context.dataDir)}\n`)
    const server = await startBridgeServer({
      dataDir: context.dataDir,
      port,
      rendererDir: RENDERER_DIR,
      storageBackend
    })
    process.stdout.write(`${server.url}\n`)
    await new Promise<void>((resolve) => {
      const stop = (): void => resolve()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await server.close()
    return { json: { stopped: true }, text: '' }
  }
}
