// The keychain across a thread boundary: the migration worker asks, the main thread (the only one that loads
// keytar, since libsecret is not thread-safe) answers.
import type { MessagePort } from 'node:worker_threads'
import type { KeychainBackend } from '../secrets/secret-store'

export type KeychainOp = keyof KeychainBackend

export interface KeychainRequest {
  type: 'keychain'
  id: number
  op: KeychainOp
  args: string[]
}

export interface KeychainReply {
  type: 'keychain-reply'
  id: number
  ok: boolean
  value?: unknown
  error?: string
}

/** Worker side: a KeychainBackend whose calls travel to the main thread. */
export function keychainProxy(port: MessagePort): KeychainBackend {
  let next = 0
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>()
  port.on('message', (message: KeychainReply) => {
    if (message.type !== 'keychain-reply') return
    const waiter = pending.get(message.id)
    pending.delete(message.id)
    if (message.ok) waiter?.resolve(message.value)
    else waiter?.reject(new Error(message.error ?? 'keychain call failed'))
  })
  const call = <T>(op: KeychainOp, ...args: string[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = next++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      const request: KeychainRequest = { type: 'keychain', id, op, args }
      port.postMessage(request)
    })
  return {
    setPassword: (service, account, password) => call('setPassword', service, account, password),
    getPassword: (service, account) => call('getPassword', service, account),
    deletePassword: (service, account) => call('deletePassword', service, account),
    findCredentials: (service) => call('findCredentials', service)
  }
}

/** Main-thread side: answers one request with the real keychain. */
export async function answerKeychain(
  backend: KeychainBackend,
  request: KeychainRequest
): Promise<KeychainReply> {
  try {
    const [a = '', b = '', c = ''] = request.args
    const value =
      request.op === 'setPassword'
        ? await backend.setPassword(a, b, c)
        : request.op === 'getPassword'
          ? await backend.getPassword(a, b)
          : request.op === 'deletePassword'
            ? await backend.deletePassword(a, b)
            : await backend.findCredentials(a)
    return { type: 'keychain-reply', id: request.id, ok: true, value }
  } catch (error) {
    return {
      type: 'keychain-reply',
      id: request.id,
      ok: false,
      error: error instanceof Error ? error.message : String(error)
    }
  }
}
