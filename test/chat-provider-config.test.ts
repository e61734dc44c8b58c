// How a profile becomes an endpoint (wire format, base URL with its version path, whether a key is needed), and how
// long a retry waits for each form of Retry-After.
import { describe, expect, it } from 'vitest'
import { apiBaseUrl, endpointOf } from '../src/main/services/chat/chat-provider'
import { retryWaitMs } from '../src/main/services/chat/retry-wait'
import type { ProfileChatSettings } from '../src/main/store/store'

function profile(provider: string, baseUrl: string | null = null): ProfileChatSettings {
  const settings = {
    id: 'p',
    name: 'Mine',
    model: 'm',
    temperature: null,
    maxTokens: null,
    systemPrompt: null
  }
  return { ...settings, provider, baseUrl }
}

describe('the endpoint of a profile', () => {
  it('knows the hosted providers and local servers, and adds the version path a base URL lacks', () => {
    expect(endpointOf(profile('openai'))).toEqual({
      wire: 'openai',
      label: 'OpenAI',
      baseUrl: 'https://api.openai.com/v1',
      needsKey: true
    })
    expect(endpointOf(profile('Anthropic', 'https://api.anthropic.com'))).toMatchObject({
      wire: 'anthropic',
      baseUrl: 'https://api.anthropic.com/v1'
    })
    expect(endpointOf(profile('ollama'))).toMatchObject({
      wire: 'openai-compatible',
      baseUrl: 'http://127.0.0.1:11434/v1',
      needsKey: false
    })
    expect(endpointOf(profile('LM Studio'))).toMatchObject({ label: 'LM Studio', needsKey: false })
    expect(endpointOf(profile('groq')).baseUrl).toBe('https://api.groq.com/openai/v1')
    expect(endpointOf(profile('my-proxy', 'http://10.0.0.2:8000/'))).toEqual({
      wire: 'openai-compatible',
      label: 'my-proxy',
      baseUrl: 'http://10.0.0.2:8000/v1',
      needsKey: false
    })
    expect(apiBaseUrl('https://generativelanguage.googleapis.com/v1beta/openai/')).toBe(
      'https://generativelanguage.googleapis.com/v1beta/openai'
    )
  })

  it('refuses an unknown provider without a base URL, and a base URL that is not a URL, in one line', () => {
    expect(() => endpointOf(profile('acme'))).toThrow(
      'Profile "Mine" uses the provider "acme", whose address Personal Agent does not know. Set its base URL (an OpenAI-compatible …/v1) in Profiles.'
    )
    expect(() => endpointOf(profile('openai', 'not a url'))).toThrow(
      'Profile "Mine" has the base URL "not a url", which is not a URL. Correct it in Profiles.'
    )
  })
})

describe('the wait before a retry', () => {
  it('follows Retry-After in seconds or as a date, retry-after-ms, else doubles from the base', () => {
    const now = Date.parse('2026-01-01T00:00:00Z')
    expect(retryWaitMs({ 'Retry-After': '3' }, 0, 100, now)).toBe(3000)
    expect(retryWaitMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, 0, 100, now)).toBe(5000)
    expect(retryWaitMs({ 'retry-after-ms': '250', 'retry-after': '9' }, 0, 100, now)).toBe(250)
    expect([0, 1, 2].map((attempt) => retryWaitMs({}, attempt, 100, now))).toEqual([100, 200, 400])
  })
})
