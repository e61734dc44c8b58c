// The demo's sample legacy folder: what `node --import tsx scripts/sample-legacy-data.ts DIR 25 12
// http://127.0.0.1:1` writes (nasty records included, so the migration sets some aside).
import { writeSampleFolder, type SampleFolder } from '../../scripts/sample-legacy-data'

export function writeDemoSample(dir: string): SampleFolder {
  return writeSampleFolder(dir, {
    seed: 42,
    conversations: 25,
    messagesPerConversation: 12,
    nasty: true,
    mcpShape: 'list',
    conversationsShape: 'object',
    localModelUrl: 'http://127.0.0.1:1'
  })
}
