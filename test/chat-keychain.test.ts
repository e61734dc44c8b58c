// A chat turn whose key cannot be had: a keychain that is not running, and a real GNOME Keyring locked over D-Bus
// (in a session of its own, so the other tests' keychain stays unlocked). Each ends in one line naming the profile,
// the keychain and the fix, after the user's message is stored; the key never shows.
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { openDatabase } from '../src/main/store/sqlite/database'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { BIN, cli, cliAsync } from './support/cli'
import { useFakeProvider } from './support/fake-providers'
import { tempDir } from './support/folders'
import { storeFixtures } from './support/store-fixture'

const KEY = 'sk-chat-keychain-test-0123456789abcdef'
const provider = useFakeProvider()
const keychains = storeFixtures('pa-chat-keychain-')

/** A legacy folder with one conversation and one profile whose key goes to the keychain on migration. */
function legacyFolder(): string {
  const dir = tempDir('pa-chat-keychain-')
  keychains.track(new SecretStore(dir))
  const conversation = { id: 'c1', title: 'Keys', messages: [{ id: 'm1', role: 'user', content: 'Hello' }] }
  writeFileSync(join(dir, 'conversations.json'), JSON.stringify({ conversations: [conversation] }))
  const profile = { id: 'p1', name: 'Work GPT', provider: 'openai', model: 'gpt-k', api_key: KEY }
  writeFileSync(
    join(dir, 'models.json'),
    JSON.stringify({ profiles: [{ ...profile, base_url: provider.url, is_default: true }] })
  )
  writeFileSync(join(dir, 'mcp_config.json'), JSON.stringify({ servers: [] }))
  return dir
}

function storedTexts(dir: string): string[] {
  const db = openDatabase(join(dir, 'personal-agent.db'))
  try {
    return new SqliteConversations(db).transcript('c1').map((m) => m.text)
  } finally {
    db.close()
  }
}

const FIX = 'Unlock the system keychain and try again, or re-enter the key in Profiles.'

describe('chat when the keychain cannot give the key', () => {
  it('a keychain that is not running: one line, the message kept, no request made', async () => {
    const dir = legacyFolder()
    expect(cli(['migrate', '--data-dir', dir]).code).toBe(0)
    provider.requests.length = 0
    const run = await cliAsync(['chat', '--data-dir', dir, '--conversation', 'c1', 'Are you there?'], {
      DBUS_SESSION_BUS_ADDRESS: `unix:path=${join(dir, 'no-such-bus')}`
    })
    expect(run.code).toBe(1)
    expect(run.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^personal-agent: Profile "Work GPT": its API key could not be read because the system keychain is not available \(.+\)\. /
      )
    ])
    expect(run.stderr).toContain(FIX)
    expect(run.stdout + run.stderr).not.toContain(KEY)
    expect(provider.requests).toHaveLength(0)
    expect(storedTexts(dir)).toEqual(['Hello', 'Are you there?'])
  })

  it('a locked keychain: one line that says so and offers to re-enter the key', () => {
    const dir = legacyFolder()
    const home = tempDir('pa-chat-keychain-home-')
    // Its own D-Bus session and keyring: migrate (the key goes in), lock the login collection, then chat.
    const script = `
      printf 'locked-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
      "$BIN" migrate --data-dir "$DIR" >/dev/null || exit 10
      dbus-send --session --print-reply --dest=org.freedesktop.secrets /org/freedesktop/secrets \\
        org.freedesktop.Secret.Service.Lock array:objpath:/org/freedesktop/secrets/collection/login >/dev/null || exit 11
      "$BIN" chat --data-dir "$DIR" --conversation c1 'Still there?' >"$DIR/chat.out" 2>"$DIR/chat.err"
      echo $? >"$DIR/chat.code"`
    const session = spawnSync('dbus-run-session', ['--', 'bash', '-c', script], {
      env: { ...process.env, HOME: home, BIN, DIR: dir },
      encoding: 'utf8',
      timeout: 90_000
    })
    expect(session.status, session.stderr).toBe(0)
    expect(readFileSync(join(dir, 'chat.code'), 'utf8').trim()).toBe('1')
    expect(readFileSync(join(dir, 'chat.err'), 'utf8')).toBe(
      `personal-agent: Profile "Work GPT" has no API key in the keychain, or the keychain is locked. ${FIX}\n`
    )
    expect(readFileSync(join(dir, 'chat.out'), 'utf8')).toBe('')
    expect(provider.requests.filter((r) => JSON.stringify(r.body).includes('Still there?'))).toHaveLength(0)
    expect(storedTexts(dir)).toEqual(['Hello', 'Still there?'])
  })
})
