// In a plain browser (`personal-agent serve`), installs `window.api` over the loopback bridge: the same RendererApi
// the Electron preload exposes, its calls and events carried by one WebSocket (a call made while the socket is not
// open goes as an HTTP request instead). In Electron the preload's api stays.
import type { IpcEventName, IpcEvents, IpcResult, RendererApi } from '../../shared/ipc'
import { IPC_CHANNEL_NAMES, IPC_EVENT_NAMES } from '../../shared/ipc-names'

const TOKEN_KEY = 'personal-agent-token'
const TOKEN_HEADER = 'X-Personal-Agent-Token'
/** How long the page waits before opening a closed socket again. */
const REOPEN_MS = 1_000

type Deliver = (event: IpcEventName, payload: never) => void

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

/** The bridge's socket: calls answered by id, events handed to `deliver`; opened again whenever it closes. */
class BridgeSocket {
  private socket: WebSocket | null = null
  private nextId = 1
  private readonly waiting = new Map<number, (result: IpcResult<unknown> | null) => void>()

  constructor(
    private readonly token: string,
    private readonly deliver: Deliver
  ) {
    this.open()
  }

  /** The answer to a call over the socket, or null when it is not open (null too if it closes first). */
  call(channel: string, req: unknown): Promise<IpcResult<unknown> | null> | null {
    const socket = this.socket
    if (socket?.readyState !== WebSocket.OPEN) return null
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      socket.send(JSON.stringify({ id, channel, req }))
    })
  }

  private open(): void {
    const url = new URL('/api/socket', window.location.href)
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
    url.search = `?token=${encodeURIComponent(this.token)}`
    const socket = new WebSocket(url)
    socket.onopen = () => {
      this.socket = socket
    }
    socket.onmessage = (message: MessageEvent<string>) => this.received(message.data)
    socket.onclose = () => {
      this.socket = null
      for (const resolve of this.waiting.values()) resolve(null)
      this.waiting.clear()
      setTimeout(() => this.open(), REOPEN_MS)
    }
  }

  private received(data: string): void {
    const message = JSON.parse(data) as
      { id: number; result: IpcResult<unknown> } | { event: IpcEventName; payload: never }
    if ('id' in message) {
      this.waiting.get(message.id)?.(message.result)
      this.waiting.delete(message.id)
    } else if (IPC_EVENT_NAMES.includes(message.event)) this.deliver(message.event, message.payload)
  }
}

function webBridge(token: string): RendererApi {
  const listeners = new Map<IpcEventName, Set<(payload: never) => void>>()
  const socket = new BridgeSocket(token, (event, payload) => {
    for (const listener of listeners.get(event) ?? []) listener(payload)
  })
  const overHttp = async (channel: string, req: unknown): Promise<IpcResult<unknown>> => {
    const response = await fetch('/api/invoke', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [TOKEN_HEADER]: token },
      body: JSON.stringify({ channel, req })
    })
    if (!response.ok) throw new Error(`The bridge answered ${response.status}`)
    return (await response.json()) as IpcResult<unknown>
  }
  return {
    async invoke(channel, req) {
      if (!IPC_CHANNEL_NAMES.has(channel)) throw new Error(`Unknown channel ${String(channel)}`)
      const sent = socket.call(channel, req)
      if (sent === null) return overHttp(channel, req) as never
      const result = await sent
      // The socket closed before the answer: the call may or may not have run, so it is not sent again.
      if (result === null) throw new Error('The bridge closed before it answered')
      return result as never
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
