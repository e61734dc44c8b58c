// An embedder over a profile's OpenAI-compatible endpoint: POST {base}/v1/embeddings with the profile's key from the
// keychain, in batches, asking for 1024 dimensions. Retries on 429 and 5xx with backoff; fails with one line naming
// the endpoint and the status, never the key.
import { UserError } from '../../shared/errors'
import { EMBEDDING_DIMENSIONS, type Embedder } from './embedder'

export interface ProviderEmbedderOptions {
  /** The profile's base URL, e.g. `https://api.openai.com` or `http://127.0.0.1:8080/v1`. */
  baseUrl: string
  apiKey: string | null
  model: string
  /** Names the embedder (and so its vectors): `provider:<profile id>:<model>`. */
  profileId: string
  batchSize?: number
  timeoutMs?: number
  retries?: number
  /** The first retry's wait; doubled each time. */
  backoffMs?: number
}

export function embeddingsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, '')
  return /\/v\d+$/.test(base) ? `${base}/embeddings` : `${base}/v1/embeddings`
}

interface EmbeddingsResponse {
  data?: { index?: number; embedding?: unknown }[]
}

function vectorsOf(body: EmbeddingsResponse, count: number, url: string): Float32Array[] {
  const data = Array.isArray(body.data) ? body.data : null
  if (!data || data.length !== count)
    throw new UserError(
      'INVALID_INPUT',
      `${url} answered without ${count} embeddings; check that the model makes embeddings.`
    )
  const ordered = [...data].sort((a, b) => (a.index ?? 0) - (b.index ?? 0))
  return ordered.map((item) => {
    const values = item.embedding
    if (!Array.isArray(values) || !values.every((v) => typeof v === 'number'))
      throw new UserError('INVALID_INPUT', `${url} answered with an embedding that is not a list of numbers.`)
    if (values.length !== EMBEDDING_DIMENSIONS)
      throw new UserError(
        'INVALID_INPUT',
        `${url} returned embeddings of ${values.length} dimensions; Personal Agent stores ${EMBEDDING_DIMENSIONS}. Choose a model that accepts "dimensions": ${EMBEDDING_DIMENSIONS} (e.g. text-embedding-3-small or -large).`
      )
    return Float32Array.from(values as number[])
  })
}

const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => {
      clearTimeout(timer)
      reject(signal.reason)
    })
  })

export function providerEmbedder(options: ProviderEmbedderOptions): Embedder {
  const url = embeddingsUrl(options.baseUrl)
  const batchSize = options.batchSize ?? 64
  const retries = options.retries ?? 3
  const backoffMs = options.backoffMs ?? 500

  async function post(input: readonly string[], signal?: AbortSignal): Promise<Float32Array[]> {
    for (let attempt = 0; ; attempt++) {
      const timeout = AbortSignal.timeout(options.timeoutMs ?? 30_000)
      let response: Response
      try {
        response = await fetch(url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            ...(options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {})
          },
          body: JSON.stringify({ model: options.model, input, dimensions: EMBEDDING_DIMENSIONS }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout
        })
      } catch (error) {
        if (signal?.aborted) throw signal.reason
        const why = timeout.aborted
          ? `no answer within ${(options.timeoutMs ?? 30_000) / 1000} s`
          : 'it could not be reached'
        if (attempt < retries && !timeout.aborted) {
          await sleep(backoffMs * 2 ** attempt, signal)
          continue
        }
        throw new UserError(
          'INVALID_INPUT',
          `The embeddings endpoint ${url} failed: ${why}. Check the profile's base URL and your connection.`,
          { cause: error }
        )
      }
      if (response.ok) return vectorsOf((await response.json()) as EmbeddingsResponse, input.length, url)
      if ((response.status === 429 || response.status >= 500) && attempt < retries) {
        await response.body?.cancel()
        await sleep(backoffMs * 2 ** attempt, signal)
        continue
      }
      await response.body?.cancel()
      const hint =
        response.status === 401 || response.status === 403
          ? 'Check the API key of the profile.'
          : response.status === 404
            ? 'Check the base URL: it should serve /v1/embeddings.'
            : 'Try again later.'
      throw new UserError(
        'INVALID_INPUT',
        `The embeddings endpoint ${url} answered ${response.status}. ${hint}`
      )
    }
  }

  return {
    id: `provider:${options.profileId}:${options.model}`,
    dimensions: EMBEDDING_DIMENSIONS,
    minSimilarity: 0.3,
    async embed(texts, signal) {
      const out: Float32Array[] = []
      for (let i = 0; i < texts.length; i += batchSize)
        out.push(...(await post(texts.slice(i, i + batchSize), signal)))
      return out
    }
  }
}
