// The provider layer: turns a profile (provider, model, base URL) and its key into an AI SDK language model that
// streams over the provider's own wire format: OpenAI Chat Completions for OpenAI and every OpenAI-compatible
// endpoint (Ollama, OpenRouter, Groq, LM Studio, …), the Messages API for Anthropic.
import { createAnthropic } from '@ai-sdk/anthropic'
import { createOpenAI } from '@ai-sdk/openai'
import { createOpenAICompatible } from '@ai-sdk/openai-compatible'
import type { LanguageModel } from 'ai'
import type { ProfileChatSettings } from '../../store/store'
import { ChatError } from './chat-errors'

export type WireFormat = 'openai' | 'openai-compatible' | 'anthropic'

interface KnownProvider {
  wire: WireFormat
  label: string
  baseUrl: string | null
  /** Whether a request without a key is pointless (the hosted APIs); local servers take none. */
  needsKey: boolean
}

const KNOWN: Record<string, KnownProvider> = {
  openai: { wire: 'openai', label: 'OpenAI', baseUrl: 'https://api.openai.com/v1', needsKey: true },
  anthropic: {
    wire: 'anthropic',
    label: 'Anthropic',
    baseUrl: 'https://api.anthropic.com/v1',
    needsKey: true
  },
  claude: { wire: 'anthropic', label: 'Anthropic', baseUrl: 'https://api.anthropic.com/v1', needsKey: true },
  ollama: {
    wire: 'openai-compatible',
    label: 'Ollama',
    baseUrl: 'http://127.0.0.1:11434/v1',
    needsKey: false
  },
  lmstudio: {
    wire: 'openai-compatible',
    label: 'LM Studio',
    baseUrl: 'http://127.0.0.1:1234/v1',
    needsKey: false
  },
  openrouter: {
    wire: 'openai-compatible',
    label: 'OpenRouter',
    baseUrl: 'https://openrouter.ai/api/v1',
    needsKey: true
  },
  groq: {
    wire: 'openai-compatible',
    label: 'Groq',
    baseUrl: 'https://api.groq.com/openai/v1',
    needsKey: true
  },
  mistral: {
    wire: 'openai-compatible',
    label: 'Mistral',
    baseUrl: 'https://api.mistral.ai/v1',
    needsKey: true
  },
  deepseek: {
    wire: 'openai-compatible',
    label: 'DeepSeek',
    baseUrl: 'https://api.deepseek.com/v1',
    needsKey: true
  },
  together: {
    wire: 'openai-compatible',
    label: 'Together',
    baseUrl: 'https://api.together.xyz/v1',
    needsKey: true
  },
  gemini: {
    wire: 'openai-compatible',
    label: 'Gemini',
    baseUrl: 'https://generativelanguage.googleapis.com/v1beta/openai',
    needsKey: true
  }
}
KNOWN.google = KNOWN.gemini!
KNOWN['lm-studio'] = KNOWN.lmstudio!

/** What the request needs to know of the endpoint, for the request and for error lines. */
export interface Endpoint {
  wire: WireFormat
  /** The provider's name as users know it ("OpenAI", "Ollama", or the profile's own provider text). */
  label: string
  baseUrl: string
  needsKey: boolean
}

/** The base URL with its API version path: `https://api.openai.com` → `https://api.openai.com/v1`. */
export function apiBaseUrl(baseUrl: string): string {
  const trimmed = baseUrl.trim().replace(/\/+$/, '')
  let path: string
  try {
    path = new URL(trimmed).pathname
  } catch {
    throw new ChatError('config', `"${trimmed}" is not a URL.`)
  }
  return path.split('/').some((segment) => /^v\d+[a-z0-9]*$/i.test(segment)) ? trimmed : `${trimmed}/v1`
}

/** The endpoint a profile talks to; an unknown provider needs a base URL (it is taken as OpenAI-compatible). */
export function endpointOf(profile: ProfileChatSettings): Endpoint {
  const name = profile.provider.trim().toLowerCase().replace(/\s+/g, '')
  const known = KNOWN[name]
  const base = profile.baseUrl?.trim() ? profile.baseUrl : (known?.baseUrl ?? null)
  if (base === null)
    throw new ChatError(
      'config',
      `Profile "${profile.name}" uses the provider "${profile.provider}", whose address Personal Agent does not know. Set its base URL (an OpenAI-compatible …/v1) in Profiles.`
    )
  let baseUrl: string
  try {
    baseUrl = apiBaseUrl(base)
  } catch {
    throw new ChatError(
      'config',
      `Profile "${profile.name}" has the base URL "${base}", which is not a URL. Correct it in Profiles.`
    )
  }
  return {
    wire: known?.wire ?? 'openai-compatible',
    label: known?.label ?? (profile.provider.trim() || 'the provider'),
    baseUrl,
    needsKey: known?.needsKey ?? false
  }
}

/** The AI SDK model for the endpoint; `fetch` lets the caller watch each response (and tests inject faults). */
export function languageModel(
  endpoint: Endpoint,
  model: string,
  apiKey: string | null,
  fetch: typeof globalThis.fetch
): LanguageModel {
  // An explicit key (even empty) keeps the SDK from reading OPENAI_API_KEY or ANTHROPIC_API_KEY behind our back.
  const key = apiKey ?? ''
  switch (endpoint.wire) {
    case 'openai':
      // .chat(): Chat Completions with stream: true, which every OpenAI-compatible server speaks (not Responses).
      return createOpenAI({ apiKey: key, baseURL: endpoint.baseUrl, fetch }).chat(model)
    case 'anthropic':
      return createAnthropic({ apiKey: key, baseURL: endpoint.baseUrl, fetch })(model)
    case 'openai-compatible':
      return createOpenAICompatible({
        name: endpoint.label.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
        baseURL: endpoint.baseUrl,
        apiKey: apiKey ?? undefined,
        includeUsage: true,
        fetch
      }).chatModel(model)
  }
}
