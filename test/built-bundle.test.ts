// The electron-vite bundle of the main process carries working migration, parsing, index and mirror workers: run
// out/main/migration-worker.js (built by `npm run build` before the tests) under Node, as Electron's main process
// would start it; and the packages the CommonJS bundle requires, the ESM-only AI SDK among them, load through
// `require` as they will in Electron 45's main process (its Node 24 loads ES modules with require).
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { canonicalLegacyFile } from '../scripts/legacy-equality'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { keytarBackend } from '../src/main/secrets/secret-store'
import { answerKeychain, type KeychainRequest } from '../src/main/migration/worker-keychain'
import type { WorkerMessage } from '../src/main/migration/migration-worker-protocol'
import type { MirrorWorkerMessage } from '../src/main/store/hybrid/mirror-in-worker'
import { cliJson } from './support/cli'
import { tempDir } from './support/folders'

const BUILT_WORKER = join(__dirname, '..', 'out', 'main', 'migration-worker.js')
const BUILT_MAIN = join(__dirname, '..', 'out', 'main')

/** The packages (not Node's own modules, not Electron, not the bundle's chunks) the built main process requires. */
function requiredPackages(): string[] {
  const names = new Set<string>()
  const files = readdirSync(BUILT_MAIN, { recursive: true, encoding: 'utf8' }).filter((f) =>
    f.endsWith('.js')
  )
  for (const file of files) {
    for (const [, name] of readFileSync(join(BUILT_MAIN, file), 'utf8').matchAll(/require\("([^"]+)"\)/g)) {
      if (!name!.startsWith('.') && !name!.startsWith('node:') && name !== 'electron') names.add(name!)
    }
  }
  return [...names].sort()
}

describe('the built main-process bundle', () => {
  it('exists for main, preload and renderer', () => {
    for (const file of [
      'out/main/index.js',
      'out/main/migration-worker.js',
      'out/main/conversation-parse-worker.js',
      'out/main/search-index-worker.js',
      'out/main/conversation-mirror-worker.js',
      'out/preload/index.js',
      'out/renderer/index.html'
    ]) {
      expect(existsSync(join(__dirname, '..', file)), file).toBe(true)
    }
  })

  it('loads every package it requires through CommonJS require, the ESM-only AI SDK included', () => {
    const packages = requiredPackages()
    expect(packages).toEqual(
      expect.arrayContaining(['ai', '@ai-sdk/openai', '@ai-sdk/anthropic', 'better-sqlite3'])
    )
    // A CommonJS script in out/main, as the bundle is: each package must load and export something.
    const script = `for (const name of ${JSON.stringify(packages)}) {
      const loaded = require(name)
      if (loaded === null || typeof loaded !== 'object' && typeof loaded !== 'function') throw new Error(name)
    }
    if (typeof require('ai').streamText !== 'function') throw new Error('ai.streamText')
    process.stdout.write('loaded ' + ${packages.length})`
    const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', script], {
      cwd: BUILT_MAIN,
      encoding: 'utf8'
    })
    expect(out).toBe(`loaded ${packages.length}`)
  })

  it.each([
    ['parsed on its own thread', {}],
    ['parsed by the bundled parsing worker', { PERSONAL_AGENT_PARSE_WORKER_MIN_BYTES: '0' }]
  ])(
    'its migration worker migrates a legacy folder (%s), with the keychain answered by the main thread',
    async (_mode, extraEnv) => {
      const dir = tempDir()
      writeSampleFolder(dir, {
        seed: 71,
        conversations: 30,
        messagesPerConversation: 5,
        nasty: true,
        mcpShape: 'map',
        conversationsShape: 'object'
      })
      const worker = new Worker(BUILT_WORKER, {
        workerData: { dataDir: dir },
        env: { ...process.env, ...extraEnv }
      })
      const phases: string[] = []
      const outcome = await new Promise<WorkerMessage>((resolve, reject) => {
        worker.on('message', (message: WorkerMessage | KeychainRequest) => {
          if (message.type === 'keychain')
            void keytarBackend()
              .then((backend) => answerKeychain(backend, message))
              .then((reply) => worker.postMessage(reply))
          else if (message.type === 'progress') phases.push(message.progress.phase)
          else resolve(message)
        })
        worker.on('error', reject)
      })
      expect(outcome).toMatchObject({ type: 'done', outcome: { status: 'migrated' } })
      expect(phases).toContain('conversations')
      expect(phases).toContain('verify')
      expect(cliJson(['verify', '--data-dir', dir]).json['ok']).toBe(true)
    }
  )

  it('its mirror worker writes the hybrid mirror of a migrated store, JSON-equal to the original', async () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 72,
      conversations: 40,
      messagesPerConversation: 4,
      nasty: true,
      mcpShape: 'list',
      conversationsShape: 'object'
    })
    const original = canonicalLegacyFile(join(dir, 'conversations.json'))
    expect(cliJson(['migrate', '--data-dir', dir]).json['status']).toBe('migrated')
    expect(existsSync(join(dir, 'conversations.json'))).toBe(false)
    const worker = new Worker(join(__dirname, '..', 'out', 'main', 'conversation-mirror-worker.js'), {
      workerData: { dbPath: join(dir, 'personal-agent.db'), dataDir: dir }
    })
    const message = await new Promise<MirrorWorkerMessage>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
    expect(message).toEqual({ type: 'done', written: true })
    expect(canonicalLegacyFile(join(dir, 'conversations.json'))).toBe(original)
  })
})
