// Which transport a server record gets, the one-line refusals of records that cannot connect as they are (unknown
// transport, no command, no URL, a `${input:…}` value not given), and the per-server limits read from the record.
import { describe, expect, it } from 'vitest'
import { ServerLog } from '../src/main/services/mcp/server-log'
import { DEFAULT_LIMITS, serverLimits } from '../src/main/services/mcp/server-settings'
import { createTransport, transportKind } from '../src/main/services/mcp/server-transport'
import type { McpConnectionConfig } from '../src/main/store/store'
import { tempDir } from './support/folders'

function config(fields: Partial<McpConnectionConfig>): McpConnectionConfig {
  return {
    id: 'id-1',
    name: 'files',
    transport: 'stdio',
    command: 'node',
    args: [],
    env: {},
    url: null,
    headers: {},
    settings: {},
    savedInputs: {},
    ...fields
  }
}

const log = new ServerLog(`${tempDir('pa-mcp-transport-')}/files.log`)

describe('server transports', () => {
  it('picks stdio, Streamable HTTP or SSE from the record', () => {
    expect(transportKind(config({}))).toBe('stdio')
    expect(transportKind(config({ transport: '', command: null, url: 'http://127.0.0.1:1/mcp' }))).toBe(
      'http'
    )
    expect(transportKind(config({ transport: 'streamable-http' }))).toBe('http')
    expect(transportKind(config({ transport: 'SSE' }))).toBe('sse')
  })

  it('refuses in one line what cannot connect as it is', () => {
    expect(() => createTransport(config({ transport: 'websocket' }), DEFAULT_LIMITS, log)).toThrow(
      'MCP server "files" has transport "websocket", which is not one this app speaks. Set it to stdio, http (Streamable HTTP) or sse in MCP servers → files.'
    )
    expect(() => createTransport(config({ command: ' ' }), DEFAULT_LIMITS, log)).toThrow(
      'MCP server "files" has no command to start.'
    )
    expect(() => createTransport(config({ transport: 'http', url: 'ftp://x' }), DEFAULT_LIMITS, log)).toThrow(
      'has a URL that is not an http(s) address'
    )
    expect(() =>
      createTransport(config({ env: { GITHUB_TOKEN: '${input:github-token}' } }), DEFAULT_LIMITS, log)
    ).toThrow('MCP server "files" needs the value of ${input:github-token} for its env GITHUB_TOKEN')
  })

  it('reads per-server limits in snake or camel case, ignoring values that are not positive numbers', () => {
    expect(serverLimits({ call_timeout_ms: 1500, connectTimeoutMs: '2500', list_timeout_ms: -1 })).toEqual({
      ...DEFAULT_LIMITS,
      callMs: 1500,
      connectMs: 2500
    })
  })
})
