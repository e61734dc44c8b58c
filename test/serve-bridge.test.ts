// The `serve` bridge's gatekeeping: loopback only, the per-launch token, our own host and origin, known channels,
// and no file outside the built renderer; the page's WebSocket under the same rules, answering calls by their id.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  bridgeCall as call,
  bridgeSocket,
  serve,
  socketRefusal,
  type BridgeReply as Reply,
  type Served
} from './support/serve'
import { tempDir } from './support/folders'

describe('personal-agent serve', () => {
  let served: Served
  let url: URL
  let token: string
  const invoke = (channel: string, headers: Record<string, string> = {}): Promise<Reply> =>
    call(url, '/api/invoke', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-personal-agent-token': token, ...headers },
      body: JSON.stringify({ channel })
    })

  beforeAll(async () => {
    served = await serve(tempDir())
    url = new URL(served.url)
    token = url.searchParams.get('token') ?? ''
  })
  afterAll(async () => {
    await served?.stop()
  })

  it('prints a loopback URL with a long random token as its first line', () => {
    expect(url.hostname).toBe('127.0.0.1')
    expect(Number(url.port)).toBeGreaterThan(0)
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/)
  })

  it('answers the IPC table with the token', async () => {
    const reply = await invoke('app:status')
    expect(reply.status).toBe(200)
    expect(JSON.parse(reply.body)).toMatchObject({ ok: true, value: { state: 'migrated' } })
  })

  it('refuses calls without the right token', async () => {
    expect((await invoke('app:status', { 'x-personal-agent-token': 'wrong' })).status).toBe(401)
    expect((await call(url, '/api/events?token=nope')).status).toBe(401)
  })

  it('refuses other hosts (DNS rebinding) and other origins', async () => {
    expect((await invoke('app:status', { host: 'evil.example:80' })).status).toBe(403)
    expect((await invoke('app:status', { origin: 'http://evil.example' })).status).toBe(403)
    expect((await invoke('app:status', { origin: `http://127.0.0.1:${url.port}` })).status).toBe(200)
  })

  it('refuses unknown channels with a clear error', async () => {
    const reply = JSON.parse((await invoke('fs:readFile')).body) as {
      ok: boolean
      error: { message: string }
    }
    expect(reply).toMatchObject({ ok: false, error: { message: 'Unknown request "fs:readFile".' } })
  })

  it("opens the page's socket only on its own host and origin, with the token, at /api/socket", async () => {
    const own = `http://127.0.0.1:${url.port}`
    const path = `/api/socket?token=${encodeURIComponent(token)}`
    expect(await socketRefusal(served, '/api/socket', { origin: own })).toBe(401)
    expect(await socketRefusal(served, '/api/socket?token=wrong', { origin: own })).toBe(401)
    expect(await socketRefusal(served, path, { origin: 'http://evil.example' })).toBe(403)
    expect(await socketRefusal(served, path, { origin: own, host: 'evil.example:80' })).toBe(403)
    expect(await socketRefusal(served, `/api/other?token=${token}`, { origin: own })).toBe(404)
    expect(await socketRefusal(served, path, { origin: own })).toBe(0)
  })

  it('answers calls on the socket by their id, unknown channels included, and closes on anything else', async () => {
    const socket = await bridgeSocket(served)
    const [status, unknown] = await Promise.all([socket.call(2, 'app:status'), socket.call(1, 'fs:readFile')])
    expect(status).toMatchObject({ ok: true, value: { state: 'migrated' } })
    expect(unknown).toMatchObject({ ok: false, error: { message: 'Unknown request "fs:readFile".' } })
    expect(await socket.closedBy('not a call')).toBe(1003)
  })

  it('serves the built renderer and nothing outside it', async () => {
    const index = await call(url, '/')
    expect(index.status).toBe(200)
    expect(index.body).toContain('<div id="root">')
    expect((await call(url, '/../../package.json')).status).toBe(404)
    expect((await call(url, '/%2e%2e/%2e%2e/package.json')).status).toBe(404)
  })
})
