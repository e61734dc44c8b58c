// The IPC request schemas: valid payloads per channel pass (as fresh copies), malformed ones give one-line INVALID_INPUT
// errors naming channel and path without echoing values or secrets, and HostController checks before the host.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { HostController } from '../src/main/app/host-controller'
import { UserError } from '../src/shared/errors'
import { IPC_CHANNELS, type IpcChannel, type IpcRequest } from '../src/shared/ipc'
import { IPC_REQUEST_SCHEMAS, isIpcChannel, validateIpcRequest } from '../src/shared/ipc-schema'
import { tempDir } from './support/folders'

const MB10 = 10 * 1024 * 1024

/** Valid payloads for every channel (the mapped type makes this file fail to compile when a channel is added). */
const VALID: { [C in IpcChannel]: IpcRequest<C>[] } = {
  'app:status': [undefined],
  'migration:run': [undefined],
  'migration:previewSalvage': [undefined],
  'migration:current': [undefined],
  'migration:runSalvage': [undefined],
  'migration:verify': [undefined],
  'migration:rollback': [
    {},
    { discardNewData: true },
    { backupId: '2024-05-01T10-00-00Z', discardNewData: false }
  ],
  'backups:list': [undefined],
  'backups:prune': [{ keep: 0 }, { keep: 3 }, { keep: 1000 }],
  'backups:saveCopy': [{ id: '2024-05-01T10-00-00Z', passphrase: 'correct horse battery' }],
  'backups:addFromFile': [{ passphrase: 'correct horse battery' }],
  'conversations:list': [
    {},
    { cursor: null, limit: 50 },
    { cursor: 'WyJjb252ZXJzYXRpb25zIiwxLDJd', limit: 1, query: 'hello' },
    { limit: 500, query: '' }
  ],
  'conversations:get': [{ id: 'c1' }, { id: 'x'.repeat(200) }],
  'conversations:messages': [
    { id: 'c1' },
    { id: 'c1', cursor: null, limit: 100 },
    { id: 'c1', cursor: 'abc' }
  ],
  'conversations:create': [
    { title: 'New chat', agentId: 'a1' },
    { title: 'New chat' },
    { title: '', profileId: null },
    { title: 't', profileId: 'p1' }
  ],
  'conversations:rename': [
    { id: 'c1', title: 'Renamed' },
    { id: 'c1', title: 'é'.repeat(1000) }
  ],
  'conversations:delete': [{ id: 'c1' }],
  'conversations:append': [
    { id: 'c1', role: 'user', content: 'Hi' },
    { id: 'c1', role: 'assistant', content: '' },
    { id: 'c1', role: 'tool', content: 'x'.repeat(MB10) }
  ],
  'chat:send': [
    { conversationId: 'c1', text: 'Hello' },
    { conversationId: 'c1', text: '', profileId: null },
    { conversationId: 'c1', text: 'x'.repeat(100), profileId: 'p1' }
  ],
  'chat:stop': [{ streamId: 's1' }],
  'chat:profileFor': [{ conversationId: 'c1' }, { conversationId: 'c1', profileId: 'p1' }],
  'chat:regenerate': [
    { conversationId: 'c1', messageId: 'm1' },
    { conversationId: 'c1', messageId: 'm1', profileId: null }
  ],
  'chat:edit': [{ conversationId: 'c1', messageId: 'm1', text: 'Hello again', profileId: 'p1' }],
  'conversations:switchBranch': [{ id: 'c1', messageId: 'm1', index: 1 }],
  'profiles:list': [undefined],
  'profiles:create': [
    { name: 'Work', provider: 'openai', model: 'gpt-4o' },
    { name: 'Local', provider: 'ollama', model: 'llama3', baseUrl: 'http://localhost:11434', apiKey: '' },
    { name: 'W', provider: 'anthropic', model: 'claude', baseUrl: null, apiKey: 'sk-ant-1234567890' }
  ],
  'profiles:update': [
    { id: 'p1', patch: {} },
    { id: 'p1', patch: { name: 'Renamed' } },
    { id: 'p1', patch: { name: 'n', provider: 'p', model: 'm', baseUrl: null, apiKey: 'sk-…abcd' } }
  ],
  'profiles:delete': [{ id: 'p1' }],
  'profiles:setDefault': [{ id: 'p1' }],
  'profiles:testConnection': [{ id: 'p1' }],
  'profiles:fetchModels': [
    { id: 'p1' },
    { id: null, name: 'Draft', provider: 'openai', baseUrl: null, apiKey: 'sk-typed-1234567890' },
    { provider: 'ollama', baseUrl: 'http://localhost:11434' }
  ],
  'agents:list': [undefined],
  'agents:get': [{ id: 'a1' }],
  'agents:create': [
    { name: 'Helper' },
    { name: 'Helper', systemPrompt: null, profileId: null, servers: [] },
    {
      name: 'Helper',
      systemPrompt: 'Be brief.',
      profileId: 'p1',
      servers: [{ id: 'm1', toolNames: ['echo'] }]
    }
  ],
  'agents:update': [
    { id: 'a1', patch: {} },
    { id: 'a1', patch: { servers: [{ id: 'm1', toolNames: null }, { id: 'm2' }] } }
  ],
  'agents:duplicate': [{ id: 'a1' }],
  'agents:delete': [{ id: 'a1' }],
  'mcp:list': [undefined],
  'mcp:create': [
    { name: 'files' },
    {
      name: 'files',
      transport: 'stdio',
      enabled: true,
      command: 'npx',
      args: ['-y', '@modelcontextprotocol/server-filesystem', '/tmp'],
      url: null,
      env: { GITHUB_TOKEN: 'ghp_secret', DEBUG: '' }
    },
    {
      name: 'remote',
      transport: 'sse',
      command: null,
      args: [],
      url: 'https://example.com/sse',
      enabled: false
    }
  ],
  'mcp:update': [
    { id: 'm1', patch: {} },
    { id: 'm1', patch: { enabled: false } },
    { id: 'm1', patch: { env: {}, args: [], command: null, url: null, name: 'x', transport: 'http' } }
  ],
  'mcp:delete': [{ id: 'm1' }],
  'mcp:states': [undefined],
  'mcp:start': [{ id: 'm1' }, { id: 'm1', inputs: { 'github-token': 'ghp_typed' }, saveInputs: false }],
  'mcp:stop': [{ id: 'm1' }],
  'mcp:restart': [{ id: 'm1' }],
  'mcp:tools': [{ id: 'm1' }],
  'mcp:health': [{ id: 'm1' }],
  'mcp:inputs': [{ id: 'm1' }],
  'mcp:setStartAtLaunch': [
    { id: 'm1', on: true },
    { id: 'm1', on: false }
  ],
  'storage:setBackend': [{ backend: 'sqlite' }, { backend: 'json' }, { backend: 'hybrid' }],
  'storage:flush': [undefined],
  'storage:consistency': [undefined],
  'imports:choosePath': [{ kind: 'folder' }, { kind: 'mcp' }],
  'imports:preview': [
    { kind: 'folder', path: '/home/me/notes' },
    { kind: 'mcp', path: null }
  ],
  'imports:run': [
    { kind: 'folder', path: '/home/me/notes', incremental: true },
    { kind: 'chat-export', path: '/home/me/conversations.json' },
    { kind: 'legacy', path: null },
    {
      kind: 'mcp',
      path: null,
      mcpChoices: [{ key: 'cursor:files', action: 'rename', newName: 'files (Cursor)' }]
    }
  ],
  'imports:runs': [undefined],
  'imports:rollback': [{ runId: 'import-2026-11-22T10-00-00-000Z-abcd1234' }],
  'history:list': [{}, { limit: 1 }, { limit: 500 }],
  'search:query': [{ query: 'trip to lisbon' }, { query: '', limit: 200 }],
  'knowledge:get': [{ id: 'k1' }],
  'embedding:status': [undefined],
  'embedding:setEmbedder': [{ profileId: null }, { profileId: 'p1', model: 'text-embedding-3-small' }],
  'logs:open': [undefined],
  'chat:context': [{ conversationId: 'c1' }, { conversationId: 'c1', profileId: 'p1', draftChars: 0 }],
  'chat:summarise': [{ conversationId: 'c1' }, { conversationId: 'c1', profileId: null }],
  'chat:approveTool': [
    { messageId: 'm1', choice: 'always' },
    { messageId: 'm1', choice: 'once', argumentsJson: '{}' },
    { messageId: 'm1', choice: 'deny', reason: 'not now' }
  ],
  'mcp:grants': [undefined],
  'mcp:revokeGrant': [{ id: 'g1' }],
  'mcp:setReadOnlyDefault': [{ serverId: 's1', allowed: false }]
}

/** The INVALID_INPUT message for a payload (fails the test when the payload is accepted or throws anything else). */
function rejection(channel: string, value: unknown): string {
  try {
    validateIpcRequest(channel as IpcChannel, value)
  } catch (error) {
    expect(error).toBeInstanceOf(UserError)
    expect((error as UserError).code).toBe('INVALID_INPUT')
    const message = (error as UserError).message
    expect(message).not.toMatch(/[\n\r\u2028\u2029]/)
    expect(message.length).toBeLessThanOrEqual(500)
    return message
  }
  throw new Error(`${channel} accepted ${JSON.stringify(value)?.slice(0, 200)}`)
}

/** Same value with undefined-valued keys left out (what the validator hands on). */
function withoutUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? null)) as unknown
}

describe('IPC request schemas', () => {
  it('cover exactly the channels of the contract', () => {
    expect(Object.keys(IPC_REQUEST_SCHEMAS).sort()).toEqual([...IPC_CHANNELS].sort())
    for (const channel of IPC_CHANNELS) expect(isIpcChannel(channel)).toBe(true)
    expect(isIpcChannel('fs:readFile')).toBe(false)
    expect(isIpcChannel('__proto__')).toBe(false)
    expect(isIpcChannel(42)).toBe(false)
  })

  it.each(IPC_CHANNELS)('%s accepts its valid payloads, handing on a fresh copy', (channel) => {
    for (const payload of VALID[channel] as unknown[]) {
      const result: unknown = validateIpcRequest(channel, payload)
      expect(withoutUndefined(result)).toEqual(withoutUndefined(payload))
      if (typeof payload === 'object' && payload !== null) expect(result).not.toBe(payload)
    }
  })

  it('accepts null or nothing for requests without data, and hands on nothing', () => {
    expect(validateIpcRequest('app:status', null)).toBeUndefined()
    expect(validateIpcRequest('logs:open', undefined)).toBeUndefined()
    expect(rejection('app:status', {})).toBe('app:status: $ must be empty (no request data), got an object')
    expect(rejection('migration:run', 0)).toBe('migration:run: $ must be empty (no request data), got 0')
  })

  it('accepts optional keys sent as undefined (structured clone keeps them) and leaves them out', () => {
    const result = validateIpcRequest('migration:rollback', { backupId: undefined, discardNewData: true })
    expect(result).toEqual({ discardNewData: true })
    expect(Object.keys(result)).toEqual(['discardNewData'])
  })

  it('refuses a wrong type, naming the channel and the JSON path', () => {
    expect(rejection('conversations:get', { id: 7 })).toBe(
      'conversations:get: $.id must be a string of 1 to 200 characters, got 7'
    )
    expect(rejection('conversations:list', [])).toBe(
      'conversations:list: $ must be an object, got an array of 0 items'
    )
    expect(rejection('conversations:list', null)).toBe('conversations:list: $ must be an object, got null')
    expect(rejection('conversations:list', { limit: '50' })).toBe(
      'conversations:list: $.limit must be a whole number from 1 to 500, got a string of 2 characters'
    )
    expect(rejection('conversations:list', { cursor: 5 })).toBe(
      'conversations:list: $.cursor must be a string of at most 1000 characters or null, got 5'
    )
    expect(rejection('mcp:create', { name: 'x', enabled: 'yes' })).toBe(
      'mcp:create: $.enabled must be true or false, got a string of 3 characters'
    )
    expect(rejection('mcp:create', { name: 'x', args: ['a', 1] })).toBe(
      'mcp:create: $.args[1] must be a string of at most 16384 characters, got 1'
    )
    expect(rejection('profiles:update', { id: 'p1', patch: { baseUrl: false } })).toBe(
      'profiles:update: $.patch.baseUrl must be a string of at most 4096 characters or null, got false'
    )
    expect(rejection('profiles:update', { id: 'p1', patch: null })).toBe(
      'profiles:update: $.patch must be an object, got null'
    )
  })

  it('refuses values that are not plain JSON: Dates, Maps, class instances, bigints, functions', () => {
    expect(rejection('conversations:list', new Date(0))).toBe(
      'conversations:list: $ must be an object, got a Date'
    )
    expect(rejection('conversations:list', new Map())).toMatch(
      /^conversations:list: \$ must be an object, got a Map$/
    )
    class Request {
      id = 'c1'
    }
    expect(rejection('conversations:get', new Request())).toMatch(/^conversations:get: \$ must be an object/)
    expect(rejection('backups:prune', { keep: 3n })).toBe(
      'backups:prune: $.keep must be a whole number from 0 to 1000, got a bigint'
    )
    expect(rejection('conversations:get', { id: () => 'c1' })).toMatch(
      /\$\.id must be a string .* got a function$/
    )
    expect(rejection('mcp:create', { name: 'x', args: new Set(['a']) })).toMatch(/\$\.args must be a list/)
    expect(rejection('mcp:create', { name: 'x', env: new Map([['A', 'b']]) })).toMatch(
      /\$\.env must be an object/
    )
    // Objects without a prototype are plain too.
    expect(
      validateIpcRequest('conversations:get', Object.assign(Object.create(null) as object, { id: 'c1' }))
    ).toEqual({
      id: 'c1'
    })
  })

  it('refuses unknown keys, at any depth', () => {
    expect(rejection('conversations:delete', { id: 'c1', cascade: true })).toBe(
      'conversations:delete: $.cascade is not allowed (allowed: id)'
    )
    expect(rejection('profiles:update', { id: 'p1', patch: { name: 'x', isDefault: true } })).toBe(
      'profiles:update: $.patch.isDefault is not allowed (allowed: name, provider, model, baseUrl, apiKey)'
    )
    expect(rejection('conversations:get', JSON.parse('{"id":"c1","__proto__":{"admin":true}}'))).toBe(
      'conversations:get: $.__proto__ is not allowed (allowed: id)'
    )
    expect(rejection('conversations:get', { id: 'c1', ['bad key\nwith newline' + 'k'.repeat(100)]: 1 })).toBe(
      `conversations:get: $["bad key\\nwith newline${'k'.repeat(20)}…"] is not allowed (allowed: id)`
    )
  })

  it('refuses missing fields', () => {
    expect(rejection('conversations:rename', { id: 'c1' })).toBe(
      'conversations:rename: $.title is missing (expected a string of at most 1000 characters)'
    )
    expect(rejection('profiles:create', { name: 'n', provider: 'p' })).toBe(
      'profiles:create: $.model is missing (expected a string of at most 1000 characters)'
    )
    expect(rejection('backups:prune', {})).toMatch(/^backups:prune: \$\.keep is missing/)
    expect(rejection('conversations:append', { id: 'c1', role: 'user', content: undefined })).toBe(
      'conversations:append: $.content must be a string of at most 10485760 characters, got nothing'
    )
  })

  it('refuses values that are too long, too many, or out of range', () => {
    expect(rejection('conversations:get', { id: 'x'.repeat(201) })).toBe(
      'conversations:get: $.id must be a string of 1 to 200 characters, got a string of 201 characters'
    )
    expect(rejection('conversations:get', { id: '' })).toMatch(
      /\$\.id must be a string of 1 to 200 characters/
    )
    expect(rejection('conversations:create', { title: 't'.repeat(1001) })).toMatch(
      /^conversations:create: \$\.title must be a string of at most 1000 characters, got a string of 1001/
    )
    // 10 MB of UTF-8: the character count alone is not enough.
    expect(
      rejection('conversations:append', { id: 'c1', role: 'user', content: 'é'.repeat(MB10 / 2 + 1) })
    ).toBe('conversations:append: $.content must be at most 10485760 bytes of UTF-8 text')
    expect(
      validateIpcRequest('conversations:append', { id: 'c', role: 'u', content: 'é'.repeat(MB10 / 2) })
    ).toBeTruthy()
    expect(
      validateIpcRequest('conversations:append', { id: 'c', role: 'u', content: '😀'.repeat(MB10 / 4) })
    ).toBeTruthy()
    expect(rejection('conversations:append', { id: 'c', role: 'u', content: 'x'.repeat(MB10 + 1) })).toMatch(
      /\$\.content must be a string of at most 10485760 characters, got a string of 10485761 characters$/
    )
    for (const limit of [0, -1, 501, 1.5, Number.NaN, Infinity]) {
      expect(rejection('conversations:messages', { id: 'c1', limit })).toMatch(
        /^conversations:messages: \$\.limit must be a whole number from 1 to 500, got /
      )
    }
    expect(rejection('backups:prune', { keep: -1 })).toBe(
      'backups:prune: $.keep must be a whole number from 0 to 1000, got -1'
    )
    expect(rejection('backups:prune', { keep: 1001 })).toMatch(
      /\$\.keep must be a whole number from 0 to 1000/
    )
    expect(rejection('mcp:create', { name: 'x', args: Array.from({ length: 201 }, () => 'a') })).toBe(
      'mcp:create: $.args must be a list of at most 200 items, got 201 items'
    )
    const env = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`K${i}`, 'v']))
    expect(rejection('mcp:update', { id: 'm1', patch: { env } })).toBe(
      'mcp:update: $.patch.env must be an object of at most 200 entries, got 201 entries'
    )
    expect(rejection('mcp:create', { name: 'x', env: { '': 'v' } })).toBe(
      'mcp:create: $.env[""] has an invalid name: it must be a string of 1 to 1000 characters, got a string of 0 characters'
    )
  })

  it('counts lengths in UTF-16 code units, as JavaScript does (not in code points)', () => {
    expect(rejection('conversations:get', { id: '😀'.repeat(101) })).toBe(
      'conversations:get: $.id must be a string of 1 to 200 characters, got a string of 202 characters'
    )
    expect(validateIpcRequest('conversations:get', { id: '😀'.repeat(100) })).toEqual({
      id: '😀'.repeat(100)
    })
  })

  it('reports the outermost problem first: an unknown key or a list too long before what is inside', () => {
    expect(rejection('profiles:update', { id: 'p1', patch: { name: 1, extra: true } })).toBe(
      'profiles:update: $.patch.extra is not allowed (allowed: name, provider, model, baseUrl, apiKey)'
    )
    expect(rejection('mcp:create', { name: 'x', args: [1, ...Array.from({ length: 200 }, () => 'a')] })).toBe(
      'mcp:create: $.args must be a list of at most 200 items, got 201 items'
    )
    expect(rejection('mcp:create', { name: 'x', args: [1], transport: 2 })).toBe(
      'mcp:create: $.args[0] must be a string of at most 16384 characters, got 1'
    )
  })

  it('refuses NUL characters in a search query (the full-text query parser cannot take them)', () => {
    expect(rejection('conversations:list', { query: 'a\u0000' })).toBe(
      'conversations:list: $.query must not contain NUL (U+0000) characters'
    )
  })

  it('checks holes of sparse lists instead of skipping them', () => {
    const args = ['a', 'b', 'c']
    delete args[1]
    expect(rejection('mcp:create', { name: 'x', args })).toBe(
      'mcp:create: $.args[1] must be a string of at most 16384 characters, got nothing'
    )
  })

  it('keeps an env key named __proto__ as an ordinary own key', () => {
    const env = JSON.parse('{"__proto__":"v","PATH":"/bin"}') as Record<string, string>
    const result = validateIpcRequest('mcp:create', { name: 'x', env })
    expect(Object.keys(result.env ?? {})).toEqual(['__proto__', 'PATH'])
    expect(Object.getPrototypeOf(result.env)).toBe(Object.prototype)
  })

  it('never shows an API key, an env value, or the contents of any string in the message', () => {
    const apiKey = 'sk-live-SUPERSECRETKEY-1234567890'
    const messages = [
      rejection('profiles:create', {
        name: 'n',
        provider: 'p',
        model: 'm',
        apiKey: `${apiKey}${'x'.repeat(20_000)}`
      }),
      rejection('profiles:update', { id: 'p1', patch: { apiKey: 12345678901 } }),
      rejection('profiles:update', { id: 'p1', patch: { apiKey: true } }),
      rejection('profiles:update', { id: 'p1', patch: { apiKey: [apiKey] } }),
      rejection('profiles:update', { id: 'p1', patch: { apiKy: apiKey } }),
      rejection('profiles:create', { name: apiKey, provider: 'p', model: 7 }),
      rejection('mcp:create', { name: 'x', env: { OPENAI_API_KEY: `${apiKey}${'x'.repeat(40_000)}` } }),
      rejection('mcp:create', { name: 'x', env: { OPENAI_API_KEY: 12345678901 } }),
      rejection('conversations:append', { id: 'c1', role: apiKey.repeat(10), content: '' }),
      rejection('conversations:list', { limit: apiKey }),
      rejection('profiles:fetchModels', { provider: 'openai', apiKey: 12345678901 }),
      rejection('backups:saveCopy', { id: 'b1', passphrase: `${apiKey}${'x'.repeat(2_000)}` }),
      rejection('backups:addFromFile', { passphrase: apiKey, file: '/tmp/x' })
    ]
    for (const message of messages) {
      expect(message).not.toContain(apiKey)
      expect(message).not.toContain('SUPERSECRET')
      expect(message).not.toContain('12345678901')
    }
    expect(messages[0]).toBe(
      'profiles:create: $.apiKey must be a string of at most 16384 characters, got a string'
    )
    expect(messages[1]).toBe(
      'profiles:update: $.patch.apiKey must be a string of at most 16384 characters, got a number'
    )
    expect(messages[6]).toBe(
      'mcp:create: $.env.OPENAI_API_KEY must be a string of at most 32768 characters, got a string'
    )
    expect(messages[7]).toBe(
      'mcp:create: $.env.OPENAI_API_KEY must be a string of at most 32768 characters, got a number'
    )
    expect(messages[10]).toBe(
      'profiles:fetchModels: $.apiKey must be a string of at most 16384 characters, got a number'
    )
  })

  it('refuses unknown channels', () => {
    expect(rejection('fs:readFile', {})).toBe('Unknown request "fs:readFile".')
    expect(rejection('toString', undefined)).toBe('Unknown request "toString".')
    expect(rejection('x'.repeat(1000), undefined)).toBe(`Unknown request "${'x'.repeat(60)}…".`)
  })
})

describe('HostController.dispatch', () => {
  it('validates before starting or waiting for the host, for every channel including the "Retry" path', async () => {
    const dataDir = join(tempDir(), 'never-created')
    const controller = new HostController(dataDir, () => undefined)
    await expect(controller.dispatch('migration:run', { retry: true })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'migration:run: $ must be empty (no request data), got an object'
    })
    await expect(controller.dispatch('conversations:delete', { id: 1 })).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'conversations:delete: $.id must be a string of 1 to 200 characters, got 1'
    })
    await expect(controller.dispatch('fs:readFile' as IpcChannel, {})).rejects.toMatchObject({
      code: 'INVALID_INPUT',
      message: 'Unknown request "fs:readFile".'
    })
    // Nothing was started: startAppHost would have created the data folder.
    expect(controller.host).toBeNull()
    expect(existsSync(dataDir)).toBe(false)
  })
})
