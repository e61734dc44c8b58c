// A profile's key read ahead of a turn: one keychain read serves one turn, only while fresh (and is dropped once
// stale); a read that failed is never used, the turn reads again; a change of the profiles forgets what was read.
import { describe, expect, it } from 'vitest'
import { KeysAhead } from '../src/main/services/chat/keys-ahead'
import type { ChatProfileSource } from '../src/main/store/store'
import { UserError } from '../src/shared/errors'

const PROFILE = { id: 'p1', name: 'Work GPT' }

/** A keychain that answers each read with the next of `answers` (a string, null, or an error to throw). */
function keychain(...answers: (string | null | Error)[]): ChatProfileSource & { reads: number } {
  const source = {
    reads: 0,
    chatSettings: () => {
      throw new Error('not used')
    },
    defaultId: () => null,
    apiKey: async () => {
      const answer = answers[Math.min(source.reads++, answers.length - 1)]!
      if (answer instanceof Error) throw answer
      return answer
    },
    requestBaseUrl: async () => null
  }
  return source
}

describe('keys read ahead of a turn', () => {
  it('serves one turn with one read, and the next turn reads again', async () => {
    const source = keychain('sk-first', 'sk-second')
    const keys = new KeysAhead(source)
    keys.readAhead(PROFILE)
    keys.readAhead(PROFILE)
    expect(source.reads).toBe(1)
    expect(await keys.take(PROFILE)).toBe('sk-first')
    expect(source.reads).toBe(1)
    expect(await keys.take(PROFILE)).toBe('sk-second')
    expect(source.reads).toBe(2)
  })

  it('reads again once the read ahead is stale', async () => {
    let now = 1_000
    const source = keychain('sk-old', 'sk-new')
    const keys = new KeysAhead(source, 30_000, () => now)
    keys.readAhead(PROFILE)
    now += 30_000
    expect(await keys.take(PROFILE)).toBe('sk-new')
    // A stale read is read again ahead, too.
    keys.readAhead(PROFILE)
    expect(source.reads).toBe(3)
  })

  it('never uses a read that failed: the turn reads again and gets the keychain’s answer now', async () => {
    const locked = new UserError('KEYCHAIN_UNAVAILABLE', 'locked')
    const source = keychain(locked, 'sk-unlocked')
    const keys = new KeysAhead(source)
    keys.readAhead(PROFILE)
    expect(await keys.take(PROFILE)).toBe('sk-unlocked')
    expect(source.reads).toBe(2)
  })

  it('forgets what it read when the profiles change', async () => {
    const source = keychain('sk-before', 'sk-after')
    const keys = new KeysAhead(source)
    keys.readAhead(PROFILE)
    keys.forget()
    expect(await keys.take(PROFILE)).toBe('sk-after')
  })
})
