// Writes the hostile-input corpus under test/fixtures/bad/: one folder per case with the broken legacy file(s) and
// expect.json (exit code, the message or the number of quarantined records). Run again to regenerate.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

type Files = Partial<Record<'conversations.json' | 'models.json' | 'mcp_config.json', string | Buffer>>
interface Case {
  name: string
  files: Files
  /** exit 1: the one-line message must match; exit 0: at least this many quarantined records. */
  expect: { exit: 1; message: string } | { exit: 0; quarantined: number; conversations?: number }
}

const conv = (body: string): string => `{"conversations": [${body}]}`
const okConv =
  '{"id": "ok-1", "title": "Fine", "messages": [{"id": "m1", "role": "user", "content": "hello"}]}'
const invalid = (file: string): { exit: 1; message: string } => ({
  exit: 1,
  message: `${file.replace('.', '\\.')} is not valid JSON \\(line \\d+, column \\d+: .+\\)\\. Repair the file`
})

const cases: Case[] = [
  // Files that are not JSON at all: preflight stops, naming the file, the place and the fix.
  {
    name: 'truncated-array',
    files: { 'conversations.json': `{"conversations": [${okConv}, {"id": "x", "ti` },
    expect: invalid('conversations.json')
  },
  {
    name: 'truncated-string',
    files: { 'conversations.json': '{"conversations": [{"id": "x", "title": "cut' },
    expect: invalid('conversations.json')
  },
  {
    name: 'truncated-models',
    files: { 'models.json': '{"profiles": [{"id": "p", "api_key": "sk-' },
    expect: invalid('models.json')
  },
  {
    name: 'truncated-mcp',
    files: { 'mcp_config.json': '{"mcpServers": {"git": {"command": ' },
    expect: invalid('mcp_config.json')
  },
  {
    name: 'trailing-garbage',
    files: { 'conversations.json': `${conv(okConv)} and then some` },
    expect: invalid('conversations.json')
  },
  {
    name: 'single-quotes',
    files: { 'conversations.json': "{'conversations': []}" },
    expect: invalid('conversations.json')
  },
  {
    name: 'comments',
    files: { 'models.json': '// my models\n{"profiles": []}' },
    expect: invalid('models.json')
  },
  {
    name: 'trailing-comma',
    files: { 'conversations.json': conv(`${okConv},`) },
    expect: invalid('conversations.json')
  },
  {
    name: 'nan-literal',
    files: { 'conversations.json': conv('{"id": "a", "score": NaN}') },
    expect: invalid('conversations.json')
  },
  {
    name: 'unquoted-keys',
    files: { 'mcp_config.json': '{servers: []}' },
    expect: invalid('mcp_config.json')
  },
  { name: 'lone-bracket', files: { 'conversations.json': ']' }, expect: invalid('conversations.json') },
  {
    name: 'html-page',
    files: { 'models.json': '<!doctype html><html><body>502 Bad Gateway</body></html>' },
    expect: invalid('models.json')
  },
  {
    name: 'nul-in-string',
    files: { 'conversations.json': conv('{"id": "a", "title": "x\u0000y", "messages": []}') },
    expect: invalid('conversations.json')
  },
  {
    name: 'nul-bytes-only',
    files: { 'conversations.json': Buffer.alloc(64) },
    expect: invalid('conversations.json')
  },
  {
    name: 'png-bytes',
    files: { 'models.json': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]) },
    expect: { exit: 1, message: 'models\\.json is not valid UTF-8' }
  },
  {
    name: 'invalid-utf8',
    files: {
      'conversations.json': Buffer.concat([
        Buffer.from(conv('{"id": "a", "title": "')),
        Buffer.from([0xc3, 0x28]),
        Buffer.from('"}')
      ])
    },
    expect: { exit: 1, message: 'conversations\\.json is not valid UTF-8 text\\. Save it as UTF-8' }
  },
  {
    name: 'utf16le-bom',
    files: {
      'conversations.json': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(conv(okConv), 'utf16le')])
    },
    expect: { exit: 1, message: 'conversations\\.json is UTF-16 text\\. Save it as UTF-8' }
  },
  {
    name: 'utf16be-bom',
    files: {
      'models.json': Buffer.concat([
        Buffer.from([0xfe, 0xff]),
        Buffer.from('{"profiles":[]}', 'utf16le').swap16()
      ])
    },
    expect: { exit: 1, message: 'models\\.json is UTF-16 text' }
  },
  {
    name: 'utf16le-no-bom',
    files: { 'conversations.json': Buffer.from('[]', 'utf16le') },
    expect: invalid('conversations.json')
  },
  // Valid JSON of the wrong shape: kept whole, reported, given back by export and rollback.
  {
    name: 'top-number',
    files: { 'conversations.json': '42' },
    expect: { exit: 0, quarantined: 1, conversations: 0 }
  },
  {
    name: 'top-string',
    files: { 'conversations.json': '"conversations"' },
    expect: { exit: 0, quarantined: 1, conversations: 0 }
  },
  { name: 'top-null', files: { 'models.json': 'null' }, expect: { exit: 0, quarantined: 1 } },
  { name: 'top-boolean', files: { 'mcp_config.json': 'true' }, expect: { exit: 0, quarantined: 1 } },
  {
    name: 'conversations-is-object',
    files: { 'conversations.json': '{"conversations": {"a": {"id": "a"}}}' },
    expect: { exit: 0, quarantined: 1, conversations: 0 }
  },
  {
    name: 'servers-is-string',
    files: { 'mcp_config.json': '{"servers": "git"}' },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'mcpservers-is-list',
    files: { 'mcp_config.json': '{"mcpServers": [{"command": "x"}]}' },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'models-list-of-strings',
    files: { 'models.json': '["gpt-4", "claude"]' },
    expect: { exit: 0, quarantined: 2 }
  },
  // Records that cannot be used as they are: quarantined verbatim; the valid ones still migrate.
  {
    name: 'conversation-number',
    files: { 'conversations.json': conv(`${okConv}, 7`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'conversation-null',
    files: { 'conversations.json': conv(`null, ${okConv}`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'conversation-list',
    files: { 'conversations.json': conv(`[1, 2], ${okConv}`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'missing-id',
    files: { 'conversations.json': conv(`{"title": "no id", "messages": []}, ${okConv}`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'numeric-id',
    files: { 'conversations.json': conv(`{"id": 12, "messages": []}, ${okConv}`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'empty-id',
    files: { 'conversations.json': conv(`{"id": "", "messages": []}, ${okConv}`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'duplicate-ids',
    files: { 'conversations.json': conv(`${okConv}, ${okConv}, ${okConv}`) },
    expect: { exit: 0, quarantined: 2, conversations: 1 }
  },
  {
    name: 'bad-date',
    files: {
      'conversations.json': conv(`{"id": "d", "created_at": "31/02/2024 25:61", "messages": []}, ${okConv}`)
    },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'date-object',
    files: {
      'conversations.json': conv(`{"id": "d", "updated_at": {"$date": 1}, "messages": []}, ${okConv}`)
    },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'title-number',
    files: { 'conversations.json': conv(`{"id": "t", "title": 404, "messages": []}, ${okConv}`) },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'message-not-object',
    files: {
      'conversations.json': conv(
        '{"id": "a", "messages": ["hi", 3, null, {"role": "user", "content": "ok"}]}'
      )
    },
    expect: { exit: 0, quarantined: 3, conversations: 1 }
  },
  {
    name: 'message-role-number',
    files: { 'conversations.json': conv('{"id": "a", "messages": [{"role": 1, "content": "x"}]}') },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'message-bad-date',
    files: {
      'conversations.json': conv(
        '{"id": "a", "messages": [{"role": "user", "content": "x", "created_at": "soon"}]}'
      )
    },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'messages-not-list',
    files: { 'conversations.json': conv('{"id": "a", "messages": {"0": "x"}}') },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  },
  {
    name: 'proto-keys',
    files: {
      'conversations.json': conv(
        '{"id": "p", "__proto__": {"isAdmin": true}, "constructor": {"prototype": 1}, "messages": [{"role": "user", "content": "x", "__proto__": null}]}'
      )
    },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  },
  {
    name: 'duplicate-keys',
    files: {
      'conversations.json': conv('{"id": "a", "id": "b", "title": "x", "title": "y", "messages": []}')
    },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  },
  {
    name: 'huge-integers',
    files: {
      'conversations.json': conv(
        '{"id": "n", "tokens": 123456789012345678901234567890, "cost": -0.0000000000000000000001, "messages": []}'
      )
    },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  },
  {
    name: 'deep-10k',
    files: {
      'conversations.json': conv(`{"id": "deep", "x": ${'['.repeat(10_000)}${']'.repeat(10_000)}}, ${okConv}`)
    },
    expect: { exit: 0, quarantined: 1, conversations: 1 }
  },
  {
    name: 'script-title',
    files: {
      'conversations.json': conv(
        '{"id": "x", "title": "<img src=x onerror=alert(1)><script>alert(2)</script>", "messages": [{"role": "user", "content": "<iframe src=javascript:alert(3)>"}]}'
      )
    },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  },
  {
    name: 'lone-surrogates',
    files: {
      'conversations.json': conv(
        '{"id": "s", "title": "\\ud83d", "messages": [{"role": "assistant", "content": "half \\udc00 emoji"}]}'
      )
    },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  },
  {
    name: 'profile-missing-id',
    files: {
      'models.json':
        '{"profiles": [{"name": "x", "api_key": "sk-nobody-0123456789"}, {"id": "p", "name": "ok", "api_key": "sk-somebody-0123456789"}]}'
    },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'profile-duplicate-id',
    files: {
      'models.json':
        '{"profiles": [{"id": "p", "api_key": "sk-first-0123456789"}, {"id": "p", "api_key": "sk-second-0123456789"}]}'
    },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'profile-not-object',
    files: { 'models.json': '{"profiles": ["gpt-4", {"id": "p"}]}' },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'profile-key-number',
    files: { 'models.json': '{"profiles": [{"id": "p", "api_key": 12345, "is_default": "yes"}]}' },
    expect: { exit: 0, quarantined: 0 }
  },
  {
    name: 'mcp-missing-id',
    files: {
      'mcp_config.json': '{"servers": [{"name": "x", "command": "y", "env": {"API_KEY": "k-0123456789"}}]}'
    },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'mcp-map-entry-number',
    files: { 'mcp_config.json': '{"mcpServers": {"git": 5, "ok": {"command": "uvx"}}}' },
    expect: { exit: 0, quarantined: 1 }
  },
  {
    name: 'mcp-env-not-object',
    files: {
      'mcp_config.json': '{"mcpServers": {"git": {"command": "uvx", "env": ["A=1"], "args": "not-a-list"}}}'
    },
    expect: { exit: 0, quarantined: 0 }
  },
  {
    name: 'empty-files',
    files: { 'conversations.json': '', 'models.json': '   \n', 'mcp_config.json': '\ufeff' },
    expect: { exit: 0, quarantined: 0, conversations: 0 }
  },
  {
    name: 'crlf-bom-pretty',
    files: {
      'conversations.json': `\ufeff${JSON.stringify({ conversations: [JSON.parse(okConv)] }, null, 4).replace(/\n/g, '\r\n')}`
    },
    expect: { exit: 0, quarantined: 0, conversations: 1 }
  }
]

const root = join(__dirname, '..', 'test', 'fixtures', 'bad')
rmSync(root, { recursive: true, force: true })
cases.forEach((c, i) => {
  const dir = join(root, `${String(i + 1).padStart(2, '0')}-${c.name}`)
  mkdirSync(dir, { recursive: true })
  for (const [file, content] of Object.entries(c.files)) writeFileSync(join(dir, file), content!)
  writeFileSync(join(dir, 'expect.json'), `${JSON.stringify(c.expect, null, 2)}\n`)
})
process.stdout.write(`Wrote ${cases.length} cases to ${root}\n`)
