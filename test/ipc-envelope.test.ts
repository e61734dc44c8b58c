// Unit tests for the IPC envelope: values pass through, user errors keep code and message, anything else is hidden.
import { describe, expect, it, vi } from 'vitest'
import { callHandler, GENERIC_ERROR_MESSAGE, toErrorPayload, toIpcResult } from '../src/main/app/ipc-envelope'
import { UserError } from '../src/shared/errors'
import type { IpcHandlers } from '../src/shared/ipc'

describe('toIpcResult', () => {
  it('wraps a value', async () => {
    expect(await toIpcResult(() => 42)).toEqual({ ok: true, value: 42 })
    expect(await toIpcResult(async () => ({ a: 1 }))).toEqual({ ok: true, value: { a: 1 } })
  })

  it('keeps the code and message of a UserError and does not report it as unexpected', async () => {
    const onUnexpected = vi.fn()
    const result = await toIpcResult(async () => {
      throw new UserError('DISK_SPACE', 'Not enough free space in /data: 2 GB needed.')
    }, onUnexpected)
    expect(result).toEqual({
      ok: false,
      error: { code: 'DISK_SPACE', message: 'Not enough free space in /data: 2 GB needed.' }
    })
    expect(onUnexpected).not.toHaveBeenCalled()
  })

  it('keeps an error shaped like a UserError (rebuilt after a worker boundary)', async () => {
    const rebuilt = Object.assign(new Error('Locked by another process.'), {
      name: 'UserError',
      code: 'LOCKED'
    })
    expect(await toIpcResult(() => Promise.reject(rebuilt))).toEqual({
      ok: false,
      error: { code: 'LOCKED', message: 'Locked by another process.' }
    })
  })

  it('hides an unknown error behind INTERNAL and a generic message, and reports it', async () => {
    const onUnexpected = vi.fn()
    const secret = new Error('SQLITE_CORRUPT at /home/me/.personal-agent/db.sqlite key=sk-abcdef123456')
    const result = await toIpcResult(() => {
      throw secret
    }, onUnexpected)
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: GENERIC_ERROR_MESSAGE } })
    expect(JSON.stringify(result)).not.toContain('SQLITE_CORRUPT')
    expect(JSON.stringify(result)).not.toContain('stack')
    expect(onUnexpected).toHaveBeenCalledWith(secret)
  })

  it('hides thrown non-errors and fake codes', async () => {
    const fake = Object.assign(new Error('raw detail'), { name: 'UserError', code: 'NOT_A_CODE' })
    for (const thrown of ['a string', { code: 'USAGE', message: 'plain object' }, fake, null]) {
      expect(await toIpcResult(() => Promise.reject(thrown))).toEqual({
        ok: false,
        error: { code: 'INTERNAL', message: GENERIC_ERROR_MESSAGE }
      })
    }
  })

  it('still answers when the logging callback throws', async () => {
    const result = await toIpcResult(
      () => {
        throw new Error('boom')
      },
      () => {
        throw new Error('logger down')
      }
    )
    expect(result).toEqual({ ok: false, error: { code: 'INTERNAL', message: GENERIC_ERROR_MESSAGE } })
  })
})

describe('toErrorPayload', () => {
  it('maps user and unknown errors', () => {
    expect(toErrorPayload(new UserError('NOT_FOUND', 'No conversation c1.'))).toEqual({
      code: 'NOT_FOUND',
      message: 'No conversation c1.'
    })
    expect(toErrorPayload(new TypeError('x is undefined'))).toEqual({
      code: 'INTERNAL',
      message: GENERIC_ERROR_MESSAGE
    })
  })
})

describe('callHandler', () => {
  it('calls the handler of the channel with the request', async () => {
    const rename = vi.fn(async (req: { id: string; title: string }) => ({
      id: req.id,
      title: req.title,
      profileId: null,
      createdAt: null,
      updatedAt: null,
      messageCount: 0
    }))
    const handlers = { 'conversations:rename': rename } as unknown as IpcHandlers
    const value = await callHandler(handlers, 'conversations:rename', { id: 'c1', title: 'New' })
    expect(rename).toHaveBeenCalledWith({ id: 'c1', title: 'New' })
    expect(value).toMatchObject({ id: 'c1', title: 'New' })
  })
})
