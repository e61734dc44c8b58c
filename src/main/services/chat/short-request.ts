// One short request outside a chat turn (a summary, a title, a connection test): streamed like a turn, without the
// SDK's retries or console output, its text gathered; a stream's error part is thrown for the caller to word.
import { streamText, type LanguageModel, type ModelMessage } from 'ai'

export interface ShortRequest {
  model: LanguageModel
  instructions?: string
  messages: ModelMessage[]
  maxOutputTokens: number
  abortSignal: AbortSignal
}

export interface ShortAnswer {
  text: string
  /** Whether the provider ended the answer itself (a finish event that is not an error). */
  finished: boolean
}

export async function shortRequest(request: ShortRequest): Promise<ShortAnswer> {
  const result = streamText({
    ...request,
    maxRetries: 0,
    // Errors arrive as stream parts; the SDK's default would print them to the console.
    onError: () => undefined
  })
  let text = ''
  let finished = false
  for await (const part of result.stream) {
    if (part.type === 'text-delta') text += part.text
    else if (part.type === 'error') throw part.error
    else if (part.type === 'finish') finished = part.finishReason !== 'error'
  }
  return { text, finished }
}
