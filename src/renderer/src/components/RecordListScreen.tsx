// A screen listing records as cards (profiles, MCP servers): loading and error states, the empty state, and the
// add/edit dialog and delete confirmation around what each screen gives (its labels, card and form).
import { Fragment, useCallback, useState, type ReactNode } from 'react'
import { useLoadOncePerEpoch } from '../hooks'
import { notify } from '../stores/notices'
import { usePick } from '../stores/pick'
import type { RecordListState, Store } from '../stores/record-list'
import { CardActions } from './CardActions'
import { ConfirmDialog } from './ConfirmDialog'
import { EmptyState } from './EmptyState'
import { Icon } from './Icons'
import { ListStatus } from './LoadStatus'
import { Screen } from './Screen'

export interface NamedRecord {
  id: string
  name: string
}

export interface RecordListLabels {
  title: string
  intro: string
  /** The add button, also the add dialog's submit button, e.g. "Add profile". */
  add: string
  loading: string
  emptyTitle: string
  emptyText: string
  addTitle: string
  editTitle: string
  /** Announced after an add, an edit and a delete, e.g. "Profile added". */
  added: string
  saved: string
  deleted: string
}

/** What the add or edit dialog is given: the record (`null` to add one), its frame for FormDialog, and the save. */
export interface RecordDialogProps<T, I> {
  record: T | null
  frame: { title: string; submitLabel: string; onClose: () => void }
  /** Adds the record, or saves the one being edited, and says so. */
  save: (input: I) => Promise<void>
}

/** What a card's Edit and Delete buttons do. */
export interface CardHandlers {
  onEdit: () => void
  onDelete: () => void
}

export interface RecordListScreenProps<T extends NamedRecord, I> {
  store: Store<RecordListState<T, I>>
  /** Names the list for reloading once per data epoch. */
  loadKey: string
  labels: RecordListLabels
  renderCard: (record: T, handlers: CardHandlers) => ReactNode
  /** The add or edit dialog. */
  renderDialog: (dialog: RecordDialogProps<T, I>) => ReactNode
  /** What deleting the record removes, said in its confirmation. */
  deleteText: (record: T) => ReactNode
  /** Shown after the list (another section of the screen). */
  footer?: ReactNode
}

export function RecordListScreen<T extends NamedRecord, I>({
  store,
  loadKey,
  labels,
  renderCard,
  renderDialog,
  deleteText,
  footer
}: RecordListScreenProps<T, I>) {
  const list = usePick(store, 'items', 'loaded', 'loading', 'error', 'load', 'create', 'update', 'remove')
  const { items, load, create, update, remove } = list
  const [editing, setEditing] = useState<T | 'new' | null>(null)
  const [deleting, setDeleting] = useState<T | null>(null)
  useLoadOncePerEpoch(
    loadKey,
    useCallback(() => void load(), [load])
  )

  const editor = (target: T | 'new'): ReactNode => {
    const record = target === 'new' ? null : target
    return renderDialog({
      record,
      frame: {
        title: record ? labels.editTitle : labels.addTitle,
        submitLabel: record ? 'Save' : labels.add,
        onClose: () => setEditing(null)
      },
      async save(input) {
        if (record) await update(record.id, input)
        else await create(input)
        notify(record ? labels.saved : labels.added)
      }
    })
  }

  return (
    <Screen
      title={labels.title}
      intro={labels.intro}
      actions={
        <button type="button" className="button button-primary icon-text" onClick={() => setEditing('new')}>
          <Icon name="plus" />
          {labels.add}
        </button>
      }
      dialogs={
        <>
          {editing ? editor(editing) : null}
          {deleting ? (
            <ConfirmDialog
              title={`Delete ${deleting.name}?`}
              confirmLabel="Delete"
              onConfirm={() => remove(deleting.id)}
              notice={labels.deleted}
              onClose={() => setDeleting(null)}
            >
              <p>{deleteText(deleting)}</p>
            </ConfirmDialog>
          ) : null}
        </>
      }
    >
      <ListStatus
        list={list}
        loadingLabel={labels.loading}
        empty={
          <EmptyState
            title={labels.emptyTitle}
            action={
              <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
                {labels.add}
              </button>
            }
          >
            {labels.emptyText}
          </EmptyState>
        }
      />
      {items.length > 0 ? (
        <ul className="card-list">
          {items.map((record) => (
            <Fragment key={record.id}>
              {renderCard(record, { onEdit: () => setEditing(record), onDelete: () => setDeleting(record) })}
            </Fragment>
          ))}
        </ul>
      ) : null}
      {footer}
    </Screen>
  )
}

export interface RecordCardProps extends CardHandlers {
  name: string
  /** Badges after the name. */
  badges?: ReactNode
  /** Dims the card's details (a disabled server). */
  dimmed?: boolean
  /** Controls before Edit and Delete. */
  actions?: ReactNode
  children: ReactNode
}

/** One record of the list: its name and badges over its details, with its actions at the side. */
export function RecordCard({ name, badges, dimmed, actions, onEdit, onDelete, children }: RecordCardProps) {
  return (
    <li className={`card item-card${dimmed ? ' item-card-disabled' : ''}`}>
      <div className="item-card-main">
        <div className="item-card-title">
          <h3>{name}</h3>
          {badges}
        </div>
        {children}
      </div>
      <CardActions name={name} onEdit={onEdit} onDelete={onDelete}>
        {actions}
      </CardActions>
    </li>
  )
}
