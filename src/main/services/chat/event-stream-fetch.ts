// The fetch every streamed request goes through: a successful answer that is not an event stream (a web page, a
// reply not streamed) is refused with one line, before the SDK tries to read it.
import { ChatError, type FailureContext } from './chat-errors'

export function eventStreamFetch(
  inner: typeof globalThis.fetch,
  context: Pick<FailureContext, 'profileName' | 'baseUrl'>
): typeof globalThis.fetch {
  return async (url, init) => {
    const response = await inner(url, init)
    const type = response.headers.get('content-type') ?? ''
    if (response.ok && !type.includes('text/event-stream')) {
      await response.body?.cancel()
      throw new ChatError(
        'protocol',
        `Profile "${context.profileName}": ${context.baseUrl} answered with ${type.split(';')[0] || 'no content type'} instead of an event stream. Check the provider and the base URL in Profiles (it should be the API's address, such as …/v1).`
      )
    }
    return response
  }
}
