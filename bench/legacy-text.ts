// Seeded text for generated legacy conversations: prose and code corpora sliced into long-tailed message contents.
import type { Rng } from './prng'

const ENGLISH = (
  'the a an and or but if then so because while when where which what how why who this that these those it ' +
  'is are was were be been can could should would will may might must do does did have has had not no yes ' +
  'i you we they he she me us them my your our their here there now today tomorrow yesterday please thanks ' +
  'agent model prompt token context window function error stack trace build deploy server client request ' +
  'response database query index table column migration backup file folder path config setting option value ' +
  'string number array object list map key test bug fix issue feature release version update install run ' +
  'script command line output input memory cache thread process network latency timeout retry queue event ' +
  'user message conversation summary title draft review write read explain example simple quick small large ' +
  'fast slow better worse first last next previous new old good bad right wrong clear vague short long idea ' +
  'plan step goal reason result answer question problem solution approach detail note email meeting project'
).split(' ')

const ACCENTED = [
  'café',
  'naïve',
  'résumé',
  'façade',
  'Größe',
  'Straße',
  'señor',
  'São Paulo',
  'crème brûlée',
  'Zürich',
  'jalapeño',
  'élan',
  'Ångström',
  'Dvořák',
  'Łódź',
  'Ærø',
  'fiancée',
  'piñata',
  'Ελληνικά',
  'Привет'
]

const CJK = [
  '中文',
  '日本語のテキスト',
  '漢字',
  '你好世界',
  '東京',
  '데이터',
  '한국어',
  '機械学習',
  '数据库',
  'ありがとう',
  '会議の議事録',
  '请帮我翻译',
  'مرحبا بالعالم',
  'שלום עולם'
]

// Surrogate pairs, skin-tone modifiers, ZWJ sequences, flags and variation selectors.
const EMOJI = ['😀', '🚀', '👍', '👍🏽', '🎉', '🔥', '🤖', '👩‍💻', '👨‍👩‍👧', '🇯🇵', '✅', '❤️', '🙂', '📦', '𝄞', '🧪']

const SPECIAL = [
  '"quoted"',
  "'single'",
  String.raw`C:\Users\me\Documents\notes.txt`,
  String.raw`back\slash`,
  '`inline code`',
  '**bold**',
  '<div class="x">',
  '&amp;',
  'tab\there',
  '50%',
  'a/b',
  'x = y + 1;',
  '{"json": true}',
  '\\n literal',
  'e.g.',
  '(see above)',
  '→',
  '—',
  '…',
  '½'
]

const CODE_SNIPPETS = [
  String.raw`const pattern = /"(\\.|[^"\\])*"/g
const matches = input.match(pattern) ?? []`,
  String.raw`printf("%s: %d\n", name, count);
fprintf(stderr, "error: \"%s\" not found\n", path);`,
  String.raw`path = "C:\\Program Files\\PersonalAgent\\config.json"
with open(path, encoding="utf-8") as f:
    data = json.load(f)`,
  `SELECT c.id, c.title, count(m.id) AS messages
FROM conversations c LEFT JOIN messages m ON m.conversation_id = c.id
WHERE c.title LIKE '%O''Brien%'
GROUP BY c.id ORDER BY c.updated_at DESC;`,
  `fn main() {
    let greeting = format!("héllo, {}!", "世界");
    println!("{greeting} 🚀");
}`,
  `export async function retry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 0; ; i++) {
    try {
      return await fn()
    } catch (error) {
      if (i + 1 >= attempts) throw error
      await new Promise((r) => setTimeout(r, 2 ** i * 100))
    }
  }
}`,
  String.raw`$ grep -rn "TODO\|FIXME" src/ | sed 's/\t/  /g'
src/main.ts:12:    // TODO: handle "\r\n" line endings`,
  `{
  "name": "example",
  "scripts": { "build": "tsc -p .", "test": "vitest run" },
  "dependencies": { "zod": "^3.23.8" }
}`,
  `def fib(n: int) -> int:
\t"""Returns the n-th Fibonacci number."""
\treturn n if n < 2 else fib(n - 1) + fib(n - 2)`,
  `<template>
  <button @click="count++">Clicked {{ count }} times — “smart quotes”</button>
</template>`
]

const LANGUAGES = ['ts', 'python', 'sql', 'rust', 'bash', 'json', 'c', 'vue', '']

const HIGH_SURROGATE_MIN = 0xd800
const HIGH_SURROGATE_MAX = 0xdbff

function word(rng: Rng): string {
  const r = rng.next()
  if (r < 0.86) return rng.pick(ENGLISH)
  if (r < 0.91) return rng.pick(ACCENTED)
  if (r < 0.95) return rng.pick(CJK)
  if (r < 0.98) return rng.pick(EMOJI)
  return rng.pick(SPECIAL)
}

function sentence(rng: Rng): string {
  const words: string[] = []
  const count = rng.int(4, 20)
  for (let i = 0; i < count; i++) words.push(word(rng))
  const first = words[0] ?? ''
  words[0] = first.charAt(0).toUpperCase() + first.slice(1)
  return `${words.join(' ')}${rng.pick(['.', '.', '.', '?', '!', ':'])}`
}

function paragraph(rng: Rng): string {
  if (rng.chance(0.15)) {
    const items: string[] = []
    for (let i = rng.int(2, 6); i > 0; i--) items.push(`- ${sentence(rng)}`)
    return items.join('\n')
  }
  const sentences: string[] = []
  for (let i = rng.int(1, 5); i > 0; i--) sentences.push(sentence(rng))
  return sentences.join(' ')
}

function buildCorpus(rng: Rng, chars: number, piece: (rng: Rng) => string, separator: string): string {
  const parts: string[] = []
  let length = 0
  while (length < chars) {
    const part = piece(rng)
    parts.push(part)
    length += part.length + separator.length
  }
  return parts.join(separator)
}

/** Prose and code to slice message contents from, built once per seed. */
export class LegacyText {
  private readonly prose: string
  private readonly code: string

  constructor(private readonly rng: Rng) {
    this.prose = buildCorpus(rng, 1 << 20, paragraph, '\n\n')
    this.code = buildCorpus(rng, 1 << 18, (r) => r.pick(CODE_SNIPPETS), '\n\n')
  }

  /** About `length` UTF-16 units of the corpus, starting at a word, never splitting a surrogate pair. */
  private excerpt(corpus: string, length: number): string {
    const size = Math.max(1, Math.min(Math.round(length), corpus.length - 2))
    let start = this.rng.int(0, corpus.length - size - 2)
    const space = corpus.indexOf(' ', start)
    if (space !== -1 && space < start + 24 && space + size + 1 < corpus.length) start = space + 1
    const low = corpus.charCodeAt(start)
    if (low >= 0xdc00 && low <= 0xdfff) start++
    let end = start + size
    const high = corpus.charCodeAt(end - 1)
    if (high >= HIGH_SURROGATE_MIN && high <= HIGH_SURROGATE_MAX) end++
    return corpus.slice(start, end)
  }

  title(): string {
    const words: string[] = []
    for (let i = this.rng.int(2, 7); i > 0; i--) words.push(word(this.rng))
    const first = words[0] ?? ''
    words[0] = first.charAt(0).toUpperCase() + first.slice(1)
    const title = words.join(' ')
    return this.rng.chance(0.05) ? `"${title}"` : title
  }

  /** A user message: mostly short, long-tailed up to ~8 KB, now and then pasted code. */
  userContent(): string {
    const length = clampLength(this.rng.logNormal(140, 1))
    if (this.rng.chance(0.05)) return this.withCode(length)
    return this.excerpt(this.prose, length)
  }

  /** An assistant message: a few hundred bytes typically, code blocks in about one in five, multi-KB tail. */
  assistantContent(): string {
    const length = clampLength(this.rng.logNormal(420, 1))
    if (length > 120 && this.rng.chance(0.22)) return this.withCode(length)
    return this.excerpt(this.prose, length)
  }

  /** Prose of a length drawn uniformly from [min, max] UTF-16 units. */
  plainContent(min: number, max: number): string {
    return this.excerpt(this.prose, this.rng.int(min, max))
  }

  systemContent(): string {
    return this.excerpt(this.prose, clampLength(this.rng.logNormal(250, 0.5)))
  }

  private withCode(length: number): string {
    const language = this.rng.pick(LANGUAGES)
    const before = this.excerpt(this.prose, Math.max(20, length * 0.4))
    const code = this.excerpt(this.code, Math.max(20, length * 0.5))
    const after = this.excerpt(this.prose, Math.max(20, length * 0.1))
    return `${before}\n\n\`\`\`${language}\n${code}\n\`\`\`\n\n${after}`
  }
}

function clampLength(length: number): number {
  return Math.min(8192, Math.max(20, Math.round(length)))
}
