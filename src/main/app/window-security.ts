// The desktop window's security settings, kept free of Electron so tests can pin them: web preferences, the CSP,
// and which frames may call IPC.

/** Content Security Policy for the renderer: no inline or remote scripts, no plugins, no framing. */
export const RENDERER_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

export interface SecureWebPreferences {
  preload: string
  contextIsolation: true
  sandbox: true
  nodeIntegration: false
  nodeIntegrationInWorker: false
  nodeIntegrationInSubFrames: false
  webSecurity: true
  allowRunningInsecureContent: false
  webviewTag: false
}

export function secureWebPreferences(preload: string): SecureWebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false
  }
}

/**
 * IPC is answered only for the app's own top frame: the packaged renderer (file://…/renderer/index.html) or, in
 * development, the electron-vite dev server's origin.
 */
export function isTrustedSender(
  frameUrl: string | undefined,
  isMainFrame: boolean,
  devServerUrl: string | undefined
): boolean {
  if (!isMainFrame || !frameUrl) return false
  let url: URL
  try {
    url = new URL(frameUrl)
  } catch {
    return false
  }
  if (devServerUrl) return url.origin === new URL(devServerUrl).origin
  return url.protocol === 'file:' && url.pathname.endsWith('/renderer/index.html')
}

/**
 * The one permission the window is granted: writing text to the clipboard (a code block's Copy button), and only
 * for the app's own top frame. Every other request (camera, notifications, geolocation, reading the clipboard…) is
 * refused.
 */
export function grantsPermission(
  permission: string,
  frame: { requestingUrl?: string; isMainFrame: boolean },
  devServerUrl: string | undefined
): boolean {
  return (
    permission === 'clipboard-sanitized-write' &&
    isTrustedSender(frame.requestingUrl, frame.isMainFrame, devServerUrl)
  )
}
