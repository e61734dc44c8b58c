// "Test connection" and "Fetch models" for a profile: a tiny streamed request to its model, answered with one line
// (how long it took, or the failure and its fix), and the models its endpoint lists. The key is read from the
// keychain here, in the main process, and never appears in what comes back.
import { shortRequest } from './short-request'
import type { ConnectionCheckView, ModelListRequest, ModelListView } from '../../../shared/chat-types'
import type { ChatProfileSource, ProfileChatSettings } from '../../store/store'
import {
  ChatError,
  classify,
  failureContext,
  missingKey,
  noModel,
  timedOut,
  type FailureContext
} from './chat-errors'
import { endpointOf, languageModel, type Endpoint } from './chat-provider'
import { eventStreamFetch } from './event-stream-fetch'
import { forRequest, readProfileKey } from './profile-key'
import { listModels } from './model-listing'

export interface ConnectionCheckOptions {
  /** The fetch requests go through (tests may wrap it). */
  fetch?: typeof globalThis.fetch
  /** The whole check ends as a timeout after this long. */
  timeoutMs?: number
  /** The clock the answer's time is read from. */
  now?: () => number
}

/** Enough for any model to start answering (some refuse a limit of one token), and costs next to nothing. */
const TEST_TOKENS = 16
const TEST_PROMPT = 'Reply with the single word OK.'

/** What a request of the profile needs: its endpoint, its key, and the context of its error lines. */
interface Target {
  endpoint: Endpoint
  apiKey: string | null
  context: FailureContext
}

/** A ChatError, which becomes the answer's line; anything else (an unknown profile, a locked keychain) is thrown on. */
function failed(error: unknown): ChatError {
  if (error instanceof ChatError) return error
  throw error
}

export class ConnectionCheck {
  private readonly fetch: typeof globalThis.fetch
  private readonly timeoutMs: number
  private readonly now: () => number

  constructor(
    private readonly profiles: ChatProfileSource,
    options: ConnectionCheckOptions = {}
  ) {
    this.fetch = options.fetch ?? globalThis.fetch
    this.timeoutMs = options.timeoutMs ?? 20_000
    this.now = options.now ?? Date.now
  }

  /** A one-token-or-so streamed completion from the profile's model; an unknown profile is this call's error. */
  async testConnection(profileId: string): Promise<ConnectionCheckView> {
    const saved = this.profiles.chatSettings(profileId)
    const started = this.now()
    try {
      const profile = await forRequest(this.profiles, saved)
      if (profile.model.trim() === '') throw noModel(profile.name)
      const target = this.target(profile, await readProfileKey(this.profiles, profile))
      await this.complete(profile, target)
      const ms = Math.round(this.now() - started)
      return {
        ok: true,
        kind: null,
        ms,
        line: `Connected: ${target.endpoint.label} answered with ${profile.model} in ${ms} ms.`
      }
    } catch (error) {
      const failure = failed(error)
      return { ok: false, kind: failure.kind, ms: null, line: failure.message }
    }
  }

  /** The models the endpoint of a saved profile, or of the edit form's fields, lists (sorted). */
  async fetchModels(request: ModelListRequest): Promise<ModelListView> {
    const saved = request.id ? this.profiles.chatSettings(request.id) : null
    const name = request.name?.trim() || saved?.name || 'New profile'
    const profile: ProfileChatSettings = {
      id: saved?.id ?? '',
      name,
      provider: request.provider ?? saved?.provider ?? '',
      model: saved?.model ?? '',
      baseUrl:
        request.baseUrl !== undefined && request.baseUrl !== saved?.baseUrl
          ? request.baseUrl
          : saved
            ? (await forRequest(this.profiles, saved)).baseUrl
            : (request.baseUrl ?? null),
      temperature: null,
      maxTokens: null,
      systemPrompt: null
    }
    try {
      // A typed key comes first (an empty one means none); else the saved profile's from the keychain.
      const typed = request.apiKey !== undefined ? request.apiKey || null : undefined
      const apiKey = typed !== undefined ? typed : saved ? await readProfileKey(this.profiles, saved) : null
      const target = this.target(profile, apiKey)
      const models = await listModels(target.endpoint, apiKey, target.context, {
        fetch: this.fetch,
        timeoutMs: this.timeoutMs
      })
      const count = models.length === 1 ? '1 model' : `${models.length} models`
      return { ok: true, models, line: `${target.endpoint.label} lists ${count}.` }
    } catch (error) {
      return { ok: false, models: [], line: failed(error).message }
    }
  }

  private target(profile: ProfileChatSettings, apiKey: string | null): Target {
    const endpoint = endpointOf(profile)
    if (apiKey === null && endpoint.needsKey) throw missingKey(profile.name)
    const context = failureContext(profile, endpoint, apiKey)
    return { endpoint, apiKey, context }
  }

  /** Streams the tiny completion to its end, as a chat turn would (the same fetch checks and error lines). */
  private async complete(profile: ProfileChatSettings, { endpoint, apiKey, context }: Target): Promise<void> {
    const deadline = AbortSignal.timeout(this.timeoutMs)
    const model = languageModel(endpoint, profile.model, apiKey, eventStreamFetch(this.fetch, context))
    try {
      const { finished } = await shortRequest({
        model,
        messages: [{ role: 'user', content: TEST_PROMPT }],
        maxOutputTokens: TEST_TOKENS,
        abortSignal: deadline
      })
      if (deadline.aborted) throw new Error('timed out')
      if (!finished)
        throw Object.assign(new Error('the stream ended before the answer finished'), { code: 'ECONNRESET' })
    } catch (error) {
      if (deadline.aborted) throw timedOut(profile.name, endpoint.baseUrl, this.timeoutMs, false)
      throw classify(error, context)
    }
  }
}
