// Electron shell: single instance, the window and its CSP, one-shot launch flags, and IPC over the app host.
import { app, BrowserWindow, dialog, ipcMain, session, shell, type IpcMainInvokeEvent } from 'electron'
import { join } from 'node:path'
import { UserError } from '../shared/errors'
import { BACKUP_EXPORT_EXTENSION, type BackupFileChoice } from './app/backup-files'
import { HostController } from './app/host-controller'
import { registerIpcChannels, type IpcDispatcher } from './app/ipc-registration'
import { guardWindowLinks } from './app/external-links'
import { grantsPermission, isTrustedSender, RENDERER_CSP, secureWebPreferences } from './app/window-security'
import { runLaunchAction, type LaunchAction } from './cli/launch-actions'
import { resolveDataDir, resolveLaunchAction, storageBackendFlag } from './cli/data-dir'
import { chooseBackend } from './store/backend-choice'
import { toErrorPayload } from './app/ipc-envelope'
import { configureLogging, logger } from './logging/logger'
import type { ImportSourceKind } from '../shared/import-types'

let win: BrowserWindow | null = null
let controller: HostController | null = null

function exitWith(code: number, text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(text === '' || text.endsWith('\n') ? text : `${text}\n`, () => app.exit(code))
}

async function runAction(action: LaunchAction, dataDir: string): Promise<void> {
  app.dock?.hide()
  try {
    const result = await runLaunchAction(action, dataDir)
    exitWith(result.exitCode, result.output)
  } catch (error) {
    logger.error(`Launch action ${action} failed`, error)
    exitWith(1, toErrorPayload(error).message, process.stderr)
  }
}

/** Electron's "Open log": the file in the system's viewer. */
async function openPath(path: string): Promise<void> {
  const failure = await shell.openPath(path)
  if (failure !== '') throw new UserError('NOT_FOUND', `Could not open the log file ${path}: ${failure}`)
}

/** The import screen's "Choose…": a folder for a notes import, a JSON file for the others. */
async function choosePath(kind: ImportSourceKind): Promise<string | null> {
  if (!win) return null
  const folder = kind === 'folder'
  const result = await dialog.showOpenDialog(win, {
    title: folder ? 'Choose the folder of notes to import' : 'Choose the file to import',
    properties: [folder ? 'openDirectory' : 'openFile'],
    filters: folder ? [] : [{ name: 'JSON', extensions: ['json'] }]
  })
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

/** Settings → Backups: where to save a backup's passphrase-protected copy, or which copy to add. */
async function chooseBackupFile(choice: BackupFileChoice): Promise<string | null> {
  if (!win) return null
  const filters = [{ name: 'Personal Agent backup', extensions: [BACKUP_EXPORT_EXTENSION] }]
  if (choice.action === 'save') {
    const result = await dialog.showSaveDialog(win, {
      title: 'Save a copy of this backup',
      defaultPath: join(app.getPath('documents'), choice.suggestedName),
      filters
    })
    return result.canceled ? null : (result.filePath ?? null)
  }
  const result = await dialog.showOpenDialog(win, {
    title: 'Add a backup from a file',
    properties: ['openFile'],
    filters
  })
  return result.canceled ? null : (result.filePaths[0] ?? null)
}

/** Only the app's own window, from its top frame, may call IPC. */
function admit(event: IpcMainInvokeEvent): void {
  const frame = event.senderFrame
  const trusted = isTrustedSender(frame?.url, frame?.parent === null, process.env['ELECTRON_RENDERER_URL'])
  if (win === null || event.sender !== win.webContents || !trusted)
    throw new Error('IPC from an unknown sender')
}

/** Requests before the window's controller exists (it is made once the app is ready) are refused. */
const dispatcher: IpcDispatcher = {
  dispatch: (channel, req) => {
    if (!controller)
      throw new UserError('WRONG_STATE', 'Personal Agent is still starting; try again in a moment.')
    return controller.dispatch(channel, req)
  }
}

function createWindow(): BrowserWindow {
  const created = new BrowserWindow({
    width: 1200,
    height: 800,
    minWidth: 820,
    minHeight: 560,
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'))
  })
  // The window never leaves the app: no navigation, no other window; links open in the system browser.
  guardWindowLinks(
    created.webContents,
    (url) => shell.openExternal(url),
    (error) => logger.error('Opening a link in the system browser failed', error)
  )
  created.on('closed', () => (win = null))
  const devUrl = process.env['ELECTRON_RENDERER_URL']
  void (devUrl ? created.loadURL(devUrl) : created.loadFile(join(__dirname, '../renderer/index.html')))
  return created
}

async function main(): Promise<void> {
  let dataDir: string
  let storageBackend: string | null
  try {
    dataDir = resolveDataDir(process.argv, process.env)
    storageBackend = storageBackendFlag(process.argv)
    chooseBackend(dataDir, storageBackend)
  } catch (error) {
    return exitWith(2, toErrorPayload(error).message, process.stderr)
  }
  configureLogging(dataDir)
  const action = resolveLaunchAction(process.argv, process.env)
  if (action !== null) return runAction(action, dataDir)

  if (!app.requestSingleInstanceLock()) return app.quit()
  app.on('second-instance', () => {
    if (win?.isMinimized()) win.restore()
    win?.focus()
  })
  app.on('window-all-closed', () => app.quit())
  app.on('before-quit', (event) => {
    const closingController = controller // an interrupted migration resumes at the next launch.
    if (closingController?.host == null) return
    controller = null
    event.preventDefault()
    const closing = Promise.race([
      closingController.dispose(),
      new Promise((resolve) => setTimeout(resolve, 5000))
    ])
    void closing
      .catch((error: unknown) => logger.error('Closing the app host failed', error))
      .finally(() => app.quit())
  })
  registerIpcChannels(
    (channel, answer) => ipcMain.handle(channel, (event, req: unknown) => answer(req, () => admit(event))),
    dispatcher,
    (channel, error) => logger.error(`IPC ${channel} failed`, error)
  )

  await app.whenReady()
  session.defaultSession.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(grantsPermission(permission, details, process.env['ELECTRON_RENDERER_URL']))
  )
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } })
  })
  win = createWindow()
  controller = new HostController(
    dataDir,
    (progress) => win?.webContents.send('migration:progress', progress),
    storageBackend,
    {
      emit: (event, payload) => win?.webContents.send(event, payload),
      choosePath,
      chooseBackupFile,
      openPath
    }
  )
  void controller.start().catch(() => undefined)
}

void main()
