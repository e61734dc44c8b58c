// The reply's chunks on their way to the window: the first goes out at once (no timer's turn before the first
// token shows), the next ones are coalesced to one update per interval, and joined they are the whole reply.
import { describe, expect, it } from 'vitest'
import { StreamEmitter, type ChatStreamEvent } from '../src/main/services/chat/stream-emitter'

const base = { streamId: 's-1', conversationId: 'c-1', messageId: 'm-1' }

describe('the stream emitter', () => {
  it('sends the first chunk at once, then at most one update per interval', async () => {
    const events: ChatStreamEvent[] = []
    const emitter = new StreamEmitter(base, (event) => events.push(event), 40)
    emitter.push('Hello')
    expect(events).toEqual([{ ...base, delta: 'Hello', done: false }])
    emitter.push(', ')
    emitter.push('world')
    expect(events).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 60))
    expect(events.map((event) => event.delta)).toEqual(['Hello', ', world'])
    emitter.push('!')
    emitter.end()
    expect(events.map((event) => [event.delta, event.done])).toEqual([
      ['Hello', false],
      [', world', false],
      ['!', true]
    ])
  })
})
