// Unit tests for the launch-argument resolution: --data-dir forms, PERSONAL_AGENT_HOME, the default, launch flags.
import { homedir } from 'node:os'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { resolveDataDir, resolveLaunchAction } from '../src/main/cli/data-dir'
import { UserError } from '../src/shared/errors'

const base = resolve('/tmp/pa-base')

describe('resolveDataDir', () => {
  it('uses --data-dir=<path>', () => {
    expect(resolveDataDir(['electron', '.', `--data-dir=${base}/a`], {})).toBe(join(base, 'a'))
  })

  it('uses --data-dir <path>', () => {
    expect(resolveDataDir(['electron', '.', '--data-dir', `${base}/b`], {})).toBe(join(base, 'b'))
  })

  it('prefers the flag over PERSONAL_AGENT_HOME', () => {
    const env = { PERSONAL_AGENT_HOME: `${base}/env` }
    expect(resolveDataDir([`--data-dir=${base}/flag`], env)).toBe(join(base, 'flag'))
  })

  it('takes the last --data-dir when given twice', () => {
    expect(resolveDataDir([`--data-dir=${base}/one`, '--data-dir', `${base}/two`], {})).toBe(
      join(base, 'two')
    )
  })

  it('falls back to PERSONAL_AGENT_HOME', () => {
    expect(resolveDataDir(['electron', '.'], { PERSONAL_AGENT_HOME: `${base}/env` })).toBe(join(base, 'env'))
  })

  it('ignores an empty PERSONAL_AGENT_HOME', () => {
    expect(resolveDataDir([], { PERSONAL_AGENT_HOME: '  ' })).toBe(join(homedir(), '.personal-agent'))
  })

  it('defaults to ~/.personal-agent', () => {
    expect(resolveDataDir(['electron', '.'], {})).toBe(join(homedir(), '.personal-agent'))
  })

  it('resolves relative paths against the working directory and expands ~', () => {
    expect(resolveDataDir(['--data-dir=rel/dir'], {})).toBe(resolve(process.cwd(), 'rel/dir'))
    expect(resolveDataDir(['--data-dir', '~/agent'], {})).toBe(join(homedir(), 'agent'))
    expect(resolveDataDir([], { PERSONAL_AGENT_HOME: '~/from-env' })).toBe(join(homedir(), 'from-env'))
  })

  it('rejects --data-dir without a value with a USAGE error', () => {
    for (const argv of [['--data-dir'], ['--data-dir='], ['--data-dir', '--verify-migration']]) {
      expect(() => resolveDataDir(argv, {})).toThrow(UserError)
      try {
        resolveDataDir(argv, {})
      } catch (error) {
        expect((error as UserError).code).toBe('USAGE')
      }
    }
  })

  it('stops reading flags after --', () => {
    expect(resolveDataDir(['--', `--data-dir=${base}/x`], {})).toBe(join(homedir(), '.personal-agent'))
  })
})

describe('resolveLaunchAction', () => {
  it('maps each launch flag', () => {
    expect(resolveLaunchAction(['app', '--migrate-dry-run'], {})).toBe('migrate-dry-run')
    expect(resolveLaunchAction(['app', '--verify-migration'], {})).toBe('verify-migration')
    expect(resolveLaunchAction(['app', '--rollback-migration'], {})).toBe('rollback-migration')
  })

  it('treats PERSONAL_AGENT_ROLLBACK=true as rollback', () => {
    expect(resolveLaunchAction(['app'], { PERSONAL_AGENT_ROLLBACK: 'true' })).toBe('rollback-migration')
    expect(resolveLaunchAction(['app'], { PERSONAL_AGENT_ROLLBACK: 'false' })).toBeNull()
  })

  it('is null for a normal launch', () => {
    expect(resolveLaunchAction(['app', `--data-dir=${base}`], {})).toBeNull()
  })
})
