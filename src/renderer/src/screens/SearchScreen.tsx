// Search results across conversations, messages and imported notes, merged from the full-text index and the
// embeddings. Each result leads to its message (in its conversation), its conversation, or its note.
import { useEffect, useState } from 'react'
import { foundBy, type SearchHitView, type SnippetPart } from '../../../shared/search-types'
import { Alert } from '../components/Alert'
import { EmptyState } from '../components/EmptyState'
import { Icon } from '../components/Icons'
import { ProgressBar } from '../components/ProgressBar'
import { Screen } from '../components/Screen'
import { SearchForm } from '../components/SearchForm'
import { LoadingState } from '../components/Spinner'
import { plural } from '../format'
import { useAppStore } from '../stores/app'
import { useConversations } from '../stores/conversations'
import { usePick } from '../stores/pick'
import { useSearch } from '../stores/search'
import { KnowledgeDialog } from './KnowledgeDialog'

function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span className="search-snippet">
      {parts.map((part, index) =>
        part.match ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>
      )}
    </span>
  )
}

function heading(hit: SearchHitView): string {
  if (hit.kind === 'message') return `${hit.role || 'message'} in “${hit.conversationTitle || 'Untitled'}”`
  if (hit.kind === 'conversation') return `Conversation “${hit.title || 'Untitled'}”`
  return `Note “${hit.title}”`
}

function ResultItem({ hit, onOpen }: { hit: SearchHitView; onOpen: (hit: SearchHitView) => void }) {
  return (
    <li>
      <button type="button" className="card search-result" onClick={() => onOpen(hit)}>
        <span className="search-result-title">
          {hit.kind === 'knowledge' ? <Icon name="search" /> : <Icon name="chat" />}{' '}
          <strong>{heading(hit)}</strong>
        </span>
        <Snippet parts={hit.snippet} />
        <span className="muted small">
          {foundBy(hit.sources)}
          {hit.kind === 'knowledge' && hit.sourcePath ? ` · ${hit.sourcePath}` : ''}
        </span>
      </button>
    </li>
  )
}

/** While a migration builds the full-text index after its commit: "Indexing…" with how far it has got. */
function WordIndexLine() {
  const wordIndex = useSearch((state) => state.embedding?.wordIndex ?? null)
  if (!wordIndex) return null
  const percent = Math.round(wordIndex.share * 100)
  return (
    <div className="import-progress" data-testid="word-index-progress">
      <ProgressBar label="Indexing…" value={percent} max={100} valueText={`${percent}%`} />
      <p className="muted small">
        {`Indexing… ${percent}%. Your data is all here; results by words are incomplete until the index is built.`}
      </p>
    </div>
  )
}

function EmbeddingLine() {
  const embedding = useSearch((state) => state.embedding)
  if (!embedding || (!embedding.running && embedding.pending === 0)) return null
  return (
    <div className="import-progress" data-testid="embedding-progress">
      <ProgressBar
        label="Preparing search by meaning"
        value={embedding.done}
        max={embedding.total}
        valueText={`${embedding.done} of ${embedding.total}`}
      />
      <p className="muted small">
        {embedding.running
          ? `Preparing search by meaning: ${embedding.done} of ${embedding.total}. Results by words are complete already.`
          : `${plural(embedding.pending, 'item')} not prepared for search by meaning yet.`}
        {embedding.error ? ` ${embedding.error}` : ''}
      </p>
    </div>
  )
}

export function SearchScreen() {
  const { query, searched, results, loading, error } = usePick(
    useSearch,
    'query',
    'searched',
    'results',
    'loading',
    'error'
  )
  const { search, watchEmbedding } = useSearch.getState()
  const navigate = useAppStore((state) => state.navigate)
  const [draft, setDraft] = useState(query)
  const [openItem, setOpenItem] = useState<string | null>(null)

  useEffect(() => {
    setDraft(query)
  }, [query])

  useEffect(() => {
    void watchEmbedding()
  }, [watchEmbedding])

  const open = (hit: SearchHitView): void => {
    if (hit.kind === 'knowledge') return setOpenItem(hit.itemId)
    navigate('conversations')
    void useConversations.getState().openAt(hit.conversationId, hit.kind === 'message' ? hit.messageId : null)
  }

  return (
    <Screen
      title="Search"
      intro="Conversations, messages and imported notes, by their words and by their meaning."
      bodyClassName="settings-body"
      dialogs={openItem ? <KnowledgeDialog itemId={openItem} onClose={() => setOpenItem(null)} /> : null}
    >
      <SearchForm
        className="input-row"
        label="Search everything"
        placeholder="Search conversations and notes"
        value={draft}
        onChange={setDraft}
        onSubmit={() => void search(draft)}
      >
        <button type="submit" className="button button-primary">
          Search
        </button>
      </SearchForm>
      <WordIndexLine />
      <EmbeddingLine />
      {error ? <Alert tone="error">{error}</Alert> : null}
      {loading ? <LoadingState label="Searching…" /> : null}
      {!loading && searched !== '' && results.length === 0 && !error ? (
        <EmptyState title="Nothing found">No conversation, message or note matches “{searched}”.</EmptyState>
      ) : null}
      {!loading && results.length > 0 ? (
        <>
          <p className="muted" aria-live="polite">
            {plural(results.length, 'result')} for “{searched}”
          </p>
          <ol className="search-results" aria-label="Search results">
            {results.map((hit) => (
              <ResultItem
                key={
                  hit.kind === 'message'
                    ? hit.messageId
                    : hit.kind === 'knowledge'
                      ? hit.itemId
                      : hit.conversationId
                }
                hit={hit}
                onOpen={open}
              />
            ))}
          </ol>
        </>
      ) : null}
    </Screen>
  )
}
