// `personal-agent search QUERY`: conversations, messages and imported notes, by words and by meaning (anything not
// embedded yet is embedded first, with a progress bar); `personal-agent embed`: the embedding pass alone.
import { UserError } from '../../../shared/errors'
import type { SearchHitView } from '../../../shared/search-types'
import { openImportStore } from '../../imports/import-store'
import { chooseEmbedder } from '../../search/choose-embedder'
import { embedPending, type EmbedSummary } from '../../search/embedding-indexer'
import type { Embedder } from '../../search/embedder'
import type { Db } from '../../store/sqlite/database'
import { SearchService } from '../../services/search-service'
import type { CliCommand, CommandContext } from '../cli-command'
import { importProgressPrinter } from '../progress-bar'

const EMBEDDER_OPTIONS = { embedder: { type: 'string' }, model: { type: 'string' } } as const

function text(context: CommandContext, name: string): string | null {
  const value = context.options[name]
  return typeof value === 'string' ? value : null
}

/** Opens the store, picks the embedder the options name, embeds whatever is pending (with a progress bar), then runs
 * `use`; the store is closed after. */
async function withEmbeddings<T>(
  context: CommandContext,
  use: (db: Db, embedder: Embedder, summary: EmbedSummary) => Promise<T>
): Promise<T> {
  const store = await openImportStore(context.dataDir)
  try {
    const embedder = await chooseEmbedder(
      store.db,
      store.secrets,
      text(context, 'embedder'),
      text(context, 'model')
    )
    const summary = await embedPending(store.db, embedder, {
      onProgress: context.json ? undefined : importProgressPrinter(context.progressStream)
    })
    return await use(store.db, embedder, summary)
  } finally {
    store.close()
  }
}

function hitLine(hit: SearchHitView, index: number): string {
  const snippet = hit.snippet
    .map((part) => (part.match ? `[${part.text}]` : part.text))
    .join('')
    .replace(/\s+/g, ' ')
    .trim()
  const where =
    hit.kind === 'message'
      ? `message ${hit.messageId} (${hit.role || 'unknown role'}) in “${hit.conversationTitle}” (${hit.conversationId})`
      : hit.kind === 'conversation'
        ? `conversation “${hit.title}” (${hit.conversationId})`
        : `note “${hit.title}” (${hit.itemId})${hit.sourcePath ? ` from ${hit.sourcePath}` : ''}`
  return `${String(index + 1).padStart(2)}. ${where} · by ${hit.sources.join('+')}\n    ${snippet}`
}

export const searchCommand: CliCommand = {
  options: { limit: { type: 'string' }, ...EMBEDDER_OPTIONS },
  usage: 'search QUERY [--limit N] [--embedder offline|profile:ID] [--model M] [--data-dir DIR] [--json]',
  async run(context) {
    const query = context.positionals.join(' ').trim()
    if (query === '')
      throw new UserError('USAGE', `Give something to search for. Usage: personal-agent ${this.usage}`)
    const limitText = text(context, 'limit') ?? '20'
    const limit = /^\d+$/.test(limitText) ? Number(limitText) : NaN
    if (!(limit >= 1 && limit <= 200))
      throw new UserError('USAGE', `--limit takes a number from 1 to 200, not "${limitText}".`)
    return withEmbeddings(context, async (db, embedder) => {
      const hits = await new SearchService(db, embedder).search(query, { limit })
      return {
        json: { query, embedder: embedder.id, results: hits },
        text: hits.length === 0 ? `Nothing matches “${query}”.` : hits.map(hitLine).join('\n')
      }
    })
  }
}

export const embedCommand: CliCommand = {
  options: EMBEDDER_OPTIONS,
  usage: 'embed [--embedder offline|profile:ID] [--model M] [--data-dir DIR] [--json]',
  async run(context) {
    return withEmbeddings(context, async (_db, embedder, summary) => ({
      json: { embedder: embedder.id, ...summary },
      text: `Embedded ${summary.embedded} messages and notes (${summary.chunks} chunks) with ${embedder.id}.`
    }))
  }
}
