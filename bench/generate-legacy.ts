// Streams a seeded, reproducible legacy data folder (conversations.json of an exact byte size) to disk in chunks.
import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { ConversationFactory, type ConversationShape } from './legacy-conversation'
import { mulberry32 } from './prng'

export interface GeneratedLegacy {
  bytes: number
  conversations: number
  messages: number
}

export const CONVERSATIONS_FILE = 'conversations.json'
const HEADER = '{"conversations":[\n'
const FOOTER = '\n]}\n'
const CHUNK_BYTES = 8 << 20

/** Buffers UTF-8 text and hands it to the file in large writes. */
class ChunkWriter {
  private readonly buffer = Buffer.allocUnsafe(CHUNK_BYTES)
  private used = 0
  bytes = 0

  constructor(private readonly fd: number) {}

  /**
   * Appends `text` unless its UTF-8 form is longer than `limit` bytes; returns its length, or -1 when it was not
   * written. Encodes straight into the buffer (no separate byteLength pass): a UTF-16 unit is at most 3 bytes.
   */
  tryWrite(text: string, limit = Infinity): number {
    if (3 * text.length > this.buffer.length - this.used) this.flush()
    if (3 * text.length > this.buffer.length) {
      const data = Buffer.from(text, 'utf8')
      if (data.length > limit) return -1
      this.writeAll(data)
      this.bytes += data.length
      return data.length
    }
    const length = this.buffer.write(text, this.used, 'utf8')
    if (length > limit) return -1
    this.used += length
    this.bytes += length
    return length
  }

  flush(): void {
    this.writeAll(this.buffer.subarray(0, this.used))
    this.used = 0
  }

  private writeAll(data: Buffer): void {
    for (let offset = 0; offset < data.length;) offset += writeSync(this.fd, data, offset)
  }
}

/** Writes `<dir>/conversations.json` through a temp file: `fill` writes the records, the list's brackets around them. */
function writeConversationsFile(
  dir: string,
  fill: (out: ChunkWriter, footerBytes: number) => GeneratedLegacy
): GeneratedLegacy {
  mkdirSync(dir, { recursive: true })
  const partial = join(dir, `.${CONVERSATIONS_FILE}.partial`)
  const fd = openSync(partial, 'w', 0o644)
  const out = new ChunkWriter(fd)
  let result: GeneratedLegacy
  try {
    out.tryWrite(HEADER)
    result = fill(out, Buffer.byteLength(FOOTER))
    out.tryWrite(FOOTER)
    out.flush()
  } catch (error) {
    closeSync(fd)
    rmSync(partial, { force: true })
    throw error
  }
  closeSync(fd)
  renameSync(partial, join(dir, CONVERSATIONS_FILE))
  return { ...result, bytes: out.bytes }
}

function separator(result: GeneratedLegacy): string {
  return result.conversations === 0 ? '' : ',\n'
}

/**
 * Writes `<dir>/conversations.json` of exactly `targetBytes` bytes (the last conversation is shortened and a few
 * bytes of JSON whitespace fill the gap), one conversation in memory at a time. Same seed and size, same bytes.
 */
export function generateLegacyFolder(dir: string, targetBytes: number, seed: number): GeneratedLegacy {
  const factory = new ConversationFactory(mulberry32(seed), targetBytes)
  return writeConversationsFile(dir, (out, footerBytes) => {
    const result: GeneratedLegacy = { bytes: 0, conversations: 0, messages: 0 }
    for (;;) {
      const conversation = factory.next()
      const comma = separator(result)
      const room = targetBytes - out.bytes - footerBytes
      let length = out.tryWrite(comma + JSON.stringify(conversation), room)
      // The last one that does not fit loses messages from its end until it does.
      while (length < 0 && conversation.messages.length > 1) {
        conversation.messages.pop()
        length = out.tryWrite(comma + JSON.stringify(conversation), room)
      }
      if (length < 0) break
      result.conversations++
      result.messages += conversation.messages.length
      if (length === room) break
    }
    const gap = targetBytes - out.bytes - footerBytes
    if (gap > 0) out.tryWrite(' '.repeat(gap))
    return result
  })
}

/** Writes `<dir>/conversations.json` with exactly `count` conversations of the given shape. Same seed, same bytes. */
export function generateLegacyConversations(
  dir: string,
  count: number,
  seed: number,
  shape: ConversationShape
): GeneratedLegacy {
  const factory = new ConversationFactory(mulberry32(seed), count * shape.averageBytes, shape)
  return writeConversationsFile(dir, (out) => {
    const result: GeneratedLegacy = { bytes: 0, conversations: 0, messages: 0 }
    while (result.conversations < count) {
      const conversation = factory.next()
      out.tryWrite(separator(result) + JSON.stringify(conversation))
      result.conversations++
      result.messages += conversation.messages.length
    }
    return result
  })
}

if (process.argv[1]?.endsWith('generate-legacy.ts')) {
  const [dir, mb, seed] = process.argv.slice(2)
  if (dir === undefined || mb === undefined || !(Number(mb) > 0)) {
    process.stderr.write('Usage: node --import tsx bench/generate-legacy.ts <dir> <MB> [seed]\n')
    process.exit(2)
  }
  const started = performance.now()
  const generated = generateLegacyFolder(dir, Math.round(Number(mb) * 1024 * 1024), Number(seed ?? 1))
  const seconds = (performance.now() - started) / 1000
  const rate = generated.bytes / 1024 / 1024 / seconds
  process.stdout.write(
    `${join(dir, CONVERSATIONS_FILE)}: ${generated.bytes} bytes, ${generated.conversations} conversations, ` +
      `${generated.messages} messages in ${seconds.toFixed(2)} s (${rate.toFixed(0)} MB/s)\n`
  )
}
