// Links in the window open in the system browser, never inside the app: the window-open handler hands http:,
// https: and mailto: URLs to the system and refuses every other, and the window itself never navigates away.
import { safeLinkUrl } from '../../shared/link-policy'

/** The parts of Electron's `webContents` this policy uses (kept structural so tests can drive it). */
export interface GuardedContents {
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void
  on(event: 'will-navigate', listener: (event: { preventDefault(): void }, url: string) => void): void
}

/** Opens a URL outside the app (Electron's `shell.openExternal`). */
export type OpenExternal = (url: string) => Promise<void>

/** What a window-open request does: an allowed URL goes to the system browser; the app opens no window either way. */
export function openOutside(url: string, openExternal: OpenExternal, onFailure: (error: unknown) => void) {
  const allowed = safeLinkUrl(url)
  if (allowed !== null) openExternal(allowed).catch(onFailure)
  return { action: 'deny' as const }
}

/** Applies the policy to a window: links open outside (or not at all), and the page is never replaced. */
export function guardWindowLinks(
  contents: GuardedContents,
  openExternal: OpenExternal,
  onFailure: (error: unknown) => void
): void {
  contents.setWindowOpenHandler(({ url }) => openOutside(url, openExternal, onFailure))
  contents.on('will-navigate', (event) => event.preventDefault())
}
