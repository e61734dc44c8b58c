// Settings → Storage: switching the backend, the consistency check, writing the hybrid mirror now, and the counters.
import { create } from 'zustand'
import type { ConsistencyReport, StorageBackend, StoreCounters } from '../../../shared/types'
import { call, errorMessage } from '../api'
import { useAppStore } from './app'

interface StorageState {
  switching: boolean
  /** The warning the last switch gave (hybrid's plain-text keys), shown until the next switch. */
  warning: string | null
  checking: boolean
  report: ConsistencyReport | null
  checkError: string | null
  flushing: boolean
  /** Throws ApiError so the confirmation dialog can show the message in place. */
  switchTo(backend: StorageBackend): Promise<void>
  check(): Promise<void>
  flush(): Promise<StoreCounters>
}

export const useStorage = create<StorageState>()((set) => ({
  switching: false,
  warning: null,
  checking: false,
  report: null,
  checkError: null,
  flushing: false,

  async switchTo(backend) {
    set({ switching: true, report: null, checkError: null })
    try {
      const { warning } = await call('storage:setBackend', { backend })
      set({ warning })
      // Every list now reads from the other backend.
      await useAppStore.getState().refreshStatus()
      useAppStore.getState().dataChanged()
    } finally {
      set({ switching: false })
    }
  },

  async check() {
    set({ checking: true, report: null, checkError: null })
    try {
      set({ report: await call('storage:consistency') })
    } catch (error) {
      set({ checkError: errorMessage(error) })
    } finally {
      set({ checking: false })
      void useAppStore.getState().refreshStatus()
    }
  },

  async flush() {
    set({ flushing: true })
    try {
      return await call('storage:flush')
    } finally {
      set({ flushing: false })
      void useAppStore.getState().refreshStatus()
    }
  }
}))
