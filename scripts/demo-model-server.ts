// `npm run demo`'s model endpoint: an OpenAI-compatible streaming server on 127.0.0.1 (the fake provider the chat
// tests use), standing in for a local Ollama. Writes its base URL to FILE, then serves until it is killed.
import { writeFileSync } from 'node:fs'
import { startFakeProvider } from '../test/support/fake-provider-server'

const [urlFile] = process.argv.slice(2)
if (!urlFile) {
  process.stderr.write('usage: demo-model-server.ts URL_FILE\n')
  process.exit(2)
}
void startFakeProvider().then((server) => {
  server.script(
    ...Array.from({ length: 20 }, () => ({
      kind: 'stream' as const,
      deltas: ['Your ', 'history ', 'and ', 'your ', 'keys ', 'made ', 'it ', 'across', '.'],
      usage: { input: 42, output: 9 },
      gapMs: 40
    }))
  )
  writeFileSync(urlFile, server.url)
  process.on('SIGTERM', () => void server.close().then(() => process.exit(0)))
})
