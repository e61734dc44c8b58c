// Windowed list for rows of varying height (a conversation's messages): only the rows in view, plus a margin, are in
// the DOM, each measured as it renders. It opens at the end, keeps to the end while the reader is there (a reply
// streaming in), and keeps the row the reader is looking at in place when rows are added above it or resized.
import { useCallback, useEffect, useLayoutEffect, useReducer, useRef, useState, type ReactNode } from 'react'
import { flushSync } from 'react-dom'

export interface MeasuredListProps<T> {
  items: readonly T[]
  getKey: (item: T) => string
  /**
   * Renders one row: an element with `data-measure-key={key}`, `ref={measure}` and `position: absolute` at `top`
   * (px). Rows whose `top` did not change should render nothing new, so memoised rows stay as they are.
   */
  renderRow: (item: T, top: number, measure: (element: HTMLElement | null) => () => void) => ReactNode
  /** The scrolling element the list sits in (it may hold other content above and below the list). */
  scroller: React.RefObject<HTMLElement | null>
  /** A row's height until it has been measured. */
  estimatedHeight: number
  /** Space between rows (px). */
  gap: number
  /** Changing this starts again at the end (another conversation). */
  resetKey: unknown
  /** A row to bring to the middle of the view (where a search result leads); null keeps the reader's place. */
  focusKey?: string | null
  /** Called when the reader scrolls within `nearStartPx` of the top of what is loaded. */
  onNearStart?: () => void
  nearStartPx?: number
  className?: string
  label?: string
}

/** Rows rendered beyond the view, above and below (px). */
const OVERSCAN_PX = 800
/** Closer than this (px) to the end counts as at the end. */
const AT_END_PX = 4

/** Where the reader is: at the end, or this row's top at this distance (px) below the top of the view. */
type Anchor = { atEnd: true } | { atEnd: false; key: string; offset: number }

export function MeasuredList<T>({
  items,
  getKey,
  renderRow,
  scroller,
  estimatedHeight,
  gap,
  resetKey,
  focusKey = null,
  onNearStart,
  nearStartPx = 800,
  className,
  label
}: MeasuredListProps<T>) {
  const list = useRef<HTMLOListElement>(null)
  const heights = useRef(new Map<string, number>())
  const anchor = useRef<Anchor>({ atEnd: true })
  const [, remeasured] = useReducer((n: number) => n + 1, 0)
  const [view, setView] = useState({ top: 0, height: 800 })

  // Row tops (px from the list's top), in order; rebuilt each render (a prefix sum, cheap even for 10k rows).
  const keys = items.map(getKey)
  const tops = new Array<number>(items.length)
  let total = 0
  for (let index = 0; index < items.length; index++) {
    tops[index] = total
    total += (heights.current.get(keys[index]!) ?? estimatedHeight) + gap
  }
  const indexOf = new Map(keys.map((key, index) => [key, index]))
  const layout = useRef({ keys, tops, indexOf, total })
  layout.current = { keys, tops, indexOf, total }

  const listTop = (element: HTMLElement): number =>
    (list.current?.getBoundingClientRect().top ?? 0) - element.getBoundingClientRect().top + element.scrollTop

  /** Records where the reader is, for the next render to keep. */
  const note = useCallback((element: HTMLElement): void => {
    const distance = element.scrollHeight - element.scrollTop - element.clientHeight
    if (distance <= AT_END_PX) {
      anchor.current = { atEnd: true }
      return
    }
    const { keys: order, tops: at } = layout.current
    const relative = element.scrollTop - listTop(element)
    let index = upperBound(at, relative) - 1
    if (index < 0) index = 0
    const key = order[index]
    anchor.current =
      key === undefined ? { atEnd: true } : { atEnd: false, key, offset: (at[index] ?? 0) - relative }
  }, [])

  const observer = useRef<ResizeObserver | null>(null)
  if (observer.current === null && typeof ResizeObserver !== 'undefined') {
    observer.current = new ResizeObserver((entries) => {
      let changed = false
      for (const entry of entries) {
        const element = entry.target as HTMLElement
        const key = element.dataset.measureKey
        if (!element.isConnected || key === undefined) continue
        const height = entry.borderBoxSize[0]?.blockSize ?? element.offsetHeight
        if (heights.current.get(key) !== height) {
          heights.current.set(key, height)
          changed = true
        }
      }
      // Laid out again before the frame is painted, so a measured row never shows at its estimated place.
      if (changed) flushSync(remeasured)
    })
  }
  useEffect(() => () => observer.current?.disconnect(), [])

  const measure = useCallback((element: HTMLElement | null): (() => void) => {
    if (element) observer.current?.observe(element)
    return () => {
      if (element) observer.current?.unobserve(element)
    }
  }, [])

  useEffect(() => {
    anchor.current = { atEnd: true }
  }, [resetKey])

  // After each render: back to where the reader was (the end, or the same row at the same place).
  useLayoutEffect(() => {
    const element = scroller.current
    if (!element || items.length === 0) return
    const held = anchor.current
    if (held.atEnd) element.scrollTop = element.scrollHeight
    else {
      const index = layout.current.indexOf.get(held.key)
      if (index !== undefined) element.scrollTop = listTop(element) + (tops[index] ?? 0) - held.offset
    }
    note(element)
    if (element.scrollTop !== view.top || element.clientHeight !== view.height)
      setView({ top: element.scrollTop, height: element.clientHeight })
  })

  const focusReady = focusKey !== null && indexOf.has(focusKey)
  useEffect(() => {
    if (focusKey === null) return
    const element = scroller.current
    const index = layout.current.indexOf.get(focusKey)
    if (!element || index === undefined) return
    const top = listTop(element) + (layout.current.tops[index] ?? 0)
    element.scrollTop = Math.max(0, top - element.clientHeight / 3)
    note(element)
    setView({ top: element.scrollTop, height: element.clientHeight })
  }, [focusKey, focusReady, scroller, note])

  useEffect(() => {
    const element = scroller.current
    if (!element) return
    const onScroll = (): void => {
      note(element)
      setView({ top: element.scrollTop, height: element.clientHeight })
      if (onNearStart && element.scrollTop < nearStartPx) onNearStart()
    }
    const resized = new ResizeObserver(onScroll)
    resized.observe(element)
    element.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      resized.disconnect()
      element.removeEventListener('scroll', onScroll)
    }
  }, [scroller, note, onNearStart, nearStartPx])

  // At the end, the window is the last rows whatever the last scroll position was (a page just arrived).
  const element = scroller.current
  const offset = element ? listTop(element) : 0
  const viewTop = anchor.current.atEnd ? offset + total - view.height : view.top
  const from = Math.max(0, upperBound(tops, viewTop - offset - OVERSCAN_PX) - 1)
  const to = Math.min(items.length, upperBound(tops, viewTop - offset + view.height + OVERSCAN_PX))
  const rows: ReactNode[] = []
  for (let index = from; index < to; index++) rows.push(renderRow(items[index] as T, tops[index]!, measure))
  return (
    <ol ref={list} className={className} aria-label={label} style={{ position: 'relative', height: total }}>
      {rows}
    </ol>
  )
}

/** The first index whose value is greater than `value` (the values ascend). */
function upperBound(values: readonly number[], value: number): number {
  let low = 0
  let high = values.length
  while (low < high) {
    const middle = (low + high) >>> 1
    if (values[middle]! <= value) low = middle + 1
    else high = middle
  }
  return low
}
