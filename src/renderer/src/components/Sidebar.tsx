// Left navigation: the search box, Conversations, Import, Agents, Profiles, MCP servers, Settings, with the storage
// state at the bottom. Collapsible to its icons (the toggle or Ctrl/⌘+B); each item keeps its name as a tooltip.
import { useState, type ReactNode } from 'react'
import { useAppStore, type Screen } from '../stores/app'
import { useSearch } from '../stores/search'
import { BACKEND_LABELS } from '../format'
import { Icon } from './Icons'
import { SearchForm } from './SearchForm'
import { usePick } from '../stores/pick'
import { useSidebarCollapse } from '../sidebar-collapse'

const ITEMS: { screen: Screen; label: string; icon: ReactNode }[] = [
  { screen: 'conversations', label: 'Conversations', icon: <Icon name="chat" /> },
  { screen: 'import', label: 'Import', icon: <Icon name="import" /> },
  { screen: 'agents', label: 'Agents', icon: <Icon name="agent" /> },
  { screen: 'profiles', label: 'Profiles', icon: <Icon name="profile" /> },
  { screen: 'mcp', label: 'MCP servers', icon: <Icon name="plug" /> },
  { screen: 'settings', label: 'Settings', icon: <Icon name="settings" /> }
]

function NavButton({
  label,
  icon,
  current,
  collapsed,
  onClick
}: {
  label: string
  icon: ReactNode
  current: boolean
  collapsed: boolean
  onClick: () => void
}) {
  return (
    <button
      type="button"
      className={`nav-item${current ? ' nav-item-active' : ''}`}
      aria-current={current ? 'page' : undefined}
      title={collapsed ? label : undefined}
      onClick={onClick}
    >
      {icon}
      <span className={collapsed ? 'visually-hidden' : 'nav-label'}>{label}</span>
    </button>
  )
}

export function Sidebar() {
  const { screen, navigate, status } = usePick(useAppStore, 'screen', 'navigate', 'status')
  const notMigrated = status?.state === 'legacy' || status?.state === 'rolled-back'
  const [query, setQuery] = useState('')
  const { collapsed, toggle } = useSidebarCollapse()
  const toggleLabel = collapsed ? 'Expand sidebar' : 'Collapse sidebar'

  return (
    <aside className={`sidebar${collapsed ? ' sidebar-collapsed' : ''}`} id="sidebar">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          PA
        </span>
        {collapsed ? null : <span className="brand-name">Personal Agent</span>}
        <button
          type="button"
          className="icon-button sidebar-toggle"
          aria-expanded={!collapsed}
          aria-controls="sidebar"
          aria-keyshortcuts="Control+B Meta+B"
          aria-label="Sidebar"
          title={`${toggleLabel} (Ctrl+B)`}
          onClick={toggle}
        >
          <Icon name="sidebar" />
        </button>
      </div>
      {/* The Search screen has its own box: one search landmark at a time. */}
      {collapsed ? (
        <NavButton
          label="Search"
          icon={<Icon name="search" />}
          current={screen === 'search'}
          collapsed
          onClick={() => navigate('search')}
        />
      ) : screen === 'search' ? null : (
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
      )}
      <nav aria-label="Main">
        <ul className="nav-list">
          {ITEMS.map((item) => (
            <li key={item.screen}>
              <NavButton
                label={item.label}
                icon={item.icon}
                current={screen === item.screen}
                collapsed={collapsed}
                onClick={() => navigate(item.screen)}
              />
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-footer">
        {notMigrated ? (
          <button
            type="button"
            className="sidebar-notice"
            title={collapsed ? 'Old data not migrated yet' : undefined}
            onClick={() => navigate('settings')}
          >
            {collapsed ? (
              <>
                <span aria-hidden="true">!</span>
                <span className="visually-hidden">Old data not migrated yet</span>
              </>
            ) : (
              'Old data not migrated yet'
            )}
          </button>
        ) : null}
        {status && !collapsed ? (
          <p className="sidebar-meta">
            {BACKEND_LABELS[status.storageBackend]} · v{status.appVersion}
          </p>
        ) : null}
      </div>
    </aside>
  )
}
