// A model provider on 127.0.0.1 for chat tests and the demo: speaks the OpenAI Chat Completions stream (`data:
// {chunk}` lines, a usage chunk, `data: [DONE]`) and the Anthropic Messages stream (message_start … message_stop,
// ping, error), as the providers document them, and plays a script of answers and faults, one per request. An answer
// may call tools: OpenAI `tool_calls` deltas (arguments in pieces), Anthropic `tool_use` blocks with
// `input_json_delta`s, after the text.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'

export interface SeenRequest {
  path: string
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
  /** The body as it arrived, byte for byte. */
  raw: string
}

/** One answer. A stream's `faultAfter` names how many deltas go out before the fault. */
export type Answer =
  | {
      kind: 'stream'
      deltas: string[]
      /**
       * OpenAI: prompt/completion tokens in a final usage chunk, `cached` as `prompt_tokens_details.cached_tokens`;
       * Anthropic: input/output in message_start/delta, `cached` as `cache_read_input_tokens` and `cacheWrite` as
       * `cache_creation_input_tokens` in message_start (input then counts only the tokens after the cache).
       */
      usage?: { input: number; output: number; cached?: number; cacheWrite?: number } | null
      finish?: string
      /** Keeps the connection open after the deltas (until release() or close()). */
      hold?: boolean
      /** OpenAI: pauses after this many deltas until release(), then sends the rest. */
      holdAfter?: number
      fault?: 'drop' | 'malformed' | 'error-event'
      faultAfter?: number
      /** A pause between deltas. */
      gapMs?: number
      /** OpenAI: paces the deltas by the clock at this many a second (those already due go out at once). */
      tokensPerSecond?: number
      /** Tool calls after the text (the finish becomes `tool_calls` / `tool_use` unless `finish` says otherwise). */
      toolCalls?: ScriptedToolCall[]
    }
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; contentType: string; body: string }
  | { kind: 'hang' }

/**
 * How `GET /v1/models` answers, until told otherwise: the ids it lists (OpenAI's shape; Anthropic's, page by page,
 * when the request carries `anthropic-version`), or a scripted status, raw body or silence.
 */
export type ModelsAnswer =
  | {
      kind: 'models'
      ids: string[]
      /** Anthropic: the most a page holds (else the request's `limit`). */
      pageSize?: number
      /** Extra bytes of padding in each listed model, to make a listing large. */
      padding?: number
    }
  | Extract<Answer, { kind: 'status' | 'raw' | 'hang' }>

export interface ScriptedToolCall {
  id: string
  name: string
  args: unknown
}

/** The arguments' JSON in three pieces, as providers stream them. */
function argumentPieces(args: unknown): string[] {
  const json = JSON.stringify(args)
  const third = Math.ceil(json.length / 3)
  return [json.slice(0, third), json.slice(third, 2 * third), json.slice(2 * third)].filter((p) => p !== '')
}

export const DEFAULT_MODELS = ['fake-large', 'fake-mini']

export interface FakeProvider {
  /** `http://127.0.0.1:PORT/v1` */
  url: string
  requests: SeenRequest[]
  /** Answers for the next requests, in order; after them every request gets the default stream. */
  script(...answers: Answer[]): void
  /** Answers each request the script does not, from what it asks (null: the default stream). */
  respond(answerFor: ((body: Record<string, unknown>) => Answer | null) | null): void
  /** How `GET /v1/models` answers from now on (at first: DEFAULT_MODELS). */
  models(answer: ModelsAnswer): void
  /** Ends every held stream as a normal finish. */
  release(): void
  close(): Promise<void>
}

export const DEFAULT_DELTAS = ['Hello', ', ', 'world', '!']

function sse(res: ServerResponse, event: string | null, data: unknown): void {
  res.write(
    `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`
  )
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

type Answered = Extract<Answer, { kind: 'stream' }>

/** The OpenAI Chat Completions stream. */
async function openaiStream(
  res: ServerResponse,
  a: Answered,
  model: string,
  held: Set<() => void>
): Promise<void> {
  const base = { id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1_700_000_000, model }
  const started = performance.now()
  sse(res, null, {
    ...base,
    choices: [{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]
  })
  for (const [i, text] of a.deltas.entries()) {
    if (i === a.holdAfter) {
      await new Promise<void>((resolve) => held.add(resolve))
      if (res.destroyed) return
    }
    if (a.fault && i === (a.faultAfter ?? 1)) {
      // What was written reaches the client first; then the connection is cut.
      if (a.fault === 'drop') return void sleep(50).then(() => res.socket?.destroy())
      if (a.fault === 'malformed') sse(res, null, '{"id": "chatcmpl-1", "choices": [')
    }
    sse(res, null, { ...base, choices: [{ index: 0, delta: { content: text }, finish_reason: null }] })
    if (a.gapMs) await sleep(a.gapMs)
    if (a.tokensPerSecond) {
      const due = started + ((i + 1) * 1000) / a.tokensPerSecond - performance.now()
      if (due > 0) await sleep(due)
      if (res.destroyed) return
    }
  }
  for (const [index, call] of (a.toolCalls ?? []).entries()) {
    sse(res, null, {
      ...base,
      choices: [
        {
          index: 0,
          delta: {
            tool_calls: [
              { index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }
            ]
          },
          finish_reason: null
        }
      ]
    })
    for (const piece of argumentPieces(call.args))
      sse(res, null, {
        ...base,
        choices: [
          {
            index: 0,
            delta: { tool_calls: [{ index, function: { arguments: piece } }] },
            finish_reason: null
          }
        ]
      })
  }
  if (a.hold) await new Promise<void>((resolve) => held.add(resolve))
  if (res.destroyed) return
  const finish = a.finish ?? (a.toolCalls?.length ? 'tool_calls' : 'stop')
  sse(res, null, { ...base, choices: [{ index: 0, delta: {}, finish_reason: finish }] })
  if (a.usage !== null) {
    const u = a.usage ?? { input: 12, output: 4 }
    sse(res, null, {
      ...base,
      choices: [],
      usage: {
        prompt_tokens: u.input,
        completion_tokens: u.output,
        total_tokens: u.input + u.output,
        ...(u.cached === undefined ? {} : { prompt_tokens_details: { cached_tokens: u.cached } })
      }
    })
  }
  sse(res, null, '[DONE]')
  res.end()
}

/** The Anthropic Messages stream. */
async function anthropicStream(
  res: ServerResponse,
  a: Answered,
  model: string,
  held: Set<() => void>
): Promise<void> {
  const u: NonNullable<Answered['usage']> = a.usage ?? { input: 25, output: 15 }
  sse(res, 'message_start', {
    type: 'message_start',
    message: {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      content: [],
      model,
      stop_reason: null,
      stop_sequence: null,
      usage: {
        input_tokens: u.input,
        ...(u.cacheWrite === undefined ? {} : { cache_creation_input_tokens: u.cacheWrite }),
        ...(u.cached === undefined ? {} : { cache_read_input_tokens: u.cached }),
        output_tokens: 1
      }
    }
  })
  sse(res, 'content_block_start', {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '' }
  })
  sse(res, 'ping', { type: 'ping' })
  for (const [i, text] of a.deltas.entries()) {
    if (a.fault && i === (a.faultAfter ?? 1)) {
      // What was written reaches the client first; then the connection is cut.
      if (a.fault === 'drop') return void sleep(50).then(() => res.socket?.destroy())
      if (a.fault === 'error-event') {
        sse(res, 'error', { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })
        return void res.end()
      }
      if (a.fault === 'malformed')
        sse(res, 'content_block_delta', '{"type": "content_block_delta", "index": 0, ')
    }
    sse(res, 'content_block_delta', {
      type: 'content_block_delta',
      index: 0,
      delta: { type: 'text_delta', text }
    })
    if (a.gapMs) await sleep(a.gapMs)
  }
  if (a.hold) await new Promise<void>((resolve) => held.add(resolve))
  if (res.destroyed) return
  sse(res, 'content_block_stop', { type: 'content_block_stop', index: 0 })
  for (const [i, call] of (a.toolCalls ?? []).entries()) {
    const index = i + 1
    sse(res, 'content_block_start', {
      type: 'content_block_start',
      index,
      content_block: { type: 'tool_use', id: call.id, name: call.name, input: {} }
    })
    for (const piece of argumentPieces(call.args))
      sse(res, 'content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: piece }
      })
    sse(res, 'content_block_stop', { type: 'content_block_stop', index })
  }
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: a.finish ?? (a.toolCalls?.length ? 'tool_use' : 'end_turn'), stop_sequence: null },
    usage: { output_tokens: u.output }
  })
  sse(res, 'message_stop', { type: 'message_stop' })
  res.end()
}

/** The model listing: OpenAI's `{object: 'list', data}`, or Anthropic's page after `after_id` with `has_more`. */
function listModels(
  res: ServerResponse,
  answer: Extract<ModelsAnswer, { kind: 'models' }>,
  url: URL,
  anthropic: boolean
): void {
  const pad = 'x'.repeat(answer.padding ?? 0)
  res.writeHead(200, { 'content-type': 'application/json' })
  if (!anthropic) {
    const data = answer.ids.map((id) => ({
      id,
      object: 'model',
      created: 1_700_000_000,
      owned_by: 'fake',
      pad
    }))
    return void res.end(JSON.stringify({ object: 'list', data }))
  }
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 20), answer.pageSize ?? Infinity)
  const after = url.searchParams.get('after_id')
  const start = after === null ? 0 : answer.ids.indexOf(after) + 1
  const ids = answer.ids.slice(start, start + limit)
  const data = ids.map((id) => ({
    type: 'model',
    id,
    display_name: id,
    created_at: '2025-01-01T00:00:00Z',
    pad
  }))
  res.end(
    JSON.stringify({
      data,
      has_more: start + limit < answer.ids.length,
      first_id: ids[0] ?? null,
      last_id: ids.at(-1) ?? null
    })
  )
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: SeenRequest[] = []
  let queue: Answer[] = []
  let responder: ((body: Record<string, unknown>) => Answer | null) | null = null
  let listing: ModelsAnswer = { kind: 'models', ids: DEFAULT_MODELS }
  const held = new Set<() => void>()
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>
      const path = req.url ?? ''
      requests.push({ path, headers: req.headers, body, raw })
      const url = new URL(path, 'http://127.0.0.1')
      const answer: Answer | ModelsAnswer =
        req.method === 'GET' && url.pathname.endsWith('/models')
          ? listing
          : (queue.shift() ?? responder?.(body) ?? { kind: 'stream', deltas: DEFAULT_DELTAS })
      if (answer.kind === 'models') return listModels(res, answer, url, 'anthropic-version' in req.headers)
      if (answer.kind === 'hang') return
      if (answer.kind === 'status') {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers })
        return void res.end(JSON.stringify(answer.body))
      }
      if (answer.kind === 'raw') {
        res.writeHead(200, { 'content-type': answer.contentType })
        return void res.end(answer.body)
      }
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' })
      const model = typeof body.model === 'string' ? body.model : 'model'
      const play = path.endsWith('/messages') ? anthropicStream : openaiStream
      void play(res, answer, model, held)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  const release = (): void => {
    for (const resolve of held) resolve()
    held.clear()
  }
  return {
    url,
    requests,
    script: (...answers) => {
      queue = answers
    },
    respond: (answerFor) => {
      responder = answerFor
    },
    models: (answer) => {
      listing = answer
    },
    release,
    close: async () => {
      release()
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    }
  }
}

/** A port on 127.0.0.1 that nothing listens on (it was just free). */
export function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createNetServer().listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port
      server.close(() => resolve(port))
    })
  })
}
