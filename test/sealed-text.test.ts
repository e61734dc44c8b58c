// Sealed set-aside text: what the policy says must be sealed, a round trip to the exact text, a key made only when
// needed and kept in the keychain, and a one-line message naming what when the key is missing or the bytes changed.
import { afterAll, describe, expect, it } from 'vitest'
import {
  holdsSecret,
  isSealedText,
  loadSealingKey,
  openSealedText,
  SET_ASIDE_KEY_PATH,
  TextSealer
} from '../src/main/secrets/sealed-text'
import { SecretStore } from '../src/main/secrets/secret-store'
import { tempDir } from './support/folders'

const secrets = new SecretStore(tempDir('pa-sealed-'))
const SECRET = `PLANTEDsealed${Date.now()}`

afterAll(async () => {
  for (const account of await secrets.listAccounts()) await secrets.delete(account)
})

describe('holdsSecret', () => {
  it('asks the one policy: secret names, JSON at any depth, URL credentials, key-shaped tokens', () => {
    expect(holdsSecret('plain value', ['openai_api_key'])).toBe(true)
    expect(holdsSecret(JSON.stringify({ a: [{ nested: { apiKey: SECRET } }] }))).toBe(true)
    expect(holdsSecret(JSON.stringify(JSON.stringify({ token: SECRET })))).toBe(true)
    expect(holdsSecret(`see https://user:${SECRET}@host.example/x`)).toBe(true)
    expect(holdsSecret('my key is sk-abcdefghijklmnop')).toBe(true)
    expect(holdsSecret(JSON.stringify({ theme: 'dark', max_tokens: 5 }), ['weird_thing'])).toBe(false)
    expect(holdsSecret('{not json')).toBe(false)
  })
})

describe('TextSealer', () => {
  it('leaves plain text as it is and makes no key for it', async () => {
    const sealer = new TextSealer(secrets)
    await sealer.prepare([{ text: '{"theme":"dark"}' }])
    expect(sealer.seal('{"theme":"dark"}')).toBe('{"theme":"dark"}')
    expect(await secrets.listAccounts()).toEqual([])
  })

  it('refuses to seal what it was not prepared for', () => {
    expect(() => new TextSealer(secrets).seal(`{"apiKey":"${SECRET}"}`)).toThrow(/not prepared/)
  })

  it('seals text with a secret under a key kept in the keychain, and opens it to the exact text', async () => {
    const text = `{"apiKey": "${SECRET}", "note": "naïve ✓ \\u0000"}\n\t `
    const sealer = new TextSealer(secrets)
    await sealer.prepare([{ text }])
    expect(await secrets.listAccounts()).toEqual([secrets.account(SET_ASIDE_KEY_PATH)])
    const stored = sealer.seal(text)
    expect(isSealedText(stored)).toBe(true)
    expect(stored).not.toContain(SECRET)
    expect(Buffer.from(stored).includes(Buffer.from(SECRET).toString('base64'))).toBe(false)
    expect(openSealedText(stored, 'the test text')).toBe(text)
    // A second sealer of the folder uses the same key; text that looks sealed is sealed too, so it reads back.
    const again = new TextSealer(secrets)
    const lookalike = `${stored.slice(0, 20)}not really`
    await again.prepare([{ text: lookalike }])
    expect(await secrets.listAccounts()).toHaveLength(1)
    expect(openSealedText(again.seal(lookalike), 'the lookalike')).toBe(lookalike)
    await loadSealingKey(secrets)
    expect(openSealedText(stored, 'the test text')).toBe(text)
  })

  it('detects tampering, and names what when the key is missing, in one line', async () => {
    const sealer = new TextSealer(secrets)
    await sealer.prepare([{ text: SECRET, names: ['api_key'] }])
    const stored = sealer.seal(SECRET, ['api_key'])
    const body = Buffer.from(stored.slice(stored.lastIndexOf(':') + 1), 'base64')
    body[body.length - 1] ^= 1
    const tampered = `${stored.slice(0, stored.lastIndexOf(':') + 1)}${body.toString('base64')}`
    expect(() => openSealedText(tampered, 'models.json, kept whole,')).toThrow(
      /^models\.json, kept whole, is sealed, and its sealed bytes in the database were changed or cut short[^\n]*$/
    )
    expect(() => openSealedText(stored.slice(0, -8), 'A quarantined record')).toThrow(/changed or cut short/)
    const otherKey = stored.replace(/^(pa-sealed:v1:)[0-9a-f]{16}/, '$10123456789abcdef')
    expect(() => openSealedText(otherKey, 'A quarantined record (at position 3)')).toThrow(
      /^A quarantined record \(at position 3\) is sealed with a key \(0123456789abcdef\) that the keychain entry [^\n]*set-aside\/key[^\n]* does not hold\. [^\n]*$/
    )
  })
})
