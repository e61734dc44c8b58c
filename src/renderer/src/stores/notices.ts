// Short-lived notices ("Profile saved") shown in the corner and announced to screen readers.
import { create } from 'zustand'

export type NoticeTone = 'success' | 'error' | 'info'

export interface Notice {
  id: number
  tone: NoticeTone
  text: string
}

interface NoticesState {
  notices: Notice[]
  push(text: string, tone?: NoticeTone): void
  dismiss(id: number): void
}

let nextId = 1
const NOTICE_MS = 5_000

export const useNotices = create<NoticesState>()((set, get) => ({
  notices: [],
  push(text, tone = 'success') {
    const id = nextId++
    set({ notices: [...get().notices.slice(-2), { id, tone, text }] })
    setTimeout(() => get().dismiss(id), tone === 'error' ? NOTICE_MS * 2 : NOTICE_MS)
  },
  dismiss(id) {
    set({ notices: get().notices.filter((notice) => notice.id !== id) })
  }
}))

export const notify = (text: string, tone?: NoticeTone): void => useNotices.getState().push(text, tone)
