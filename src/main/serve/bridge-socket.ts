// The page's line to `personal-agent serve`: one WebSocket that carries the IPC table's calls (each answer sent back
// with its call's id) and the events, so a call or a streamed chunk costs one message rather than an HTTP request.
// The bridge server admits a socket only on its own host and origin, with the per-launch token.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { IpcResult } from '../../shared/ipc'

export const SOCKET_PATH = '/api/socket'

/** A call as the page sends it. */
interface SocketCall {
  id: number
  channel: unknown
  req: unknown
}

/** Answers a call's channel and request in the IpcResult envelope (the router the HTTP route uses). */
export type AnswerCall = (channel: unknown, req: unknown) => Promise<IpcResult<unknown>>

function socketCall(data: RawData): SocketCall | null {
  let message: unknown
  try {
    message = JSON.parse(data.toString())
  } catch {
    return null
  }
  if (typeof message !== 'object' || message === null) return null
  const { id, channel, req } = message as Partial<SocketCall>
  return typeof id === 'number' && Number.isSafeInteger(id) ? { id, channel, req } : null
}

/** An event as the socket carries it: `{"event":…,"payload":…}`, its payload serialised once by the caller. */
export function socketEvent(event: string, payloadJson: string): string {
  return `{"event":${JSON.stringify(event)},"payload":${payloadJson}}`
}

export class BridgeSockets {
  private readonly server: WebSocketServer
  private readonly open = new Set<WebSocket>()

  constructor(
    private readonly answer: AnswerCall,
    /** The events a new socket gets first (the migration's progress so far). */
    private readonly greeting: () => string[],
    maxPayload: number
  ) {
    this.server = new WebSocketServer({ noServer: true, maxPayload })
  }

  /** Takes over an admitted upgrade request. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    this.server.handleUpgrade(req, socket, head, (ws) => this.connected(ws))
  }

  /** Sends an event (see `socketEvent`) to every open socket. */
  publish(message: string): void {
    for (const ws of this.open) ws.send(message)
  }

  close(): void {
    for (const ws of this.open) ws.terminate()
    this.open.clear()
    this.server.close()
  }

  private connected(ws: WebSocket): void {
    this.open.add(ws)
    ws.on('close', () => this.open.delete(ws))
    ws.on('error', () => ws.terminate())
    for (const message of this.greeting()) ws.send(message)
    ws.on('message', (data) => {
      const call = socketCall(data)
      // Something that is not a call: the page is not ours, and its socket is closed.
      if (!call) return ws.close(1003, 'Not a call')
      void this.answer(call.channel, call.req).then((result) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id: call.id, result }))
      })
    })
  }
}
