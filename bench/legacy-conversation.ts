// Builds one seeded legacy conversation record at a time, in the old app's conversations.json shape.
import { LegacyText } from './legacy-text'
import type { Rng } from './prng'

export type Timestamp = string | number

export interface ToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export interface LegacyMessage {
  id: string
  role: 'system' | 'user' | 'assistant'
  content: string
  created_at: Timestamp
  tool_calls?: ToolCall[]
}

export interface LegacyConversation {
  id: string
  title: string
  profile_id: string | null
  created_at: Timestamp
  updated_at: Timestamp
  pinned?: boolean
  tags?: string[]
  metadata?: { model: string; temperature: number; token_usage: { prompt: number; completion: number } }
  messages: LegacyMessage[]
}

const PROFILES = ['default', 'gpt-4o', 'claude-sonnet', 'local-llama', 'work-azure']
const MODELS = ['gpt-4o', 'gpt-4o-mini', 'claude-3-5-sonnet', 'llama3.1:8b', 'mistral-large']
const TAGS = [
  'work',
  'personal',
  'code',
  'rust',
  'python',
  'travel',
  '旅行',
  'ideas',
  '💡',
  'recipes',
  'fr-FR'
]
const TOOLS = ['web_search', 'read_file', 'run_python', 'get_weather', 'calendar.create_event']
const START_MS = Date.UTC(2024, 0, 1)
const SPAN_MS = 600 * 24 * 3600 * 1000

/** How many messages a conversation gets and what they say. */
export interface ConversationShape {
  minMessages: number
  maxMessages: number
  userContent(text: LegacyText): string
  assistantContent(text: LegacyText): string
  /** Rough average size of a conversation in conversations.json, to spread creation times over SPAN_MS. */
  averageBytes: number
}

/** bench:migrate's histories: 5 to 60 messages, long-tailed contents with code (about 20 KB a conversation). */
export const MIGRATION_SHAPE: ConversationShape = {
  minMessages: 5,
  maxMessages: 60,
  userContent: (text) => text.userContent(),
  assistantContent: (text) => text.assistantContent(),
  averageBytes: 20_000
}

const HEX_BYTES = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

/** Table lookups: toString(16).padStart was a fifth of the generator's time. */
function hex8(n: number): string {
  return (
    (HEX_BYTES[n >>> 24] as string) +
    HEX_BYTES[(n >>> 16) & 255] +
    HEX_BYTES[(n >>> 8) & 255] +
    HEX_BYTES[n & 255]
  )
}

export class ConversationFactory {
  private readonly text: LegacyText
  private serial = 0
  private clock = START_MS
  private readonly meanGapMs: number

  constructor(
    private readonly rng: Rng,
    targetBytes: number,
    private readonly shape: ConversationShape = MIGRATION_SHAPE
  ) {
    this.text = new LegacyText(rng)
    this.meanGapMs = SPAN_MS / Math.max(1, targetBytes / shape.averageBytes)
  }

  /** uuid-shaped; the last group is a serial number, so ids never repeat whatever the PRNG does. */
  private id(): string {
    const a = hex8(this.rng.u32())
    const b = hex8(this.rng.u32())
    const serial = this.serial++
    return `${a}-${b.slice(0, 4)}-4${b.slice(4, 7)}-a${hex8(this.rng.u32()).slice(0, 3)}-0000${hex8(serial)}`
  }

  private toolCall(): ToolCall {
    const name = this.rng.pick(TOOLS)
    const args = {
      query: this.text.title(),
      path: String.raw`C:\tmp\notes "draft".md`,
      limit: this.rng.int(1, 20)
    }
    return {
      id: `call_${hex8(this.rng.u32())}`,
      type: 'function',
      function: { name, arguments: JSON.stringify(args) }
    }
  }

  next(): LegacyConversation {
    this.clock += Math.round(-Math.log(1 - this.rng.next()) * this.meanGapMs)
    const epoch = this.rng.chance(0.05)
    const stamp = (ms: number): Timestamp => (epoch ? ms : new Date(ms).toISOString())
    const createdMs = this.clock
    let t = createdMs
    const messages: LegacyMessage[] = []
    if (this.rng.chance(0.08)) {
      messages.push({
        id: this.id(),
        role: 'system',
        content: this.text.systemContent(),
        created_at: stamp(t)
      })
    }
    const count = this.rng.int(this.shape.minMessages, this.shape.maxMessages)
    while (messages.length < count) {
      const user = messages.length % 2 === 0
      t += user ? this.rng.int(10_000, 900_000) : this.rng.int(2_000, 60_000)
      const message: LegacyMessage = {
        id: this.id(),
        role: user ? 'user' : 'assistant',
        content: user ? this.shape.userContent(this.text) : this.shape.assistantContent(this.text),
        created_at: stamp(t)
      }
      if (!user && this.rng.chance(0.05)) message.tool_calls = [this.toolCall()]
      messages.push(message)
    }
    const head: Omit<LegacyConversation, 'messages'> = {
      id: this.id(),
      title: this.text.title(),
      profile_id: this.rng.chance(0.03) ? null : this.rng.pick(PROFILES),
      created_at: stamp(createdMs),
      updated_at: stamp(t)
    }
    if (this.rng.chance(0.08)) head.pinned = this.rng.chance(0.7)
    if (this.rng.chance(0.12))
      head.tags = [this.rng.pick(TAGS), this.rng.pick(TAGS)].slice(0, this.rng.int(1, 2))
    if (this.rng.chance(0.1)) {
      head.metadata = {
        model: this.rng.pick(MODELS),
        temperature: this.rng.pick([0, 0.2, 0.7, 1]),
        token_usage: { prompt: this.rng.int(10, 90_000), completion: this.rng.int(10, 8_000) }
      }
    }
    // "messages" last, after any extra field, as the old app wrote them.
    return { ...head, messages }
  }
}
