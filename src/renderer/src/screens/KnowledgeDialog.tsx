// A knowledge item (an imported note or document) opened from a search result: its text as written, with where it
// came from. Markdown is shown as its source text, never rendered as HTML.
import { useEffect, useState } from 'react'
import type { KnowledgeItemView } from '../../../shared/import-types'
import { call, errorMessage } from '../api'
import { Alert } from '../components/Alert'
import { Dialog, DialogActions } from '../components/Dialog'
import { LoadingState } from '../components/Spinner'
import { formatDateTime } from '../format'

export function KnowledgeDialog({ itemId, onClose }: { itemId: string; onClose: () => void }) {
  const [item, setItem] = useState<KnowledgeItemView | null>(null)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    call('knowledge:get', { id: itemId }).then(
      (found) => current && setItem(found),
      (caught: unknown) => current && setError(errorMessage(caught))
    )
    return () => {
      current = false
    }
  }, [itemId])

  return (
    <Dialog title={item?.title ?? 'Note'} onClose={onClose} size="large">
      {error ? <Alert tone="error">{error}</Alert> : null}
      {!item && !error ? <LoadingState label="Opening…" /> : null}
      {item ? (
        <>
          <p className="muted small">
            {[item.format, item.category, item.tags.join(', '), formatDateTime(item.createdAt)]
              .filter((part) => part)
              .join(' · ')}
          </p>
          {item.sourcePath ? <p className="muted small mono break">From {item.sourcePath}</p> : null}
          <div className="knowledge-content" data-testid="knowledge-content">
            {item.content}
          </div>
        </>
      ) : null}
      <DialogActions>
        <button type="button" className="button" onClick={onClose}>
          Close
        </button>
      </DialogActions>
    </Dialog>
  )
}
