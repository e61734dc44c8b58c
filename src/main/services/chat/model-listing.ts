// Reads the models an endpoint lists: `GET {baseUrl}/models` (OpenAI and every OpenAI-compatible server, Ollama and
// LM Studio too: `data[].id`; Anthropic with its headers, page by page). Bounded in time, size and pages; an
// endpoint that lists nothing gets one line saying to type the model name.
import { ChatError, classify, timedOut, type FailureContext } from './chat-errors'
import type { Endpoint } from './chat-provider'

/** The most a listing may send, over all its pages. */
export const MAX_LISTING_BYTES = 4 * 1024 * 1024
/** Anthropic pages followed at most (a thousand models each). */
export const MAX_LISTING_PAGES = 10
const ANTHROPIC_PAGE = 1000
const ANTHROPIC_VERSION = '2023-06-01'

export interface ListingOptions {
  fetch: typeof globalThis.fetch
  timeoutMs: number
}

interface Page {
  ids: string[]
  /** Anthropic: the id to ask the next page after, when there is one. */
  next: string | null
}

function notListed(context: FailureContext): ChatError {
  return new ChatError(
    'not-listed',
    `Profile "${context.profileName}": this endpoint (${context.baseUrl}) does not list its models; type the model name.`
  )
}

/** The body as text, refusing one larger than what is left of the budget. */
async function boundedText(
  response: Response,
  budget: { left: number },
  context: FailureContext
): Promise<string> {
  const reader = response.body?.getReader()
  if (!reader) return ''
  const chunks: Uint8Array[] = []
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    budget.left -= value.byteLength
    if (budget.left < 0) {
      await reader.cancel()
      throw new ChatError(
        'protocol',
        `Profile "${context.profileName}": ${context.baseUrl} listed more than ${MAX_LISTING_BYTES / 1024 / 1024} MiB of models; type the model name.`
      )
    }
    chunks.push(value)
  }
  return Buffer.concat(chunks).toString('utf8')
}

function pageOf(text: string, anthropic: boolean): Page | null {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return null
  }
  if (body === null || typeof body !== 'object') return null
  const {
    data,
    has_more: more,
    last_id: last
  } = body as { data?: unknown; has_more?: unknown; last_id?: unknown }
  if (!Array.isArray(data)) return null
  const ids = data.flatMap((item: unknown) =>
    item !== null && typeof item === 'object' && typeof (item as { id?: unknown }).id === 'string'
      ? [(item as { id: string }).id]
      : []
  )
  const next = anthropic && more === true && typeof last === 'string' ? last : null
  return { ids, next }
}

/** The sorted ids the endpoint lists; a ChatError (one line) when it lists none or the request fails. */
export async function listModels(
  endpoint: Endpoint,
  apiKey: string | null,
  context: FailureContext,
  options: ListingOptions
): Promise<string[]> {
  const anthropic = endpoint.wire === 'anthropic'
  const headers: Record<string, string> = { accept: 'application/json' }
  if (anthropic) {
    headers['anthropic-version'] = ANTHROPIC_VERSION
    if (apiKey !== null) headers['x-api-key'] = apiKey
  } else if (apiKey !== null) headers.authorization = `Bearer ${apiKey}`
  const deadline = AbortSignal.timeout(options.timeoutMs)
  const budget = { left: MAX_LISTING_BYTES }
  const found = new Set<string>()
  let after: string | null = null
  try {
    for (let page = 0; page < MAX_LISTING_PAGES; page++) {
      const query = anthropic
        ? `?limit=${ANTHROPIC_PAGE}${after !== null ? `&after_id=${encodeURIComponent(after)}` : ''}`
        : ''
      const response = await options.fetch(`${endpoint.baseUrl}/models${query}`, {
        headers,
        signal: deadline
      })
      if (response.status === 404 || response.status === 405) {
        await response.body?.cancel()
        throw notListed(context)
      }
      const text = await boundedText(response, budget, context)
      if (!response.ok)
        throw classify(
          Object.assign(new Error(`HTTP ${response.status}`), {
            statusCode: response.status,
            responseBody: text
          }),
          context
        )
      const listed = pageOf(text, anthropic)
      if (listed === null) throw notListed(context)
      for (const id of listed.ids) found.add(id)
      if (listed.next === null) break
      after = listed.next
    }
  } catch (error) {
    if (error instanceof ChatError) throw error
    if (deadline.aborted) throw timedOut(context.profileName, endpoint.baseUrl, options.timeoutMs, false)
    throw classify(error, context)
  }
  if (found.size === 0) throw notListed(context)
  return [...found].sort((a, b) => a.localeCompare(b))
}
