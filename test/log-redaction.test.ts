// Logs go to <data-dir>/logs/main.log and never carry an API key or token.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { configureLogging, logFilePath } from '../src/main/logging/logger'
import { redact, registerSecret } from '../src/main/logging/redact'
import { tempDir } from './support/folders'

describe('log redaction', () => {
  it('scrubs registered secrets and key-shaped tokens from every log line, arguments and errors included', async () => {
    const dir = tempDir()
    const log = configureLogging(dir)
    registerSecret('my-very-own-password-123')
    log.info('profile saved with key sk-live-abcdefghijklmnop0123')
    log.warn('env', { GITHUB_TOKEN: 'ghp_abcdefghijklmnopqrstuvwxyz', DB: 'my-very-own-password-123' })
    log.error(new Error('request failed: Authorization: Bearer abc.def.ghijklmnopqrstuvwxyz'))
    await new Promise((resolve) => setTimeout(resolve, 200))
    const text = readFileSync(logFilePath(dir), 'utf8')
    expect(text).toContain('profile saved with key [redacted]')
    for (const secret of [
      'sk-live-abcdefghijklmnop0123',
      'ghp_abcdefghijklmnopqrstuvwxyz',
      'my-very-own-password-123',
      'abc.def.ghijklmnopqrstuvwxyz'
    ]) {
      expect(text).not.toContain(secret)
    }
  })

  it('leaves ordinary text alone', () => {
    expect(redact('migrated 42 conversations in 1.2 s; max_tokens=4096')).toBe(
      'migrated 42 conversations in 1.2 s; max_tokens=4096'
    )
  })
})
