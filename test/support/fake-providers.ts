// The fake model provider of test/support/fake-provider-server.ts for a vitest file: started before its tests,
// closed after them.
import { afterAll, beforeAll } from 'vitest'
import { startFakeProvider, type FakeProvider } from './fake-provider-server'

export * from './fake-provider-server'

/** A fake provider started before the test file's tests and closed after them. */
export function useFakeProvider(): FakeProvider {
  let inner: FakeProvider | null = null
  beforeAll(async () => {
    inner = await startFakeProvider()
  })
  afterAll(async () => {
    await inner?.close()
  })
  const get = (): FakeProvider => {
    if (!inner) throw new Error('The fake provider starts before the tests.')
    return inner
  }
  return {
    get url() {
      return get().url
    },
    get requests() {
      return get().requests
    },
    script: (...answers) => get().script(...answers),
    respond: (answerFor) => get().respond(answerFor),
    models: (answer) => get().models(answer),
    release: () => get().release(),
    close: () => get().close()
  }
}
