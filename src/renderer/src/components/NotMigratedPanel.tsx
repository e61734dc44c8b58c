// Stands in for a data screen while the data is still in the pre-migration files (before "Migrate now").
import { useAppStore } from '../stores/app'
import { EmptyState } from './EmptyState'
import { usePick } from '../stores/pick'

export function NotMigratedPanel({ what }: { what: string }) {
  const { status, runMigration, navigate } = usePick(useAppStore, 'status', 'runMigration', 'navigate')
  const restored = status?.state === 'rolled-back'
  return (
    <div className="screen">
      <EmptyState
        title={
          restored ? 'Your data is back in its pre-migration files' : 'Your data has not been migrated yet'
        }
        action={
          <div className="actions-row actions-row-center">
            <button type="button" className="button" onClick={() => navigate('settings')}>
              Open settings
            </button>
            <button type="button" className="button button-primary" onClick={() => void runMigration()}>
              Migrate now
            </button>
          </div>
        }
      >
        Migrate it to see your {what} in this version of Personal Agent. A backup is made first.
      </EmptyState>
    </div>
  )
}
