// The errors a chat turn can meet, each turned into one line that names the profile and the fix. Provider text is
// cut to one short line and never carries the key; the raw error stays out of the line, the log and the store.
import { UserError } from '../../../shared/errors'
import type { ChatMessage } from '../../store/store'

export type ChatErrorKind =
  | 'config'
  | 'missing-key'
  | 'keychain'
  | 'auth'
  | 'not-found'
  | 'rate-limit'
  | 'server'
  | 'context-length'
  | 'bad-request'
  | 'dropped'
  | 'unreachable'
  | 'timeout'
  | 'protocol'
  | 'provider'
  | 'not-listed'

/** What a failed turn left in the store: the user's message always, the reply once the request was made. */
export interface StoredTurn {
  conversationId: string
  userMessage: ChatMessage
  reply: ChatMessage | null
}

export class ChatError extends UserError {
  /** Set by the chat service when the turn had stored anything. */
  turn: StoredTurn | null = null

  constructor(
    readonly kind: ChatErrorKind,
    message: string
  ) {
    // One code for all: what to do is in the line (and `kind` tells the cases apart).
    super('INVALID_INPUT', message)
    this.name = 'ChatError'
  }
}

/** What the failed request was, for the line. */
export interface FailureContext {
  profileName: string
  provider: string
  model: string
  baseUrl: string
  /** The key, so any provider text quoting it is redacted. */
  apiKey: string | null
  /** Whether part of the reply had arrived (and is kept). */
  partial: boolean
}

/** What a request of `profile` to `endpoint` fails with, nothing of the reply arrived yet. */
export function failureContext(
  profile: { name: string; model: string },
  endpoint: { label: string; baseUrl: string },
  apiKey: string | null
): FailureContext {
  return {
    profileName: profile.name,
    provider: endpoint.label,
    model: profile.model,
    baseUrl: endpoint.baseUrl,
    apiKey,
    partial: false
  }
}

/** The fields of an AI SDK error (APICallError, a stream's provider error) and of Node's network errors. */
interface ErrorFields {
  statusCode?: unknown
  responseHeaders?: unknown
  responseBody?: unknown
  code?: unknown
  message?: unknown
  cause?: unknown
  name?: unknown
}

/** Each error in the cause chain. */
function chain(error: unknown): ErrorFields[] {
  const out: ErrorFields[] = []
  let current: unknown = error
  while (current !== null && typeof current === 'object' && !out.includes(current) && out.length < 8) {
    out.push(current)
    current = (current as ErrorFields).cause
  }
  return out
}

export function statusOf(error: unknown): number | null {
  for (const e of chain(error)) if (typeof e.statusCode === 'number') return e.statusCode
  return null
}

export function headersOf(error: unknown): Record<string, string> {
  for (const e of chain(error))
    if (e.responseHeaders !== null && typeof e.responseHeaders === 'object')
      return e.responseHeaders as Record<string, string>
  return {}
}

function codesOf(error: unknown): string[] {
  return chain(error).flatMap((e) => (typeof e.code === 'string' ? [e.code] : []))
}

/** The provider's own message: from its JSON error body when there is one, else the error's; one short line. */
export function providerText(error: unknown, apiKey: string | null): string {
  let text = ''
  for (const e of chain(error)) {
    if (typeof e.responseBody === 'string') {
      try {
        const body = JSON.parse(e.responseBody) as {
          error?: { message?: unknown } | string
          message?: unknown
        }
        const nested = typeof body.error === 'object' ? body.error?.message : body.error
        const found = nested ?? body.message
        if (typeof found === 'string') text = found
      } catch {
        text = e.responseBody
      }
      break
    }
  }
  if (text === '') {
    const first = chain(error)[0]
    text = typeof first?.message === 'string' ? first.message : String(error)
  }
  return oneLine(text, apiKey)
}

/** Collapses whitespace, removes the key, and cuts to 200 characters. */
export function oneLine(text: string, apiKey: string | null): string {
  let line = text.replace(/\s+/g, ' ').trim()
  if (apiKey) line = line.split(apiKey).join('[key removed]')
  line = line.replace(/\b(sk|key|Bearer)[-_ ][A-Za-z0-9_-]{12,}/g, '[key removed]')
  return line.length > 200 ? `${line.slice(0, 199)}…` : line
}

const CONTEXT_LENGTH =
  /context[_ ]length|context window|context size|maximum context|too many tokens|prompt is too long|input is too long|reduce the length/i

/** Whether a provider refused the request as longer than the model's context window. */
export function isContextLength(error: unknown): boolean {
  const status = statusOf(error)
  return status !== null && status >= 400 && status < 500 && CONTEXT_LENGTH.test(providerText(error, null))
}

function host(baseUrl: string): string {
  try {
    return new URL(baseUrl).host
  } catch {
    return baseUrl
  }
}

/** The one-line error for a failed request. */
export function classify(error: unknown, context: FailureContext): ChatError {
  if (error instanceof ChatError) return error
  const who = `Profile "${context.profileName}"`
  const kept = context.partial ? ' What had arrived is kept.' : ''
  // A 2xx status means the answer began and its body failed: a stream problem, not an HTTP refusal.
  const answered = statusOf(error)
  const status = answered !== null && answered >= 400 ? answered : null
  const text = providerText(error, context.apiKey)
  if (status === 401 || status === 403)
    return new ChatError(
      'auth',
      `${who}: ${context.provider} refused the API key (HTTP ${status}); it is wrong, revoked${context.model ? `, or lacks access to "${context.model}"` : ', or lacks access'}. Re-enter the key in Profiles.`
    )
  if (status === 404)
    return new ChatError(
      'not-found',
      `${who}: ${context.baseUrl} answered 404 for the model "${context.model}". Check the model name and the base URL in Profiles.`
    )
  if (status !== null && CONTEXT_LENGTH.test(text))
    return new ChatError(
      'context-length',
      `${who}: the conversation is longer than "${context.model}" accepts (${text}). Start a new conversation, or choose a model with a larger context window in Profiles.`
    )
  if (status === 429)
    return new ChatError(
      'rate-limit',
      `${who}: ${context.provider} is limiting requests (HTTP 429: ${text}).${kept} Wait a minute and try again, or check your plan's limits.`
    )
  if (status !== null && status >= 500)
    return new ChatError(
      'server',
      `${who}: ${context.provider} had a server error (HTTP ${status}: ${text}).${kept} Try again later.`
    )
  if (status !== null)
    return new ChatError(
      'bad-request',
      `${who}: ${context.provider} refused the request (HTTP ${status}: ${text}). Check the model and settings in Profiles.`
    )
  const codes = codesOf(error)
  const where = host(context.baseUrl)
  const name = chain(error)[0]?.name
  if (name === 'JSONParseError' || name === 'AI_JSONParseError' || name === 'AI_TypeValidationError')
    return new ChatError(
      'protocol',
      `${who}: ${where} sent an event that is not in ${context.provider}'s stream format.${kept} Check the provider and base URL in Profiles.`
    )
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN'))
    return new ChatError(
      'unreachable',
      `${who}: the host ${where} was not found. Check the base URL in Profiles and your connection.`
    )
  if (codes.includes('ECONNREFUSED') && !context.partial)
    return new ChatError(
      'unreachable',
      `${who}: ${where} refused the connection. Check the base URL in Profiles and that the server is running.`
    )
  if (context.partial || codes.some((c) => ['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'].includes(c)))
    return new ChatError(
      'dropped',
      `${who}: the connection to ${where} dropped while the reply was arriving.${kept} Try again.`
    )
  return new ChatError(
    'unreachable',
    `${who}: the request to ${where} failed (${text}). Check the base URL in Profiles and your connection.`
  )
}

/** A profile that names no model. */
export function noModel(profileName: string): ChatError {
  return new ChatError('config', `Profile "${profileName}" names no model. Choose one in Profiles.`)
}

/** What to do when a profile's key cannot be had. */
export const KEY_FIX = 'Unlock the system keychain and try again, or re-enter the key in Profiles.'

/** A hosted provider's profile without its key in the keychain (a locked keychain answers the same). */
export function missingKey(profileName: string): ChatError {
  return new ChatError(
    'missing-key',
    `Profile "${profileName}" has no API key in the keychain, or the keychain is locked. ${KEY_FIX}`
  )
}

/** No answer from the endpoint within `ms`. */
export function timedOut(profileName: string, baseUrl: string, ms: number, partial: boolean): ChatError {
  return new ChatError(
    'timeout',
    `Profile "${profileName}": no answer from ${host(baseUrl)} for ${ms / 1000} s.${partial ? ' What had arrived is kept.' : ''} Try again, or check that the server is running.`
  )
}
