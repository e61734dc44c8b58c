// The electron-vite bundle of the main process carries a working migration worker: run out/main/migration-worker.js
// (built by `npm run build` before the tests) under Node, as Electron's main process would start it.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { writeSampleFolder } from '../scripts/sample-legacy-data'
import { keytarBackend } from '../src/main/secrets/secret-store'
import { answerKeychain, type KeychainRequest } from '../src/main/migration/worker-keychain'
import type { WorkerMessage } from '../src/main/migration/migration-worker-protocol'
import { cliJson } from './support/cli'
import { tempDir } from './support/folders'

const BUILT_WORKER = join(__dirname, '..', 'out', 'main', 'migration-worker.js')

describe('the built main-process bundle', () => {
  it('exists for main, preload and renderer', () => {
    for (const file of [
      'out/main/index.js',
      'out/main/migration-worker.js',
      'out/preload/index.js',
      'out/renderer/index.html'
    ]) {
      expect(existsSync(join(__dirname, '..', file)), file).toBe(true)
    }
  })

  it('its migration worker migrates a legacy folder, with the keychain answered by the main thread', async () => {
    const dir = tempDir()
    writeSampleFolder(dir, {
      seed: 71,
      conversations: 30,
      messagesPerConversation: 5,
      nasty: true,
      mcpShape: 'map',
      conversationsShape: 'object'
    })
    const worker = new Worker(BUILT_WORKER, { workerData: { dataDir: dir } })
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
    expect(cliJson(['verify', '--data-dir', dir]).json['ok']).toBe(true)
  })
})
