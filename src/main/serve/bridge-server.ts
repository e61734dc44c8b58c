// `personal-agent serve`: the built renderer and the IPC table over loopback, for browsers and end-to-end tests: a
// WebSocket for the page (calls and events, bridge-socket.ts), and the same calls as POST /api/invoke with the events
// as Server-Sent Events for scripts. Same launch sequence, services, database and keychain as the desktop app. Bound
// to 127.0.0.1; every API call needs the per-launch token; other hosts and origins are refused.
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { UserError } from '../../shared/errors'
import type { IpcEventName, IpcEvents, IpcResult } from '../../shared/ipc'
import { HostController } from '../app/host-controller'
import { toIpcResult } from '../app/ipc-envelope'
import { answerUnknown, registerIpcChannels, type IpcAnswer } from '../app/ipc-registration'
import { RENDERER_CSP } from '../app/window-security'
import { logger } from '../logging/logger'
import { serveBackupFileChooser } from './backup-file-choice'
import { BridgeSockets, SOCKET_PATH, socketEvent } from './bridge-socket'
import { readStatic } from './static-files'

export const TOKEN_HEADER = 'x-personal-agent-token'
const MAX_BODY_BYTES = 16 * 1024 * 1024

export interface BridgeServer {
  url: string
  port: number
  close(): Promise<void>
}

export interface BridgeOptions {
  dataDir: string
  port: number
  rendererDir: string
  /** The --storage-backend flag, or null. */
  storageBackend?: string | null
}

function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false
  const a = Buffer.from(given)
  const b = Buffer.from(token)
  return a.length === b.length && timingSafeEqual(a, b)
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store'
  })
  res.end(body)
}

/** An event as the event stream carries it, its payload serialised once by the caller. */
function sseEvent(event: IpcEventName, payloadJson: string): string {
  return `event: ${event}\ndata: ${payloadJson}\n\n`
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_BODY_BYTES) {
        reject(new UserError('INVALID_INPUT', 'The request is too large.'))
        req.destroy()
      } else chunks.push(chunk)
    })
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

/** The body of POST /api/invoke: `{ channel, req }` (anything else names no channel). */
async function readInvoke(req: IncomingMessage): Promise<{ channel?: unknown; req?: unknown }> {
  const body: unknown = JSON.parse(await readBody(req))
  return typeof body === 'object' && body !== null ? (body as { channel?: unknown; req?: unknown }) : {}
}

export async function startBridgeServer(options: BridgeOptions): Promise<BridgeServer> {
  if (!existsSync(options.rendererDir)) {
    throw new UserError(
      'NOT_FOUND',
      `The built renderer is missing (${options.rendererDir}). Run "npm run build" first.`
    )
  }
  const token = randomBytes(24).toString('base64url')
  /** The answer to a call of `channel` with `req`, as both transports carry it. */
  const answer = (channel: unknown, req: unknown): Promise<IpcResult<unknown>> => {
    const route = typeof channel === 'string' ? routes.get(channel) : undefined
    return route ? route(req) : answerUnknown(channel)
  }
  const sockets = new BridgeSockets(
    answer,
    () => (lastProgress ? [socketEvent('migration:progress', JSON.stringify(lastProgress))] : []),
    MAX_BODY_BYTES
  )
  const listeners = new Set<ServerResponse>()
  let lastProgress: IpcEvents['migration:progress'] | null = null
  const publish = <E extends IpcEventName>(event: E, payload: IpcEvents[E]): void => {
    const data = JSON.stringify(payload)
    sockets.publish(socketEvent(event, data))
    for (const res of listeners) res.write(sseEvent(event, data))
  }
  const controller = new HostController(
    options.dataDir,
    (progress) => {
      lastProgress = progress
      publish('migration:progress', progress)
    },
    options.storageBackend ?? null,
    // No native file chooser in a browser tab: the import screen takes a typed path instead, and backup copies go to
    // (and come from) one folder next to the data folder.
    { emit: publish, chooseBackupFile: serveBackupFileChooser(options.dataDir) }
  )
  // The router: one answer per channel of the contract, registered as Electron's ipcMain registers them.
  const routes = new Map<string, IpcAnswer>()
  registerIpcChannels(
    (channel, route) => routes.set(channel, route),
    controller,
    (channel, error) => logger.error(`serve: ${channel} failed`, error)
  )
  let allowedHosts: Set<string> = new Set()
  /** Our own host, and our own origin when one is given (DNS rebinding and cross-site requests are refused). */
  const ownOrigin = (req: IncomingMessage): boolean => {
    const origin = req.headers.origin
    return (
      allowedHosts.has(req.headers.host ?? '') &&
      (origin === undefined || allowedHosts.has(origin.replace(/^http:\/\//, '')))
    )
  }

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      logger.error('serve: request failed', error)
      if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'Internal error')
    })
  })

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const refusal = !ownOrigin(req)
      ? '403 Forbidden'
      : url.pathname !== SOCKET_PATH
        ? '404 Not Found'
        : !sameToken(url.searchParams.get('token'), token)
          ? '401 Unauthorized'
          : null
    if (refusal === null) return sockets.accept(req, socket, head)
    socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!ownOrigin(req)) return send(res, 403, 'text/plain; charset=utf-8', 'Forbidden')
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? ''}`)
    if (url.pathname === '/api/events') {
      if (!sameToken(url.searchParams.get('token'), token))
        return send(res, 401, 'text/plain; charset=utf-8', 'Unauthorized')
      res.writeHead(200, {
        'Content-Type': 'text/event-stream',
        'Cache-Control': 'no-store',
        Connection: 'keep-alive'
      })
      res.write(': connected\n\n')
      if (lastProgress) res.write(sseEvent('migration:progress', JSON.stringify(lastProgress)))
      listeners.add(res)
      req.on('close', () => listeners.delete(res))
      return
    }
    if (url.pathname === '/api/invoke') {
      if (req.method !== 'POST') return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')
      const given = req.headers[TOKEN_HEADER]
      if (!sameToken(Array.isArray(given) ? given[0] : given, token))
        return send(res, 401, 'text/plain; charset=utf-8', 'Unauthorized')
      const body = await toIpcResult(
        () => readInvoke(req),
        (error) => logger.error('serve: request failed', error)
      )
      const result = body.ok ? await answer(body.value.channel, body.value.req) : body
      return send(res, 200, 'application/json; charset=utf-8', JSON.stringify(result))
    }
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return send(res, 405, 'text/plain; charset=utf-8', 'Method not allowed')
    const file = readStatic(options.rendererDir, url.pathname)
    if (!file) return send(res, 404, 'text/plain; charset=utf-8', 'Not found')
    return send(res, 200, file.type, file.body)
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new UserError(
              'USAGE',
              `Port ${options.port} is already in use. Choose another with --port, or --port 0 for any free port.`
            )
          : error
      )
    )
    server.listen(options.port, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as AddressInfo).port
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  // Same launch sequence as the app: detect, migrate in a worker, open the services. Requests wait for it.
  void controller.start().catch(() => undefined)
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    close: async () => {
      for (const res of listeners) res.end()
      sockets.close()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await controller.dispose()
    }
  }
}
