// `npm run bench:chat`: chat in the window, through the real `personal-agent serve` and Debian's Chromium, against a
// streaming server on 127.0.0.1. In one run: the time to first token the app adds over a bare AI SDK client of the
// same server and prompt, stage by stage; a 20,000-token reply at 500 tokens a second, with how long the main
// process and the renderer were blocked and whether the reply was stored whole; and opening a 10,000-message
// conversation at its newest page. Prints a table, writes bench/results/chat-*.json and the chat section of
// docs/benchmarks.md.
import { createOpenAI } from '@ai-sdk/openai'
import { streamText } from 'ai'
import Database from 'better-sqlite3'
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright'
import type { ChatProbeReport } from '../src/main/app/chat-probe'
import { CHAT_PROBE_ENV } from '../src/main/app/chat-probe'
import type { ChatTimingStage } from '../src/main/services/chat/chat-service'
import { pendingEmbeddings } from '../src/main/search/embedding-indexer'
import { offlineEmbedder } from '../src/main/search/offline-embedder'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openDatabase } from '../src/main/store/sqlite/database'
import { BIN } from '../test/support/cli'
import { launchBrowser, serve, type Served } from '../test/support/serve'
import { optionsOrExit, resultsLine, runBenchMain, startBench } from './bench-main'
import { DOCS_FILE, DOCS_HEADER, docsStamp, writeResults } from './bench-output'
import { PAGE_PROBE, READINGS, sendAndWaitScript, type PageReadings } from './chat-page'
import { startBenchServer, type BenchServer } from './chat-server'
import { startFloorRelay, type FloorRelay } from './floor-relay'
import { writeSection } from './docs-section'
import { LegacyText } from './legacy-text'
import { machineLine } from './machine-info'
import { mulberry32 } from './prng'

const START = '<!-- bench:chat:start -->'
const END = '<!-- bench:chat:end -->'
const USAGE = `Usage: npm run bench:chat -- [--quick] [--turns 20] [--tokens 20000] [--rate 500] [--messages 10000] [--opens 5] [--work-dir DIR]
  --quick: 5 turns, a 2,000-token reply, 3 opens (for development; the full run takes about three minutes)`

const KEY = 'sk-bench-chat-0123456789abcdef'
const MODEL = 'bench-model'
const PROMPT = 'Name three night trains in Europe.'
const TTFT_DELTAS = Array.from({ length: 20 }, (_, i) => `word${i} `)

interface Options {
  turns: number
  tokens: number
  rate: number
  messages: number
  opens: number
  workDir: string
  quick: boolean
}

function parse(argv: string[]): Options | null {
  const options: Options = {
    turns: 20,
    tokens: 20_000,
    rate: 500,
    messages: 10_000,
    opens: 5,
    workDir: '/tmp/personal-agent-bench-chat',
    quick: false
  }
  const numeric: Partial<Record<string, keyof Options>> = {
    '--turns': 'turns',
    '--tokens': 'tokens',
    '--rate': 'rate',
    '--messages': 'messages',
    '--opens': 'opens'
  }
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!
    if (flag === '--help') return null
    if (flag === '--quick') {
      Object.assign(options, { quick: true, turns: 5, tokens: 2_000, opens: 3 })
      continue
    }
    const value = argv[++i]
    if (value === undefined) throw new Error(`${flag} needs a value`)
    const key = numeric[flag]
    if (key) Object.assign(options, { [key]: Number(value) })
    else if (flag === '--work-dir') options.workDir = value
    else throw new Error(`unknown option ${flag}`)
  }
  const counts = [options.turns, options.tokens, options.rate, options.messages, options.opens]
  if (!counts.every((n) => Number.isInteger(n) && n >= 1) || options.messages < 2)
    throw new Error(
      '--turns, --tokens, --rate, --opens take whole numbers of at least 1, --messages at least 2'
    )
  return options
}

const now = (): number => performance.timeOrigin + performance.now()

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0
}

/** A legacy folder with the long conversation, a short one and the profile (its key into the keychain), migrated. */
function writeFolder(dir: string, options: Options, provider: BenchServer): { lastId: string } {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const text = new LegacyText(mulberry32(16))
  const at = (i: number): string => new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString()
  const messages = Array.from({ length: options.messages }, (_, i) => ({
    id: `m-${i}`,
    role: i % 2 === 0 ? 'user' : 'assistant',
    content: text.plainContent(40, 900),
    created_at: at(i)
  }))
  const conversations = [
    {
      id: 'c-other',
      title: 'A short one',
      messages: messages.slice(0, 2),
      created_at: at(0),
      updated_at: at(1)
    },
    {
      id: 'c-long',
      title: 'The long conversation',
      messages,
      created_at: at(0),
      updated_at: at(options.messages)
    }
  ]
  writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations }))
  const profile = { id: 'p-bench', name: 'Bench', provider: 'openai', model: MODEL, api_key: KEY }
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({ profiles: [{ ...profile, base_url: provider.url, is_default: true }] })
  )
  writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ servers: [] }))
  const run = spawnSync(BIN, ['migrate', '--data-dir', dir], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`migrate failed: ${run.stderr}`)
  return { lastId: `m-${options.messages - 1}` }
}

/** The sequence of the last probe report read: a new one comes after it. */
let lastSequence = 0

/** Asks the serve process for a new probe report (SIGUSR2) and waits for it. */
async function probeReport(served: Served, file: string): Promise<ChatProbeReport> {
  served.process.kill('SIGUSR2')
  for (let i = 0; i < 500; i++) {
    if (existsSync(file)) {
      const report = JSON.parse(readFileSync(file, 'utf8')) as ChatProbeReport
      if (report.sequence > lastSequence) {
        lastSequence = report.sequence
        return report
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the serve process wrote no probe report')
}

const readings = (page: Page): Promise<PageReadings> => page.evaluate(READINGS) as Promise<PageReadings>

/** The page's readings once `ready` holds of them (the page's policy allows no evaluated predicates). */
async function readingsWhen(page: Page, ready: (read: PageReadings) => boolean): Promise<PageReadings> {
  for (let i = 0; i < 3000; i++) {
    const read = await readings(page)
    if (ready(read)) return read
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
  throw new Error('the page never showed what was waited for')
}

async function newConversation(page: Page, title: string): Promise<void> {
  await page.getByRole('button', { name: 'New', exact: true }).click()
  const dialog = page.getByRole('dialog')
  await dialog.getByLabel('Title').fill(title)
  await dialog.getByRole('button', { name: 'Create' }).click()
  await dialog.waitFor({ state: 'detached' })
  await page.locator('#conversation-title', { hasText: title }).waitFor()
}

/** Sends the message and waits for its reply to end: its first text shown, then no cursor and Send back. */
async function sendAndWait(page: Page, message: string, timeoutMs: number): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(message)
  const replies = page.locator('.message-scroll li.message-assistant')
  const before = await replies.count()
  await page.getByRole('button', { name: 'Send' }).click()
  await replies.nth(before).waitFor({ timeout: timeoutMs })
  await page.locator('.chat-cursor').waitFor({ state: 'detached', timeout: timeoutMs })
  await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached', timeout: timeoutMs })
}

/**
 * As `sendAndWait`, for a timed first token: the message is typed and Send found through Playwright, then the click
 * and the wait run inside the page (`sendAndWaitScript`), so the driver sends nothing and polls nothing while the
 * turn is timed; its work would take a core from the app.
 */
async function sendQuietly(page: Page, message: string, timeoutMs: number): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(message)
  await page.getByRole('button', { name: 'Send' }).waitFor()
  if (!(await page.evaluate(sendAndWaitScript(timeoutMs))))
    throw new Error(`the reply did not end within ${timeoutMs} ms`)
}

/** Waits for the background embedding of the migrated messages (search by meaning) to finish. */
async function embeddingDone(dataDir: string): Promise<void> {
  const db = openDatabase(join(dataDir, 'personal-agent.db'))
  try {
    for (let i = 0; i < 6000 && pendingEmbeddings(db, offlineEmbedder.id) > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100))
  } finally {
    db.close()
  }
}

interface Ttft {
  appMs: number[]
  bareMs: number[]
  /** The floor relay's first tokens (`floor-relay.ts`): the hops of a window and a process of its own, nothing else. */
  floorMs: number[]
  /** A read of the profile's key from the keychain (what each turn does before its request), from this process. */
  keychainMs: number[]
  stages: Record<string, number[]>
}

const STAGES: [string, ChatTimingStage | 'send', ChatTimingStage | 'render'][] = [
  ['send click → IPC received', 'send', 'received'],
  ['IPC received → request out (built)', 'received', 'request'],
  ['request out → upstream headers', 'request', 'headers'],
  ['upstream headers → first token parsed', 'headers', 'first-token'],
  ['first token → its event sent to the window', 'first-token', 'first-event'],
  ['event sent → first render', 'first-event', 'render']
]

/** How long a timed turn waits for the app's background work to end first. */
const SETTLE_MS = 400
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, SETTLE_MS))

async function bareTtft(provider: BenchServer): Promise<number> {
  await provider.script({ kind: 'stream', deltas: TTFT_DELTAS, tokensPerSecond: 500 })
  const started = performance.now()
  const model = createOpenAI({ apiKey: KEY, baseURL: provider.url }).chat(MODEL)
  const result = streamText({ model, prompt: PROMPT, maxRetries: 0 })
  let first: number | null = null
  for await (const part of result.stream)
    if (part.type === 'text-delta' && first === null) first = performance.now()
  if (first === null) throw new Error('the bare client got no token')
  return first - started
}

async function floorTtft(floor: FloorRelay, provider: BenchServer): Promise<number> {
  await provider.script({ kind: 'stream', deltas: TTFT_DELTAS, tokensPerSecond: 500 })
  return floor.firstToken()
}

async function measureTtft(
  page: Page,
  served: Served,
  probeFile: string,
  options: Options,
  provider: BenchServer,
  dataDir: string,
  floor: FloorRelay
): Promise<Ttft> {
  const result: Ttft = {
    keychainMs: [],
    appMs: [],
    bareMs: [],
    floorMs: [],
    stages: Object.fromEntries(STAGES.map(([name]) => [name, []]))
  }
  // One of each first, untimed: the SDK, the connection and the page warm up as they would after a first message.
  await bareTtft(provider)
  await floorTtft(floor, provider)
  await newConversation(page, 'Warm-up')
  await provider.script({ kind: 'stream', deltas: TTFT_DELTAS, tokensPerSecond: 500 })
  await sendQuietly(page, PROMPT, 30_000)
  const before = await probeReport(served, probeFile)
  const renders: { sendAt: number; renderAt: number }[] = []
  for (let turn = 0; turn < options.turns; turn++) {
    // Each client starts on a quiet machine: the app's work after a turn (its title request, the embedding of the new
    // messages) and after opening a conversation has ended, as it has when a user writes their next message.
    await settle()
    result.bareMs.push(await bareTtft(provider))
    await settle()
    result.floorMs.push(await floorTtft(floor, provider))
    await newConversation(page, `First token ${turn + 1}`)
    await provider.script({ kind: 'stream', deltas: TTFT_DELTAS, tokensPerSecond: 500 })
    await settle()
    await sendQuietly(page, PROMPT, 30_000)
    const read = await readingsWhen(page, (r) => r.sendAt !== null && r.renderAt !== null)
    const sendAt = read.sendAt ?? 0
    const renderAt = read.renderAt ?? 0
    renders.push({ sendAt, renderAt })
    result.appMs.push(renderAt - sendAt)
  }
  const secrets = new SecretStore(dataDir)
  const [account] = await secrets.listAccounts()
  for (let turn = 0; turn < options.turns && account !== undefined; turn++) {
    const started = performance.now()
    await secrets.get(account)
    result.keychainMs.push(performance.now() - started)
  }
  const report = await probeReport(served, probeFile)
  // The streams in the order they were received: the warm-up's first, then one per turn.
  const streams = Object.values(report.timings).slice(Object.keys(before.timings).length)
  if (streams.length !== options.turns)
    throw new Error(`expected ${options.turns} timed streams, got ${streams.length}`)
  streams.forEach((stages, turn) => {
    const at = { ...stages, send: renders[turn]!.sendAt, render: renders[turn]!.renderAt }
    for (const [name, from, to] of STAGES) {
      const a = at[from]
      const b = at[to]
      if (a !== undefined && b !== undefined) result.stages[name]!.push(b - a)
    }
  })
  return result
}

interface LongSend {
  messages: number
  /** Each send's main-process time from `chat:send` received to its request out (reading the history, building it). */
  requestMs: number[]
  /** The serve process's event loop: its worst delay over the sends (each send, its gauge and title work). */
  mainLoop: ChatProbeReport['loop']
}

/** Sends into the long conversation (open in the window): what reading and fitting its history costs a turn. */
async function measureLongSend(
  page: Page,
  served: Served,
  probeFile: string,
  options: Options,
  provider: BenchServer
): Promise<LongSend> {
  const before = await probeReport(served, probeFile)
  for (let i = 0; i < options.opens; i++) {
    await provider.script({ kind: 'stream', deltas: TTFT_DELTAS, tokensPerSecond: 500 })
    await settle()
    // Waited for through Playwright: in a long conversation the rows out of view leave the DOM, so counting replies
    // (as `sendQuietly` does) tells nothing.
    const text = `${PROMPT} (send ${i + 1})`
    await page.getByRole('textbox', { name: 'Message' }).fill(text)
    await page.getByRole('button', { name: 'Send' }).click()
    await page.locator('.message-scroll li.message-user', { hasText: text }).waitFor({ timeout: 30_000 })
    await page.locator('.chat-cursor').waitFor({ state: 'detached', timeout: 30_000 })
    await page.getByRole('button', { name: 'Stop' }).waitFor({ state: 'detached', timeout: 30_000 })
  }
  const report = await probeReport(served, probeFile)
  const streams = Object.values(report.timings).slice(Object.keys(before.timings).length)
  if (streams.length !== options.opens)
    throw new Error(`expected ${options.opens} sends in the long conversation, got ${streams.length}`)
  return {
    messages: options.messages,
    requestMs: streams.map((stages) => (stages.request ?? NaN) - (stages.received ?? NaN)),
    mainLoop: report.loop
  }
}

interface LongReply {
  tokens: number
  rate: number
  seconds: number
  mainLoop: ChatProbeReport['loop']
  longTasks: number
  longestTaskMs: number
  /** Each long task: when it started (s after the send) and how long it took (ms). */
  longTaskList: { atS: number; ms: number }[]
  rendererLagMaxMs: number
  sentChars: number
  storedChars: number
  storedWhole: boolean
  shownWhole: boolean
  status: string
}

async function measureLongReply(
  page: Page,
  served: Served,
  probeFile: string,
  options: Options,
  provider: BenchServer,
  dataDir: string
): Promise<LongReply> {
  await newConversation(page, 'A long reply')
  const deltas = Array.from({ length: options.tokens }, (_, i) =>
    i % 12 === 11 ? `word${i}.\n` : `word${i} `
  )
  await provider.script({
    kind: 'stream',
    deltas,
    tokensPerSecond: options.rate,
    usage: { input: 9, output: options.tokens }
  })
  // A report now, so the one after the reply covers the reply alone.
  await probeReport(served, probeFile)
  await page.evaluate('window.__bench.longTasks = []; window.__bench.startLagWatch()')
  const started = now()
  await sendAndWait(page, 'Write at length.', (options.tokens / options.rate) * 1000 + 60_000)
  const seconds = (now() - started) / 1000
  const report = await probeReport(served, probeFile)
  await page.evaluate('window.__bench.stopLagWatch()')
  const read = await readings(page)
  const sent = deltas.join('')
  // innerText: as laid out, so the paragraphs of a long reply stay apart.
  const shown = await page.locator('li.message-assistant').last().locator('.message-text').innerText()
  const db = new Database(join(dataDir, 'personal-agent.db'), { readonly: true })
  const stored = db
    .prepare(
      `SELECT m.content AS content, m.reply_status AS status FROM messages m JOIN conversations c ON c.id = m.conversation_id
       WHERE c.title = 'A long reply' AND m.role = 'assistant' ORDER BY m.position DESC LIMIT 1`
    )
    .get() as { content: string; status: string } | undefined
  db.close()
  return {
    tokens: options.tokens,
    rate: options.rate,
    seconds,
    mainLoop: report.loop,
    longTasks: read.longTasks.length,
    longTaskList: read.longTasks.map((task) => ({
      atS: Number(((task.at - started) / 1000).toFixed(2)),
      ms: Math.round(task.duration)
    })),
    longestTaskMs: Math.max(0, ...read.longTasks.map((task) => task.duration)),
    rendererLagMaxMs: read.lagMaxMs,
    sentChars: sent.length,
    storedChars: stored?.content.length ?? 0,
    storedWhole: stored?.content === sent,
    // Shown as markdown: its line ends and the spaces at its ends are layout, its words must all be there in order.
    shownWhole: words(shown ?? '') === words(sent),
    status: stored?.status ?? 'missing'
  }
}

interface Opening {
  messages: number
  ms: number[]
  domMessages: number
}

async function measureOpening(page: Page, options: Options, lastId: string): Promise<Opening> {
  await page.evaluate(
    `Object.assign(window.__bench, { openTitle: 'The long conversation', openLastId: '${lastId}' })`
  )
  const ms: number[] = []
  let domMessages = 0
  for (let i = 0; i < options.opens; i++) {
    await page.locator('.conversation-row', { hasText: 'A short one' }).click()
    await page.locator('#conversation-title', { hasText: 'A short one' }).waitFor()
    await page.locator('.conversation-row', { hasText: 'The long conversation' }).click()
    const read = await readingsWhen(page, (r) => r.openedAt !== null)
    ms.push(read.openedAt! - read.openAt!)
    domMessages = await page.locator('.message-scroll li.message').count()
  }
  return { messages: options.messages, ms, domMessages }
}

const fmt = (n: number): string => (n < 10 ? n.toFixed(1) : n.toFixed(0))
const p50 = (values: number[]): number => percentile(values, 50)

function table(ttft: Ttft, long: LongReply, opening: Opening, longSend: LongSend): string {
  const added = p50(ttft.appMs) - p50(ttft.bareMs)
  const floorAdded = p50(ttft.floorMs) - p50(ttft.bareMs)
  // Each turn times the floor relay and the app a moment apart: the median of their differences is steadier than the
  // difference of their medians.
  const overFloor = p50(ttft.appMs.map((app, turn) => app - ttft.floorMs[turn]!))
  const verdict = (ok: boolean): string => (ok ? 'met' : '**missed**')
  const rows: [string, string, string][] = [
    [
      `Time to first token, app (send click → first render), p50 / p95`,
      `${fmt(p50(ttft.appMs))} / ${fmt(percentile(ttft.appMs, 95))} ms`,
      ''
    ],
    [
      `Time to first token, bare \`streamText\`, p50 / p95`,
      `${fmt(p50(ttft.bareMs))} / ${fmt(percentile(ttft.bareMs, 95))} ms`,
      ''
    ],
    [
      `Time to first token, floor relay (page → WebSocket → Node \`streamText\` → page), p50 / p95`,
      `${fmt(p50(ttft.floorMs))} / ${fmt(percentile(ttft.floorMs, 95))} ms`,
      ''
    ],
    [`**Added by the app**, p50`, `${fmt(added)} ms`, `≤ 5 ms: ${verdict(added <= 5)}`],
    [`  · added by the floor relay alone, p50`, `${fmt(floorAdded)} ms`, ''],
    [
      `  · added by the app over the floor relay, median of each turn's difference`,
      `${fmt(overFloor)} ms`,
      ''
    ],
    ...STAGES.flatMap(([name, from]): [string, string, string][] => [
      [`  · ${name}, p50`, `${fmt(p50(ttft.stages[name] ?? []))} ms`, ''],
      // The key is read from the keychain in that stage; the same read, timed on its own from the bench.
      ...(from === 'received'
        ? [
            [
              '    · a keychain read of the key alone (keytar), p50',
              `${fmt(p50(ttft.keychainMs))} ms`,
              ''
            ] as [string, string, string]
          ]
        : [])
    ]),

    [
      `${long.tokens.toLocaleString('en')}-token reply at ${long.rate} tokens/s`,
      `${long.seconds.toFixed(1)} s`,
      ''
    ],
    [
      `  · main process event loop delay, max / p99`,
      `${fmt(long.mainLoop.maxMs)} / ${fmt(long.mainLoop.p99Ms)} ms`,
      `≤ 50 ms: ${verdict(long.mainLoop.maxMs <= 50)}`
    ],
    [
      `  · renderer: long tasks (≥ 50 ms), longest`,
      `${long.longTasks}, ${fmt(long.longestTaskMs)} ms`,
      `≤ 50 ms: ${verdict(long.longTasks === 0 || long.longestTaskMs <= 50)}`
    ],
    [`  · renderer: a 10 ms timer's worst lateness`, `${fmt(long.rendererLagMaxMs)} ms`, ''],
    [
      `  · stored whole (${long.storedChars.toLocaleString('en')} of ${long.sentChars.toLocaleString('en')} chars, ${long.status}) / shown whole`,
      `${long.storedWhole ? 'yes' : 'no'} / ${long.shownWhole ? 'yes' : 'no'}`,
      `${verdict(long.storedWhole)}`
    ],
    [
      `Opening a ${opening.messages.toLocaleString('en')}-message conversation at its last page, p50 / max`,
      `${fmt(p50(opening.ms))} / ${fmt(Math.max(...opening.ms))} ms`,
      `≤ 100 ms: ${verdict(p50(opening.ms) <= 100)}`
    ],
    [`  · messages in the DOM once open`, `${opening.domMessages}`, ''],
    [
      `A send in the ${longSend.messages.toLocaleString('en')}-message conversation: \`chat:send\` received → request out (history read and fitted), p50 / max`,
      `${fmt(p50(longSend.requestMs))} / ${fmt(Math.max(...longSend.requestMs))} ms`,
      ''
    ],
    [
      `  · main process event loop delay over those sends, max`,
      `${fmt(longSend.mainLoop.maxMs)} ms`,
      `≤ 50 ms: ${verdict(longSend.mainLoop.maxMs <= 50)}`
    ]
  ]
  return ['| measure | result | target |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join(
    '\n'
  )
}

runBenchMain('bench:chat', async () => {
  const parsed = optionsOrExit('bench:chat', parse, USAGE)
  if ('exit' in parsed) return parsed.exit
  const { options } = parsed
  const start = await startBench('bench:chat', options.workDir, () => ({
    ok: true,
    message: 'about 50 MB needed'
  }))
  if (!start) return 1
  const dataDir = join(options.workDir, 'data')
  const probeFile = join(options.workDir, 'probe.json')
  rmSync(probeFile, { force: true })
  const provider = await startBenchServer()
  let served: Served | null = null
  const browser = await launchBrowser()
  try {
    process.stdout.write(`A ${options.messages.toLocaleString('en')}-message conversation, migrated…\n`)
    const { lastId } = writeFolder(dataDir, options, provider)
    served = await serve(dataDir, { [CHAT_PROBE_ENV]: probeFile })
    const page = await browser.newPage({ viewport: { width: 1280, height: 820 } })
    await page.addInitScript(PAGE_PROBE)
    await page.goto(served.url)
    // The report of the migration that just ran comes first.
    await page.getByRole('button', { name: 'Continue' }).click({ timeout: 30_000 })
    await page.locator('.conversation-row', { hasText: 'The long conversation' }).waitFor({ timeout: 30_000 })
    process.stdout.write('Waiting for the background embedding of its messages…\n')
    await embeddingDone(dataDir)
    process.stdout.write('Opening it…\n')
    const opening = await measureOpening(page, options, lastId)
    process.stdout.write(`Sending in it, ${options.opens} times…\n`)
    const longSend = await measureLongSend(page, served, probeFile, options, provider)
    process.stdout.write(`First tokens, ${options.turns} turns…\n`)
    const floor = await startFloorRelay(browser, {
      baseURL: provider.url,
      apiKey: KEY,
      model: MODEL,
      prompt: PROMPT
    })
    const ttft = await measureTtft(page, served, probeFile, options, provider, dataDir, floor).finally(() =>
      floor.close()
    )
    process.stdout.write(
      `A ${options.tokens.toLocaleString('en')}-token reply at ${options.rate} tokens/s…\n`
    )
    const long = await measureLongReply(page, served, probeFile, options, provider, dataDir)
    const body = [
      '## Chat (`npm run bench:chat`)',
      '',
      `${docsStamp(start.started)}, ${machineLine(start.machine)}${options.quick ? ' (**--quick**)' : ''}. The real \`personal-agent serve\` (services, IPC table, stream events over its bridge) with Debian's Chromium through Playwright, against the fake OpenAI-compatible streaming server on 127.0.0.1 (answers paced at ${options.rate} tokens/s by the clock). First token: ${options.turns} turns, each in a new conversation with the same one-line prompt, after one warm-up; the bare client is the AI SDK's \`streamText\` with \`@ai-sdk/openai\` at the same server and prompt, from its call to its first text part. The floor relay (\`bench/floor-relay.ts\`) is the least a window that reaches its model through a process of its own can add here: a page of one button and one paragraph, in the same browser, whose click sends one WebSocket message to a Node process that calls the same \`streamText\` and sends back the first text part, which the page puts in the paragraph (no store, no keychain, no React); what the app adds over it is its own work. Each bare call and each timed send starts ${SETTLE_MS} ms after the app's last work (a turn's title request, the embedding of its messages, opening the conversation); a timed send's click and the wait for its reply run inside the page, so the driver is silent while it is timed. The background embedding of the migrated messages (search by meaning) is let finish first. Stage times come from the page (the Send click, and the first text of the reply in the DOM, seen by a MutationObserver) and from the main process (the chat service's timing hook, on \`${CHAT_PROBE_ENV}\`), on one clock (\`performance.timeOrigin + now()\`). Blocking: \`monitorEventLoopDelay\` in the serve process and the Long Tasks API in the page over the whole reply; the stored reply is read from the database and compared with what the server sent. Opening: a click on the conversation in the list until its newest message is in the DOM and scrolled to the bottom, ${options.opens} times. Then ${options.opens} sends in that conversation (each after the same settle), timed in the main process from \`chat:send\` received to its request out: reading its history and fitting it to the window (the unknown bench model's 8,192-token window).`,
      '',
      table(ttft, long, opening, longSend),
      '',
      'Run it with `npm run bench:chat` (about five minutes; `-- --quick` for a short run while developing). It needs `npm run build` first (serve shows `out/renderer`), and runs in a private keychain (`scripts/with-keychain.sh`).'
    ].join('\n')
    process.stdout.write(`\n${table(ttft, long, opening, longSend)}\n`)
    const { path } = writeResults('chat', start.started, {
      options,
      machine: start.machine,
      ttft,
      long,
      opening,
      longSend
    })
    writeSection(DOCS_FILE, START, END, body, DOCS_HEADER)
    process.stdout.write(`${resultsLine(path, DOCS_FILE, START, END)}\n`)
    return 0
  } finally {
    await browser.close()
    await served?.stop()
    await provider.close()
    const secrets = new SecretStore(dataDir)
    for (const account of await secrets.listAccounts()) await secrets.delete(account)
  }
})

/** A text's words, one space apart (how markdown shows a paragraph's text). */
function words(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
