// A model provider on 127.0.0.1 for chat tests and the demo: speaks the OpenAI Chat Completions stream (`data:
// {chunk}` lines, a usage chunk, `data: [DONE]`) and the Anthropic Messages stream (message_start … message_stop,
// ping, error), as the providers document them, and plays a script of answers and faults, one per request.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import { createServer as createNetServer, type AddressInfo } from 'node:net'

export interface SeenRequest {
  path: string
  headers: IncomingHttpHeaders
  body: Record<string, unknown>
}

/** One answer. A stream's `faultAfter` names how many deltas go out before the fault. */
export type Answer =
  | {
      kind: 'stream'
      deltas: string[]
      /** OpenAI: prompt/completion tokens in a final usage chunk; Anthropic: input/output in message_start/delta. */
      usage?: { input: number; output: number } | null
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
    }
  | { kind: 'status'; status: number; body: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; contentType: string; body: string }
  | { kind: 'hang' }

export interface FakeProvider {
  /** `http://127.0.0.1:PORT/v1` */
  url: string
  requests: SeenRequest[]
  /** Answers for the next requests, in order; after them every request gets the default stream. */
  script(...answers: Answer[]): void
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
  if (a.hold) await new Promise<void>((resolve) => held.add(resolve))
  if (res.destroyed) return
  sse(res, null, { ...base, choices: [{ index: 0, delta: {}, finish_reason: a.finish ?? 'stop' }] })
  if (a.usage !== null) {
    const u = a.usage ?? { input: 12, output: 4 }
    sse(res, null, {
      ...base,
      choices: [],
      usage: { prompt_tokens: u.input, completion_tokens: u.output, total_tokens: u.input + u.output }
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
  const u = a.usage ?? { input: 25, output: 15 }
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
      usage: { input_tokens: u.input, output_tokens: 1 }
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
  sse(res, 'message_delta', {
    type: 'message_delta',
    delta: { stop_reason: a.finish ?? 'end_turn', stop_sequence: null },
    usage: { output_tokens: u.output }
  })
  sse(res, 'message_stop', { type: 'message_stop' })
  res.end()
}

export async function startFakeProvider(): Promise<FakeProvider> {
  const requests: SeenRequest[] = []
  let queue: Answer[] = []
  const held = new Set<() => void>()
  const server: Server = createServer((req, res) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      const body = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>
      const path = req.url ?? ''
      requests.push({ path, headers: req.headers, body })
      const answer: Answer = queue.shift() ?? { kind: 'stream', deltas: DEFAULT_DELTAS }
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
