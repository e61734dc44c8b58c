// Keeps a streaming reply's newest text in view: at once for a new reply, then for as long as the reader stays
// near the end of the messages, however tall one chunk makes the reply (a table or a code block arriving at once).
// Scrolling up stops it; scrolling back near the end starts it again.
import { useEffect, useRef, type RefObject } from 'react'

/** How close (px) to the end of the messages the reader must be for a streaming reply to keep it in view. */
const FOLLOW_PX = 240

/** `anchor` is an element inside the `.message-scroll` scroller; `changes` are what grow the reply. */
export function useFollowEnd(anchor: RefObject<HTMLElement | null>, changes: readonly unknown[]): void {
  const following = useRef(true)
  // Whether the reader follows is decided when they scroll, not after the reply has grown.
  useEffect(() => {
    const scroller = anchor.current?.closest('.message-scroll')
    if (!scroller) return
    let lastTop = scroller.scrollTop
    const onScroll = () => {
      const distance = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight
      if (distance < FOLLOW_PX) following.current = true
      else if (scroller.scrollTop < lastTop) following.current = false
      lastTop = scroller.scrollTop
    }
    scroller.addEventListener('scroll', onScroll, { passive: true })
    return () => scroller.removeEventListener('scroll', onScroll)
  }, [anchor])
  useEffect(() => {
    const scroller = anchor.current?.closest('.message-scroll')
    if (!scroller || !following.current) return
    const frame = requestAnimationFrame(() => scroller.scrollTo({ top: scroller.scrollHeight }))
    return () => cancelAnimationFrame(frame)
  }, changes) // what the caller names as growing the reply
}
