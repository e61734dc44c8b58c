// The instruments `npm run bench:chat` puts in the window before it loads (page JavaScript, as Playwright takes it):
// the Long Tasks API, the time of each Send click and of the first render of its reply's first token, the time
// from a click on a conversation to its newest message shown at the bottom, and a timer's worst lateness.
// Times are `performance.timeOrigin + performance.now()`, the clock the main process's timings use.

/** What the page keeps in `window.__bench`. */
export interface PageReadings {
  longTasks: { at: number; duration: number }[]
  sendAt: number | null
  renderAt: number | null
  openAt: number | null
  openedAt: number | null
  /** The worst lateness (ms) of a 10 ms timer since the lag watch started. */
  lagMaxMs: number
}

export const PAGE_PROBE = `(() => {
  const now = () => performance.timeOrigin + performance.now()
  const bench = (window.__bench = {
    longTasks: [], sendAt: null, renderAt: null, openAt: null, openedAt: null, lagMaxMs: 0,
    openTitle: null, openLastId: null, lagTimer: null
  })
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      bench.longTasks.push({ at: performance.timeOrigin + entry.startTime, duration: entry.duration })
  }).observe({ type: 'longtask', buffered: true })

  const assistantIds = () =>
    new Set([...document.querySelectorAll('li.message-assistant')].map((li) => li.dataset.messageId))
  // The first text of a reply that was not there at the click (its live body: no "(empty)" placeholder).
  const watchFirstRender = () => {
    const known = assistantIds()
    const observer = new MutationObserver(() => {
      for (const li of document.querySelectorAll('li.message-assistant')) {
        if (known.has(li.dataset.messageId)) continue
        const text = li.querySelector('.message-text')
        if (text && !text.querySelector('em') && text.textContent.length > 0) {
          bench.renderAt = now()
          observer.disconnect()
          return
        }
      }
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true })
  }
  // The conversation's newest message in the DOM, scrolled to the bottom of the message area.
  const watchOpen = () => {
    const done = () => {
      const scroller = document.querySelector('.message-scroll')
      const last = document.querySelector('[data-message-id="' + bench.openLastId + '"]')
      return scroller && last && scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 4
    }
    const observer = new MutationObserver(() => {
      if (!done()) return
      bench.openedAt = now()
      observer.disconnect()
    })
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
  }
  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null
    if (target?.closest('form.composer button[type=submit]')) {
      bench.sendAt = now()
      bench.renderAt = null
      watchFirstRender()
    }
    const row = target?.closest('.conversation-row')
    if (row && bench.openTitle && row.textContent.includes(bench.openTitle)) {
      bench.openAt = now()
      bench.openedAt = null
      watchOpen()
    }
  }, true)
  bench.startLagWatch = () => {
    bench.lagMaxMs = 0
    let expected = performance.now() + 10
    bench.lagTimer = setInterval(() => {
      const late = performance.now() - expected
      if (late > bench.lagMaxMs) bench.lagMaxMs = late
      expected = performance.now() + 10
    }, 10)
  }
  bench.stopLagWatch = () => clearInterval(bench.lagTimer)
})()`

/** Reads the page's instruments. */
export const READINGS = `(() => {
  const b = window.__bench
  return { longTasks: b.longTasks, sendAt: b.sendAt, renderAt: b.renderAt, openAt: b.openAt, openedAt: b.openedAt, lagMaxMs: b.lagMaxMs }
})()`

/**
 * Clicks Send (a click event, as the page's own listeners see one) and resolves to true once the reply has ended (a
 * new reply shown, no streaming cursor, no Stop button), or to false after `timeoutMs`. A MutationObserver watches,
 * so nothing runs in the page between its changes.
 */
export function sendAndWaitScript(timeoutMs: number): string {
  return `new Promise((resolve) => {
    const replies = () => document.querySelectorAll('.message-scroll li.message-assistant').length
    const before = replies()
    const stopShown = () =>
      [...document.querySelectorAll('form.composer button')].some((b) => b.textContent.trim() === 'Stop')
    const ended = () => replies() > before && !document.querySelector('.chat-cursor') && !stopShown()
    const observer = new MutationObserver(() => {
      if (!ended()) return
      observer.disconnect()
      clearTimeout(timer)
      resolve(true)
    })
    const timer = setTimeout(() => {
      observer.disconnect()
      resolve(false)
    }, ${timeoutMs})
    observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true })
    document.querySelector('form.composer button[type=submit]').click()
  })`
}
