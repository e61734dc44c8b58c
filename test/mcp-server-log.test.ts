// An MCP server's log: stderr written line by line with known secrets redacted (also when a secret arrives split
// across two chunks), the last lines kept for the crash report, and the file rotated at its size.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { registerSecret } from '../src/main/logging/redact'
import { logFileName, ServerLog } from '../src/main/services/mcp/server-log'
import { tempDir } from './support/folders'

const SECRET = 'log-secret-value-0123456789'

describe('ServerLog', () => {
  it('redacts a known secret even when it arrives in two chunks, and keeps the last lines', () => {
    registerSecret(SECRET)
    const path = join(tempDir('pa-mcp-log-'), 'mcp', logFileName('my server/1', 'id-1'))
    expect(path.endsWith('my_server_1.log')).toBe(true)
    const log = new ServerLog(path)
    log.stderr(`token=${SECRET.slice(0, 10)}`)
    log.stderr(`${SECRET.slice(10)} done\nsecond line\npartial`)
    log.flush()
    const text = readFileSync(path, 'utf8')
    expect(text).not.toContain(SECRET)
    expect(text).toContain('token=[redacted] done')
    expect(log.lastLines()).toEqual(['token=[redacted] done', 'second line', 'partial'])
  })

  it('rotates to <server>.log.1 at its size', () => {
    const path = join(tempDir('pa-mcp-log-'), 'mcp', 'big.log')
    const log = new ServerLog(path, 1000)
    for (let i = 0; i < 100; i++) log.stderr(`line ${i} ${'x'.repeat(40)}\n`)
    expect(existsSync(`${path}.1`)).toBe(true)
    expect(statSync(path).size).toBeLessThan(1100)
    expect(readFileSync(path, 'utf8')).toContain('line 99')
  })
})
