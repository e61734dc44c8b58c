// Windowed list for long, fixed-height rows: only the rows in view (plus a margin) are in the DOM, so 100k stay smooth.
// Keyboard: one roving Tab stop; arrows, Page Up/Down, Home and End move focus and scroll it into view.
import {
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type KeyboardEvent,
  type ReactNode,
  type UIEvent
} from 'react'

export interface VirtualListProps<T> {
  items: readonly T[]
  rowHeight: number
  getKey: (item: T) => string
  /** Renders one row; the row's focusable element must use `tabIndex={tabbable ? 0 : -1}`. */
  renderRow: (item: T, index: number, tabbable: boolean) => ReactNode
  label: string
  /** Total number of items when known; -1 while more pages may follow. */
  setSize: number
  /** Called when the user scrolls within `nearEndPx` of the end of what is loaded. */
  onNearEnd?: () => void
  nearEndPx?: number
  /** Changing this scrolls back to the top (e.g. a new search). */
  resetKey?: unknown
  /** Shown above the rows (loading and empty states). */
  header?: ReactNode
  /** Shown below the rows (loading more, errors). */
  footer?: ReactNode
  className?: string
}

const OVERSCAN_ROWS = 8

export function VirtualList<T>({
  items,
  rowHeight,
  getKey,
  renderRow,
  label,
  setSize,
  onNearEnd,
  nearEndPx = 800,
  resetKey,
  header,
  footer,
  className
}: VirtualListProps<T>) {
  const scroller = useRef<HTMLDivElement>(null)
  const list = useRef<HTMLUListElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(800)
  const [active, setActive] = useState(0)
  const pendingFocus = useRef<number | null>(null)
  const activeIndex = Math.min(active, Math.max(items.length - 1, 0))

  useLayoutEffect(() => {
    const element = scroller.current
    if (!element) return
    setViewport(element.clientHeight)
    const observer = new ResizeObserver(() => setViewport(element.clientHeight))
    observer.observe(element)
    return () => observer.disconnect()
  }, [])

  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 })
    setScrollTop(0)
    setActive(0)
  }, [resetKey])

  // A first page shorter than the viewport gives no scroll event: ask for more until it fills or ends.
  useEffect(() => {
    const element = scroller.current
    if (element && onNearEnd && element.scrollHeight - element.scrollTop - element.clientHeight < nearEndPx) {
      onNearEnd()
    }
  }, [items.length, onNearEnd, nearEndPx])

  useEffect(() => {
    if (pendingFocus.current === null) return
    const index = pendingFocus.current
    pendingFocus.current = null
    list.current
      ?.querySelector<HTMLElement>(`[data-index="${index}"] [tabindex]`)
      ?.focus({ preventScroll: true })
  })

  const onScroll = (event: UIEvent<HTMLDivElement>): void => {
    const element = event.currentTarget
    setScrollTop(element.scrollTop)
    if (onNearEnd && element.scrollHeight - element.scrollTop - element.clientHeight < nearEndPx) onNearEnd()
  }

  const moveTo = (index: number): void => {
    const element = scroller.current
    const listTop = list.current?.offsetTop ?? 0
    if (element) {
      const top = listTop + index * rowHeight
      if (top < element.scrollTop) element.scrollTop = top
      else if (top + rowHeight > element.scrollTop + element.clientHeight) {
        element.scrollTop = top + rowHeight - element.clientHeight
      }
      setScrollTop(element.scrollTop)
    }
    pendingFocus.current = index
    setActive(index)
  }

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>): void => {
    if (items.length === 0) return
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1)
    const last = items.length - 1
    const targets: Record<string, number> = {
      ArrowDown: Math.min(activeIndex + 1, last),
      ArrowUp: Math.max(activeIndex - 1, 0),
      PageDown: Math.min(activeIndex + page, last),
      PageUp: Math.max(activeIndex - page, 0),
      Home: 0,
      End: last
    }
    const target = targets[event.key]
    if (target === undefined) return
    event.preventDefault()
    moveTo(target)
  }

  const listTop = list.current?.offsetTop ?? 0
  const relativeTop = Math.max(0, scrollTop - listTop)
  const start = Math.max(0, Math.floor(relativeTop / rowHeight) - OVERSCAN_ROWS)
  const end = Math.min(items.length, Math.ceil((relativeTop + viewport) / rowHeight) + OVERSCAN_ROWS)
  const indices: number[] = []
  // The Tab stop is always rendered, so Tab can reach the list wherever it is scrolled.
  if (activeIndex < start && activeIndex < items.length) indices.push(activeIndex)
  for (let index = start; index < end; index++) indices.push(index)
  if (activeIndex >= end && activeIndex < items.length) indices.push(activeIndex)

  return (
    <div className={`virtual-scroll ${className ?? ''}`} ref={scroller} onScroll={onScroll}>
      {header}
      {items.length > 0 ? (
        <ul
          ref={list}
          className="virtual-list"
          aria-label={label}
          style={{ height: items.length * rowHeight }}
          onKeyDown={onKeyDown}
        >
          {indices.map((index) => {
            const item = items[index] as T
            return (
              <li
                key={getKey(item)}
                data-index={index}
                className="virtual-row"
                style={{ top: index * rowHeight, height: rowHeight }}
                aria-setsize={setSize}
                aria-posinset={index + 1}
                onFocus={() => setActive(index)}
              >
                {renderRow(item, index, index === activeIndex)}
              </li>
            )
          })}
        </ul>
      ) : null}
      {footer}
    </div>
  )
}
