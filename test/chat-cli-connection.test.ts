// `personal-agent chat --test-profile ID` and `--list-models ID`, run as a user runs them on a migrated folder whose
// profiles point at a fake provider on 127.0.0.1 (and at a closed port): the one line and exit 0 on success, one
// line on stderr and exit 1 on failure, and the key (sent from the keychain) never in the output or the log.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { cli, cliAsync, type CliRun } from './support/cli'
import { closedPort, useFakeProvider } from './support/fake-providers'
import { filesUnder, tempDir } from './support/folders'
import { migrateLegacyChatFolder } from './support/legacy-chat'
import { storeFixtures } from './support/store-fixture'

const KEY = 'sk-cli-connection-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-cli-connection-')
let dir = ''

beforeAll(async () => {
  const downPort = await closedPort()
  dir = tempDir('pa-cli-connection-')
  keychains.track(new SecretStore(dir))
  const profile = (id: string, provider_: string, baseUrl: string): Record<string, unknown> => ({
    id,
    name: id,
    provider: provider_,
    model: 'model-cli',
    api_key: KEY,
    base_url: baseUrl
  })
  migrateLegacyChatFolder(dir, {
    conversations: [],
    profiles: [
      { ...profile('openai-up', 'openai', provider.url), is_default: true },
      profile('claude-up', 'anthropic', provider.url),
      profile('openai-down', 'openai', `http://127.0.0.1:${downPort}/v1`)
    ]
  })
})

function expectNoKey(...runs: CliRun[]): void {
  for (const run of runs) expect(run.stdout + run.stderr).not.toContain(KEY)
  for (const file of filesUnder(join(dir, 'logs')))
    expect(readFileSync(file, 'utf8'), file).not.toContain(KEY)
}

describe('personal-agent chat --test-profile / --list-models', () => {
  it('prints the one line and exits 0 when the model answers; one line on stderr and exit 1 when it cannot', async () => {
    provider.requests.length = 0
    const up = await cliAsync(['chat', '--data-dir', dir, '--test-profile', 'openai-up'])
    expect(up.code, up.stderr).toBe(0)
    expect(up.stdout).toMatch(/^Connected: OpenAI answered with model-cli in \d+ ms\.\n$/)
    expect(provider.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`)

    const down = await cliAsync(['chat', '--data-dir', dir, '--test-profile', 'openai-down'])
    expect(down.code).toBe(1)
    expect(down.stdout).toBe('')
    expect(down.stderr).toMatch(
      /^personal-agent: Profile "openai-down": 127\.0\.0\.1:\d+ refused the connection\. [^\n]*\n$/
    )

    provider.script({ kind: 'status', status: 401, body: { error: { message: `Bad key ${KEY}` } } })
    const refused = await cliAsync(['chat', '--data-dir', dir, '--test-profile', 'openai-up', '--json'])
    expect(refused.code).toBe(1)
    expect(JSON.parse(refused.stdout)).toMatchObject({
      error: {
        message: expect.stringMatching(/^Profile "openai-up": OpenAI refused the API key \(HTTP 401\)/)
      }
    })

    const unknown = await cliAsync(['chat', '--data-dir', dir, '--test-profile', 'no-such-profile'])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr.trim().split('\n')).toHaveLength(1)
    expectNoKey(up, down, refused, unknown)
  })

  it('--list-models prints one id a line (Anthropic paged), or why the endpoint lists none', async () => {
    provider.models({ kind: 'models', ids: ['claude-b', 'claude-c', 'claude-a'], pageSize: 2 })
    const listed = await cliAsync(['chat', '--data-dir', dir, '--list-models', 'claude-up'])
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toBe('claude-a\nclaude-b\nclaude-c\n')

    provider.models({ kind: 'status', status: 404, body: { error: 'no such route' } })
    const none = await cliAsync(['chat', '--data-dir', dir, '--list-models', 'openai-up'])
    expect(none.code).toBe(1)
    expect(none.stderr).toBe(
      `personal-agent: Profile "openai-up": this endpoint (${provider.url}) does not list its models; type the model name.\n`
    )
    expect(cli(['chat', '--help']).stdout).toContain('chat --test-profile ID | chat --list-models ID')
    expectNoKey(listed, none)
  })
})
