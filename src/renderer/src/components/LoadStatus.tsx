// What stands in for a loaded list's rows: "Loading…", the load error with Retry, or the empty state.
import type { ReactNode } from 'react'
import type { ListState } from '../stores/record-list'
import { Alert } from './Alert'
import { LoadingState } from './Spinner'

/** A failed load, with the Retry button next to its message. */
export function RetryAlert({ onRetry, children }: { onRetry: () => void; children: ReactNode }) {
  return (
    <Alert
      tone="error"
      action={
        <button type="button" className="button button-small" onClick={onRetry}>
          Retry
        </button>
      }
    >
      {children}
    </Alert>
  )
}

export interface ListStatusProps {
  list: Pick<ListState<unknown>, 'items' | 'loaded' | 'loading' | 'error' | 'load'>
  loadingLabel: string
  /** Shown when the list loaded and has no items. */
  empty: ReactNode
}

export function ListStatus({ list, loadingLabel, empty }: ListStatusProps) {
  return (
    <>
      {!list.loaded && list.loading ? <LoadingState label={loadingLabel} /> : null}
      {list.error ? <RetryAlert onRetry={() => void list.load()}>{list.error}</RetryAlert> : null}
      {list.loaded && !list.error && list.items.length === 0 ? empty : null}
    </>
  )
}
