// The migration report says what a profile without a key in the keychain holds: nothing ("no API key"), or an
// api_key that is not a string (a number, an object…), kept in the store as it was and not moved to the keychain.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, cliJson } from './support/cli'
import { tempDir } from './support/folders'

const PROFILES = [
  {
    id: 'p-string',
    name: 'String',
    provider: 'openai',
    model: 'gpt-4',
    api_key: 'sk-real-key-123',
    is_default: true
  },
  { id: 'p-number', name: 'Number', provider: 'openai', model: 'gpt-4', api_key: 12345 },
  { id: 'p-object', name: 'Object', provider: 'openai', model: 'gpt-4', api_key: { env: 'OPENAI_API_KEY' } },
  { id: 'p-list', name: 'List', provider: 'openai', model: 'gpt-4', api_key: ['a'] },
  { id: 'p-bool', name: 'Bool', provider: 'openai', model: 'gpt-4', api_key: false },
  { id: 'p-empty', name: 'Empty', provider: 'openai', model: 'gpt-4', api_key: '' },
  { id: 'p-missing', name: 'Missing', provider: 'openai', model: 'gpt-4' }
]

describe('profile key warnings', () => {
  it('names what a profile holds instead of a key, in the file’s order, and export gives the value back', () => {
    const dir = tempDir('pa-keys-')
    writeFileSync(join(dir, 'models.json'), JSON.stringify({ profiles: PROFILES }))
    const { run, json } = cliJson<{ warnings: string[] }>(['migrate', '--data-dir', dir])
    expect(run.code, run.stderr).toBe(0)
    // Each profile is named by its name, its id in parentheses.
    const kept = (id: string, kind: string): string =>
      `models.json: profile ${id}: api_key is ${kind}; kept as it is, not moved to the keychain. Add a key in Profiles before using it.`
    const none = (id: string): string =>
      `models.json: profile ${id} has no API key; add one in Profiles before using it.`
    expect(json.warnings).toEqual([
      kept('"Number" (p-number)', 'a number'),
      kept('"Object" (p-object)', 'an object'),
      kept('"List" (p-list)', 'a list'),
      kept('"Bool" (p-bool)', 'a boolean'),
      none('"Empty" (p-empty)'),
      none('"Missing" (p-missing)')
    ])
    const exported = tempDir('pa-keys-out-')
    expect(cli(['export', '--out', exported, '--data-dir', dir]).code).toBe(0)
    expect(JSON.parse(readFileSync(join(exported, 'models.json'), 'utf8'))).toEqual({ profiles: PROFILES })
  })
})
