// `personal-agent agents` and `personal-agent chat --agent`, run as a user runs them, on a migrated folder whose
// profiles point at a fake provider on 127.0.0.1: an agent created with its profile, servers (by name) and system
// prompt; a chat with it whose request carries the agent's prompt and goes through the agent's profile; another
// agent's conversation refused in one line; edit and delete, after which the conversation chats on with its profile.
import { describe, expect, it } from 'vitest'
import type { AgentView } from '../src/shared/agent-types'
import { SecretStore } from '../src/main/secrets/secret-store'
import { cli, cliAsync, cliJson, type CliRun } from './support/cli'
import { useFakeProvider } from './support/fake-providers'
import { tempDir } from './support/folders'
import { migrateLegacyChatFolder } from './support/legacy-chat'
import { everythingServer } from './support/mcp-servers'
import { storeFixtures } from './support/store-fixture'

const KEY = 'sk-agents-cli-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-agents-cli-')

/** A legacy folder with a conversation, two profiles on the fake provider and one MCP server, migrated. */
function migratedFolder(): string {
  const dir = tempDir('pa-agents-cli-')
  keychains.track(new SecretStore(dir))
  const profile = (
    id: string,
    model: string,
    extra: Record<string, unknown> = {}
  ): Record<string, unknown> => ({
    id,
    name: id,
    provider: 'openai',
    model,
    api_key: KEY,
    base_url: provider.url,
    ...extra
  })
  migrateLegacyChatFolder(dir, {
    conversations: [
      {
        id: 'conv-legacy-1',
        title: 'Trains',
        profile_id: 'prof-main',
        messages: [{ id: 'm1', role: 'user', content: 'When is the night train?' }]
      }
    ],
    profiles: [
      profile('prof-main', 'gpt-main', { system_prompt: 'Be brief.', is_default: true }),
      profile('prof-pirate', 'gpt-pirate')
    ],
    servers: [everythingServer()]
  })
  return dir
}

function expectOneLine(run: CliRun, code: number, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(code)
  const lines = run.stderr.trim().split('\n')
  expect(lines, run.stderr).toHaveLength(1)
  expect(lines[0]).toMatch(pattern)
}

describe('personal-agent agents and chat --agent', () => {
  it('creates an agent, chats with it through its profile and prompt, and keeps the chat after it is deleted', async () => {
    const dir = migratedFolder()
    const created = cliJson<AgentView>([
      'agents',
      'create',
      '--name',
      'Pirate',
      '--profile',
      'prof-pirate',
      '--mcp',
      'EVERYTHING',
      '--system-prompt',
      'Talk like a pirate.',
      '--data-dir',
      dir
    ])
    expect(created.run.code, created.run.stderr).toBe(0)
    const agent = created.json
    expect(agent).toMatchObject({
      name: 'Pirate',
      profileId: 'prof-pirate',
      systemPrompt: 'Talk like a pirate.'
    })
    expect(agent.servers.map((s) => s.name)).toEqual(['everything'])
    const listed = cli(['agents', 'list', '--data-dir', dir])
    expect(listed.stdout).toBe(`${agent.id}  Pirate  profile prof-pirate  MCP: everything\n`)

    provider.requests.length = 0
    const chat = await cliAsync([
      'chat',
      '--agent',
      agent.id,
      '--new',
      '--json',
      'Where is the treasure?',
      '--data-dir',
      dir
    ])
    expect(chat.code, chat.stderr).toBe(0)
    const { conversationId, profileId } = JSON.parse(chat.stdout) as {
      conversationId: string
      profileId: string
    }
    expect(profileId).toBe('prof-pirate')
    expect(provider.requests[0]!.body).toMatchObject({
      model: 'gpt-pirate',
      messages: [
        { role: 'system', content: 'Talk like a pirate.' },
        { role: 'user', content: 'Where is the treasure?' }
      ]
    })
    // The conversation remembers its agent: continuing it with the agent works, another's is refused.
    provider.requests.length = 0
    const again = await cliAsync([
      'chat',
      '--agent',
      agent.id,
      '--conversation',
      conversationId,
      'And then?',
      '--data-dir',
      dir
    ])
    expect(again.code, again.stderr).toBe(0)
    expect((provider.requests[0]!.body.messages as unknown[])[0]).toEqual({
      role: 'system',
      content: 'Talk like a pirate.'
    })
    const refused = await cliAsync([
      'chat',
      '--agent',
      agent.id,
      '--conversation',
      'conv-legacy-1',
      'Ahoy',
      '--data-dir',
      dir
    ])
    expectOneLine(
      refused,
      1,
      new RegExp(
        `^personal-agent: Conversation conv-legacy-1 has no agent, not "Pirate": leave out --agent to continue it, or use --agent ${agent.id} --new\\.$`
      )
    )

    const edited = cliJson<AgentView>([
      'agents',
      'edit',
      agent.id,
      '--name',
      'Captain',
      '--mcp',
      '',
      '--data-dir',
      dir
    ])
    expect(edited.run.code, edited.run.stderr).toBe(0)
    expect(edited.json).toMatchObject({ name: 'Captain', servers: [], systemPrompt: 'Talk like a pirate.' })

    const deleted = cli(['agents', 'delete', agent.id, '--data-dir', dir])
    expect(deleted.code, deleted.stderr).toBe(0)
    expect(deleted.stdout).toContain('Deleted agent Captain; its 1 conversation(s) stay, without it.')
    expect(cli(['agents', 'list', '--data-dir', dir]).stdout).toBe('There are no agents.\n')
    // The conversation stays, and chats on with the agent's profile (the profile's own prompt: none).
    provider.requests.length = 0
    const after = await cliAsync([
      'chat',
      '--conversation',
      conversationId,
      'Still there?',
      '--data-dir',
      dir
    ])
    expect(after.code, after.stderr).toBe(0)
    expect(provider.requests[0]!.body.model).toBe('gpt-pirate')
    expect((provider.requests[0]!.body.messages as { role: string }[]).map((m) => m.role)).not.toContain(
      'system'
    )
  })

  it('refuses what it cannot do in one line', () => {
    const dir = migratedFolder()
    expectOneLine(
      cli(['agents', 'create', '--name', 'X', '--data-dir', dir]),
      2,
      /^personal-agent: Give the agent a --name and a --profile\. Usage:/
    )
    expectOneLine(
      cli(['agents', 'create', '--name', 'X', '--profile', 'nope', '--data-dir', dir]),
      1,
      /^personal-agent: Agent "X": there is no profile nope\. Run "personal-agent chat --list-profiles" for their ids\.$/
    )
    expectOneLine(
      cli(['agents', 'create', '--name', 'X', '--profile', 'prof-main', '--mcp', 'gitub', '--data-dir', dir]),
      1,
      /^personal-agent: Agent "X": There is no MCP server "gitub"\. The servers are: everything\.$/
    )
    expectOneLine(
      cli(['agents', 'edit', 'nope', '--name', 'Y', '--data-dir', dir]),
      1,
      /^personal-agent: Agent nope was not found/
    )
    expectOneLine(
      cli(['chat', '--agent', 'nope', 'Hi', '--data-dir', dir]),
      1,
      /^personal-agent: Agent nope was not found/
    )
    expectOneLine(
      cli(['agents', 'frobnicate', '--data-dir', dir]),
      2,
      /^personal-agent: Unknown agents action "frobnicate"/
    )
  })
})
