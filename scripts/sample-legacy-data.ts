// Builds legacy Personal Agent data folders (conversations.json, models.json, mcp_config.json, and optionally the
// conversation folders conversations/<id>.json and sessions/<hash>.json) from a seed: the demo's sample data, and
// the tests' corpus of every variant old versions wrote, nasty ones included.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export interface SampleOptions {
  seed: number
  conversations: number
  messagesPerConversation: number
  /** Add the variants seen in the wild: odd types, bad records, unicode edge cases, BOM/CRLF, extras. */
  nasty: boolean
  mcpShape: 'list' | 'map'
  conversationsShape: 'object' | 'array'
  /** Where the "Local Llama" profile's endpoint is (default: Ollama's own, http://localhost:11434). */
  localModelUrl?: string
  /** Size of one huge message in bytes (0 for none). */
  hugeMessageBytes?: number
  /**
   * Move about half of the conversations out of conversations.json into the folders older versions used: one file
   * each in conversations/, and two workspace files in sessions/ (a bare list, and one under "conversations").
   */
  conversationFolders?: boolean
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }

export interface SampleFolder {
  dir: string
  /** Every API key and secret env value written, so tests can look for leaks. */
  secrets: string[]
}

function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const WORDS = [
  'agent',
  'model',
  'deploy',
  'tensor',
  'café',
  'naïve',
  '日本語のテキスト',
  'مرحبا بالعالم',
  'שלום',
  '😀',
  '👩‍💻',
  '🇺🇳',
  'emoji🎉',
  '中文',
  'Ünïcödé',
  '<b>bold</b>',
  '"quoted"',
  'back\\slash',
  'tab\there',
  'new\nline'
]

function uuid(rand: () => number): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')
  return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`
}

function sentence(rand: () => number, words: number): string {
  return Array.from({ length: words }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ')
}

function isoDate(rand: () => number): string {
  return new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 3 * 365 * 86400000))
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
}

function message(rand: () => number, index: number, nasty: boolean): Json {
  const base: { [key: string]: Json } = {
    id: uuid(rand),
    role: index % 2 === 0 ? 'user' : 'assistant',
    content: sentence(rand, 5 + Math.floor(rand() * 60)),
    created_at: isoDate(rand)
  }
  if (!nasty) return base
  const roll = rand()
  if (roll < 0.05) base['content'] = null
  else if (roll < 0.1)
    base['content'] = [
      { type: 'text', text: sentence(rand, 4) },
      { type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }
    ]
  else if (roll < 0.14) base['created_at'] = Date.UTC(2024, 1, 1) + index * 1000
  else if (roll < 0.18) delete base['id']
  else if (roll < 0.22) {
    base['role'] = 'tool'
    base['tool_calls'] = [
      { id: 'call_1', type: 'function', function: { name: 'search', arguments: '{"q":"x"}' } }
    ]
  } else if (roll < 0.25) base['role'] = 'system'
  else if (roll < 0.28) base['content'] = `cut mid-emoji \ud83d`
  else if (roll < 0.3)
    base['metadata'] = { tokens: 12, model: 'gpt-4', nested: { deep: [1, 2.5, -0, 1e21, true, null] } }
  else if (roll < 0.31) base['created_at'] = 'yesterday-ish'
  return base
}

function conversation(
  rand: () => number,
  count: number,
  nasty: boolean,
  profileIds: string[]
): { [key: string]: Json } {
  const messages = Array.from({ length: count }, (_, i) => message(rand, i, nasty))
  const conv: { [key: string]: Json } = {
    id: uuid(rand),
    title: sentence(rand, 3),
    profile_id: profileIds[Math.floor(rand() * profileIds.length)] ?? null,
    messages,
    created_at: isoDate(rand),
    updated_at: isoDate(rand)
  }
  if (nasty) {
    const roll = rand()
    if (roll < 0.1) conv['pinned'] = true
    else if (roll < 0.2) conv['tags'] = ['work', 'ideas']
    else if (roll < 0.25) conv['created_at'] = Date.UTC(2024, 0, 1)
    else if (roll < 0.3) conv['title'] = '<script>alert("x")</script>'
  }
  return conv
}

function encode(value: Json, rand: () => number, nasty: boolean): string {
  const pretty = !nasty || rand() < 0.5
  let text = JSON.stringify(value, null, pretty ? 2 : undefined)
  if (nasty && rand() < 0.5) text = text.replace(/\n/g, '\r\n')
  if (nasty && rand() < 0.5) text = `\ufeff${text}`
  return text
}

/** Moves records out of `conversations` (in place) into conversations/ and sessions/ files. */
function writeConversationFolders(
  dir: string,
  conversations: Json[],
  rand: () => number,
  nasty: boolean
): void {
  mkdirSync(join(dir, 'conversations'), { recursive: true })
  mkdirSync(join(dir, 'sessions'), { recursive: true })
  const sessions: [Json[], Json[]] = [[], []]
  const kept: Json[] = []
  conversations.forEach((record, index) => {
    const pick = rand()
    if (pick < 0.25) {
      const id = (record as { id?: unknown } | null)?.id
      const name = typeof id === 'string' && /^[\w-]+$/.test(id) ? `${id}-${index}` : `record-${index}`
      writeFileSync(join(dir, 'conversations', `${name}.json`), encode(record, rand, nasty))
    } else if (pick < 0.5) sessions[pick < 0.375 ? 0 : 1].push(record)
    else kept.push(record)
  })
  conversations.splice(0, conversations.length, ...kept)
  writeFileSync(join(dir, 'sessions', 'a1b2c3.json'), encode(sessions[0], rand, nasty))
  writeFileSync(
    join(dir, 'sessions', 'd4e5f6.json'),
    encode({ workspace: '/home/me/project', conversations: sessions[1] }, rand, nasty)
  )
  if (nasty) {
    writeFileSync(join(dir, 'sessions', 'empty.json'), '')
    writeFileSync(join(dir, 'sessions', 'notes.txt'), 'not a legacy file\n')
  }
}

export function writeSampleFolder(dir: string, options: SampleOptions): SampleFolder {
  const rand = prng(options.seed)
  mkdirSync(dir, { recursive: true })
  const secrets: string[] = []
  const key = (prefix: string) => {
    const value = `${prefix}${uuid(rand).replace(/-/g, '')}${Math.floor(rand() * 1e9)}`
    secrets.push(value)
    return value
  }

  const profiles: Json[] = [
    {
      id: uuid(rand),
      name: 'GPT-4',
      provider: 'openai',
      model: 'gpt-4',
      api_key: key('sk-'),
      is_default: true
    },
    {
      id: uuid(rand),
      name: 'Claude',
      provider: 'anthropic',
      model: 'claude-3-opus',
      api_key: key('sk-ant-'),
      is_default: false,
      temperature: 0.7,
      max_tokens: 4096
    },
    {
      id: uuid(rand),
      name: 'Local Llama',
      provider: 'ollama',
      model: 'llama3',
      api_key: '',
      base_url: options.localModelUrl ?? 'http://localhost:11434',
      system_prompt: 'Be brief.'
    }
  ]
  if (options.nasty) {
    profiles.push({
      id: uuid(rand),
      name: 'No key field',
      provider: 'openai',
      model: 'gpt-4o-mini',
      is_default: true
    })
    profiles.push({ name: 'Missing id', provider: 'openai', model: 'gpt-3.5', api_key: key('sk-') })
    profiles.push({
      id: (profiles[0] as { id: string }).id,
      name: 'Duplicate id',
      provider: 'openai',
      model: 'gpt-4',
      api_key: key('sk-')
    })
  }
  const profileIds = profiles.map((p) => (p as { id?: string }).id ?? '').filter(Boolean)

  const conversations: Json[] = Array.from({ length: options.conversations }, () =>
    conversation(
      rand,
      Math.max(
        0,
        options.messagesPerConversation + Math.floor((rand() - 0.5) * options.messagesPerConversation)
      ),
      options.nasty,
      profileIds
    )
  )
  if (options.nasty && conversations.length > 3) {
    conversations.push({
      ...(conversations[1] as { [key: string]: Json }),
      title: 'Duplicate of conversation 1'
    })
    conversations.push('not an object')
    conversations.push({ title: 'No id', messages: [] })
    conversations.push({ id: uuid(rand), title: 'Bad date', created_at: 'not a date', messages: [] })
    conversations.push({ id: uuid(rand), title: 'No messages key' })
    conversations.push({ id: uuid(rand), title: 'Messages not a list', messages: { oops: true } })
    conversations.push(
      JSON.parse(
        '{"id":"proto-1","title":"proto","__proto__":{"polluted":true},"constructor":"x","messages":[]}'
      ) as Json
    )
    const first = conversations[0] as { messages: Json[] }
    first.messages.push(42, 'stray string', { role: 7, content: 'role is a number' })
  }
  if (options.hugeMessageBytes && conversations.length > 0) {
    const big = (conversations[0] as { messages: Json[] }).messages
    big.push({
      id: uuid(rand),
      role: 'assistant',
      content: 'x'.repeat(options.hugeMessageBytes - 20) + ' 🎉 end',
      created_at: isoDate(rand)
    })
  }
  if (options.conversationFolders)
    writeConversationFolders(dir, conversations, prng(options.seed + 7919), options.nasty)
  const conversationsDoc: Json =
    options.conversationsShape === 'array'
      ? conversations
      : { conversations, version: 3, exported_by: 'personal-agent 1.4.2' }

  const servers: { [key: string]: Json }[] = [
    {
      id: 'git',
      name: 'git',
      command: 'uvx',
      args: ['mcp-server-git'],
      env: {},
      enabled: true,
      transport: 'stdio'
    },
    {
      id: 'github',
      name: 'GitHub',
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-github'],
      env: { GITHUB_PERSONAL_ACCESS_TOKEN: key('ghp_'), LOG_LEVEL: 'info' },
      enabled: true,
      transport: 'stdio'
    },
    {
      id: 'remote',
      name: 'Remote',
      transport: 'sse',
      url: 'https://mcp.example.com/sse',
      enabled: false,
      env: { API_KEY: key('rk-'), DB_PASSWORD: key('pw-') }
    }
  ]
  const mcpDoc: Json =
    options.mcpShape === 'map'
      ? {
          mcpServers: Object.fromEntries(
            servers.map((s) => [
              String(s['id']),
              { command: s['command'] ?? null, args: s['args'] ?? [], env: s['env'] ?? {} }
            ])
          ),
          globalShortcut: 'Ctrl+Space'
        }
      : {
          servers: options.nasty
            ? [...servers, { name: 'no id server', command: 'x', env: { SLACK_BOT_TOKEN: key('xoxb-') } }]
            : servers
        }

  writeFileSync(join(dir, 'conversations.json'), encode(conversationsDoc, rand, options.nasty))
  writeFileSync(
    join(dir, 'models.json'),
    encode({ profiles, last_used: profileIds[0] ?? null }, rand, options.nasty)
  )
  writeFileSync(join(dir, 'mcp_config.json'), encode(mcpDoc, rand, options.nasty))
  return { dir, secrets }
}

// `node --import tsx scripts/sample-legacy-data.ts DIR [conversations] [messages] [local-model-url]`
if (process.argv[1]?.endsWith('sample-legacy-data.ts')) {
  const [dir, conversations, messages, localModelUrl] = process.argv.slice(2)
  if (!dir) {
    process.stderr.write(
      'usage: sample-legacy-data.ts DIR [conversations=25] [messages=12] [local-model-url]\n'
    )
    process.exit(2)
  }
  writeSampleFolder(dir, {
    seed: 42,
    conversations: Number(conversations ?? 25),
    messagesPerConversation: Number(messages ?? 12),
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object',
    ...(localModelUrl ? { localModelUrl } : {})
  })
  process.stdout.write(`Wrote a sample legacy data folder to ${dir}\n`)
}
