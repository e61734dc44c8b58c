// Settings: backups (list, prune), migration verification and "Restore pre-migration data".
import { create } from 'zustand'
import type { BackupInfo } from '../../../shared/types'
import type { IpcResponse } from '../../../shared/ipc'
import { call, errorMessage } from '../api'

export type VerifyResult = IpcResponse<'migration:verify'>
export type RollbackResult = IpcResponse<'migration:rollback'>

interface SettingsState {
  backups: BackupInfo[]
  backupsLoaded: boolean
  backupsLoading: boolean
  backupsError: string | null
  verifying: boolean
  verifyResult: VerifyResult | null
  verifyError: string | null
  rollbackResult: RollbackResult | null
  loadBackups(): Promise<void>
  verify(): Promise<void>
  /** Throws ApiError so the dialog can show the message in place. */
  rollback(options: { backupId?: string; discardNewData: boolean }): Promise<RollbackResult>
  prune(keep: number): Promise<string[]>
  clearResults(): void
}

const newestFirst = (a: BackupInfo, b: BackupInfo): number => b.createdAt.localeCompare(a.createdAt)

export const useSettings = create<SettingsState>()((set, get) => ({
  backups: [],
  backupsLoaded: false,
  backupsLoading: false,
  backupsError: null,
  verifying: false,
  verifyResult: null,
  verifyError: null,
  rollbackResult: null,

  async loadBackups() {
    set({ backupsLoading: true, backupsError: null })
    try {
      const backups = await call('backups:list')
      set({ backups: [...backups].sort(newestFirst), backupsLoaded: true, backupsLoading: false })
    } catch (error) {
      set({ backupsLoaded: true, backupsLoading: false, backupsError: errorMessage(error) })
    }
  },

  async verify() {
    set({ verifying: true, verifyResult: null, verifyError: null })
    try {
      set({ verifyResult: await call('migration:verify'), verifying: false })
    } catch (error) {
      set({ verifying: false, verifyError: errorMessage(error) })
    }
  },

  async rollback({ backupId, discardNewData }) {
    const result = await call('migration:rollback', { ...(backupId ? { backupId } : {}), discardNewData })
    set({ rollbackResult: result, verifyResult: null, verifyError: null })
    void get().loadBackups()
    return result
  },

  async prune(keep) {
    const { removed } = await call('backups:prune', { keep })
    await get().loadBackups()
    return removed
  },

  clearResults() {
    set({ verifyResult: null, verifyError: null, rollbackResult: null })
  }
}))
