// SecretStore against the real Secret Service (gnome-keyring in a private D-Bus session), and its plain-words
// error when no keychain can be reached.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { SecretStore } from '../src/main/secrets/secret-store'
import { maskSecret } from '../src/shared/secret-policy'
import { tempDir } from './support/folders'

describe('SecretStore', () => {
  it('runs against a real Secret Service session', () => {
    expect(
      process.env['DBUS_SESSION_BUS_ADDRESS'],
      'tests must run inside scripts/with-keychain.sh'
    ).toBeTruthy()
  })

  it('stores, reads and deletes, with accounts namespaced by data folder', async () => {
    const a = new SecretStore(tempDir())
    const b = new SecretStore(tempDir())
    expect(a.namespace).not.toBe(b.namespace)
    await a.set(a.account('profile/p1/api_key'), 'sk-aaaaaaaaaaaaaaaaaaaa')
    await b.set(b.account('profile/p1/api_key'), 'sk-bbbbbbbbbbbbbbbbbbbb')
    expect(await a.get(a.account('profile/p1/api_key'))).toBe('sk-aaaaaaaaaaaaaaaaaaaa')
    expect(await a.listAccounts()).toEqual([a.account('profile/p1/api_key')])
    expect(await a.delete(a.account('profile/p1/api_key'))).toBe(true)
    expect(await a.get(a.account('profile/p1/api_key'))).toBeNull()
    expect(await b.get(b.account('profile/p1/api_key'))).toBe('sk-bbbbbbbbbbbbbbbbbbbb')
    await b.delete(b.account('profile/p1/api_key'))
  })

  it('the probe writes, reads back and removes a throwaway entry', async () => {
    const store = new SecretStore(tempDir())
    await store.probe()
    expect(await store.listAccounts()).toEqual([])
  })

  it('masks keys so that they can be recognised but not used', () => {
    expect(maskSecret('sk-proj-1234567890abcdef')).toBe('sk-…cdef')
    expect(maskSecret('ghp_abcdefghijklmnopqrstu')).toBe('ghp…rstu')
    expect(maskSecret('short')).toBe('••••')
  })

  it('says plainly when no keychain can be reached, and how to fix it', () => {
    const script = `
      import { SecretStore } from ${JSON.stringify(join(__dirname, '../src/main/secrets/secret-store.ts'))}
      new SecretStore('/tmp/x').probe().then(() => console.log('unexpected success'), (e) => console.log(e.code + ': ' + e.message))`
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus', DISPLAY: '' }
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
      env
    })
    expect(run.stdout).toMatch(
      /^KEYCHAIN_UNAVAILABLE: The system keychain could not store a key: .+\. Make sure a Secret Service keychain is running and unlocked/
    )
  })
})
