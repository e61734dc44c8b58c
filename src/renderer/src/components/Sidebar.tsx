// Left navigation: the search box, Conversations, Import, Agents, Profiles, MCP servers, Settings, with the storage
// state at the bottom.
import { useState, type ReactNode } from 'react'
import { useAppStore, type Screen } from '../stores/app'
import { useSearch } from '../stores/search'
import { BACKEND_LABELS } from '../format'
import { Icon } from './Icons'
import { SearchForm } from './SearchForm'
import { usePick } from '../stores/pick'

const ITEMS: { screen: Screen; label: string; icon: ReactNode }[] = [
  { screen: 'conversations', label: 'Conversations', icon: <Icon name="chat" /> },
  { screen: 'import', label: 'Import', icon: <Icon name="import" /> },
  { screen: 'agents', label: 'Agents', icon: <Icon name="agent" /> },
  { screen: 'profiles', label: 'Profiles', icon: <Icon name="profile" /> },
  { screen: 'mcp', label: 'MCP servers', icon: <Icon name="plug" /> },
  { screen: 'settings', label: 'Settings', icon: <Icon name="settings" /> }
]

export function Sidebar() {
  const { screen, navigate, status } = usePick(useAppStore, 'screen', 'navigate', 'status')
  const notMigrated = status?.state === 'legacy' || status?.state === 'rolled-back'
  const [query, setQuery] = useState('')

  return (
    <aside className="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          PA
        </span>
        <span className="brand-name">Personal Agent</span>
      </div>
      <SearchForm
        className="search-form"
        label="Search"
        placeholder="Search…"
        value={query}
        onChange={setQuery}
        onSubmit={() => {
          if (query.trim() === '') return
          navigate('search')
          void useSearch.getState().search(query)
        }}
      />
      <nav aria-label="Main">
        <ul className="nav-list">
          {ITEMS.map((item) => (
            <li key={item.screen}>
              <button
                type="button"
                className={`nav-item${screen === item.screen ? ' nav-item-active' : ''}`}
                aria-current={screen === item.screen ? 'page' : undefined}
                onClick={() => navigate(item.screen)}
              >
                {item.icon}
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        {notMigrated ? (
          <button type="button" className="sidebar-notice" onClick={() => navigate('settings')}>
            Old data not migrated yet
          </button>
        ) : null}
        {status ? (
          <p className="sidebar-meta">
            {BACKEND_LABELS[status.storageBackend]} · v{status.appVersion}
          </p>
        ) : null}
      </div>
    </aside>
  )
}
