// Root component: startup and migration screens until the data is ready, then the sidebar layout with its screens.
import { useEffect } from 'react'
import { NotMigratedPanel } from './components/NotMigratedPanel'
import { Sidebar } from './components/Sidebar'
import { LoadingState } from './components/Spinner'
import { Toaster } from './components/Toaster'
import { AgentsScreen } from './screens/AgentsScreen'
import { ConversationsScreen } from './screens/ConversationsScreen'
import { ImportScreen } from './screens/ImportScreen'
import { LegacyDataNotice } from './screens/LegacyDataNotice'
import { McpServersScreen } from './screens/McpServersScreen'
import { MigrationScreen } from './screens/MigrationScreen'
import { ProfilesScreen } from './screens/ProfilesScreen'
import { SearchScreen } from './screens/SearchScreen'
import { SettingsScreen } from './screens/SettingsScreen'
import { useAppStore } from './stores/app'
import { usePick } from './stores/pick'

function CurrentScreen() {
  const screen = useAppStore((state) => state.screen)
  const state = useAppStore((store) => store.status?.state)
  // Until "Migrate now", the data services are closed: the data screens explain that instead of failing.
  const notMigrated = state === 'legacy' || state === 'rolled-back'
  switch (screen) {
    case 'conversations':
      return notMigrated ? <NotMigratedPanel what="conversations" /> : <ConversationsScreen />
    case 'import':
      return notMigrated ? <NotMigratedPanel what="imports" /> : <ImportScreen />
    case 'search':
      return notMigrated ? <NotMigratedPanel what="search" /> : <SearchScreen />
    case 'agents':
      return notMigrated ? <NotMigratedPanel what="agents" /> : <AgentsScreen />
    case 'profiles':
      return notMigrated ? <NotMigratedPanel what="model profiles" /> : <ProfilesScreen />
    case 'mcp':
      return notMigrated ? <NotMigratedPanel what="MCP servers" /> : <McpServersScreen />
    case 'settings':
      return <SettingsScreen />
  }
}

export function App() {
  const { phase, init } = usePick(useAppStore, 'phase', 'init')

  useEffect(() => {
    void init()
  }, [init])

  if (phase === 'starting') {
    return (
      <main className="startup-screen">
        <span className="brand-mark brand-mark-large" aria-hidden="true">
          PA
        </span>
        <LoadingState label="Starting Personal Agent…" />
      </main>
    )
  }

  return (
    <>
      {phase === 'ready' ? (
        <div className="layout">
          <Sidebar />
          <main className="content">
            <LegacyDataNotice />
            <CurrentScreen />
          </main>
        </div>
      ) : (
        <MigrationScreen />
      )}
      <Toaster />
    </>
  )
}
