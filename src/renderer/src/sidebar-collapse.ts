// Whether the sidebar is collapsed to its icons: the user's choice (the toggle button or Ctrl/⌘+B) is remembered;
// a window narrower than NARROW_WIDTH collapses it automatically until the user opens it again.
import { useCallback, useEffect, useState } from 'react'

const COLLAPSED_KEY = 'personal-agent.sidebar-collapsed'
/** Below this window width (px) the sidebar starts collapsed. */
export const NARROW_WIDTH = 1000
const NARROW_QUERY = `(max-width: ${NARROW_WIDTH - 1}px)`

function rememberedCollapsed(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSED_KEY) === 'true'
  } catch {
    return false
  }
}

function remember(collapsed: boolean): void {
  try {
    window.localStorage.setItem(COLLAPSED_KEY, String(collapsed))
  } catch {
    // Storage unavailable: the choice lasts for this session only.
  }
}

export interface SidebarCollapse {
  collapsed: boolean
  toggle(): void
}

export function useSidebarCollapse(): SidebarCollapse {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW_QUERY).matches)
  const [chosen, setChosen] = useState(rememberedCollapsed)
  // In a narrow window: opened by the user since the window became narrow.
  const [openedWhileNarrow, setOpenedWhileNarrow] = useState(false)

  useEffect(() => {
    const query = window.matchMedia(NARROW_QUERY)
    const onChange = (): void => {
      setNarrow(query.matches)
      setOpenedWhileNarrow(false)
    }
    query.addEventListener('change', onChange)
    return () => query.removeEventListener('change', onChange)
  }, [])

  const collapsed = narrow ? !openedWhileNarrow : chosen

  const toggle = useCallback(() => {
    if (narrow) {
      setOpenedWhileNarrow((opened) => !opened)
      return
    }
    remember(!chosen)
    setChosen(!chosen)
  }, [narrow, chosen])

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (
        event.key.toLowerCase() !== 'b' ||
        !(event.ctrlKey || event.metaKey) ||
        event.altKey ||
        event.shiftKey
      )
        return
      event.preventDefault()
      toggle()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [toggle])

  return { collapsed, toggle }
}
