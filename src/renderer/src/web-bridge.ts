// In a plain browser (`personal-agent serve`), installs `window.api` over the loopback bridge: the same RendererApi
// the Electron preload exposes, carried by HTTP and Server-Sent Events. In Electron the preload's api stays.
import type { IpcEventName, IpcEvents, RendererApi } from '../../shared/ipc'
import { IPC_CHANNEL_NAMES, IPC_EVENT_NAMES } from '../../shared/ipc-names'

const TOKEN_KEY = 'personal-agent-token'
const TOKEN_HEADER = 'X-Personal-Agent-Token'

function bridgeToken(): string | null {
  const fromUrl = new URLSearchParams(window.location.search).get('token')
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl)
    // Keep the token out of the address bar, history and screenshots.
    window.history.replaceState(null, '', window.location.pathname)
    return fromUrl
  }
  return sessionStorage.getItem(TOKEN_KEY)
}

function webBridge(token: string): RendererApi {
  const listeners = new Map<IpcEventName, Set<(payload: never) => void>>()
  const events = new EventSource(`/api/events?token=${encodeURIComponent(token)}`)
  for (const name of IPC_EVENT_NAMES) {
    events.addEventListener(name, (message) => {
      const payload = JSON.parse((message as MessageEvent<string>).data) as never
      for (const listener of listeners.get(name) ?? []) listener(payload)
    })
  }
  return {
    async invoke(channel, req) {
      if (!IPC_CHANNEL_NAMES.has(channel)) throw new Error(`Unknown channel ${String(channel)}`)
      const response = await fetch('/api/invoke', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
        body: JSON.stringify({ channel, req })
      })
      if (!response.ok) throw new Error(`The bridge answered ${response.status}`)
      return response.json()
    },
    on<E extends IpcEventName>(event: E, listener: (payload: IpcEvents[E]) => void) {
      if (!IPC_EVENT_NAMES.includes(event)) throw new Error(`Unknown event ${String(event)}`)
      const set = listeners.get(event) ?? new Set()
      set.add(listener as (payload: never) => void)
      listeners.set(event, set)
      return () => set.delete(listener as (payload: never) => void)
    }
  }
}

if (typeof window.api === 'undefined') {
  const token = bridgeToken()
  if (token)
    Object.defineProperty(window, 'api', { value: webBridge(token), configurable: false, writable: false })
}
