// Settings: migration verification and "Restore pre-migration data".
import { create } from 'zustand'
import type { IpcResponse } from '../../../shared/ipc'
import { call, errorMessage } from '../api'
import { useBackups } from './backups'

export type VerifyResult = IpcResponse<'migration:verify'>
export type RollbackResult = IpcResponse<'migration:rollback'>

interface SettingsState {
  verifying: boolean
  verifyResult: VerifyResult | null
  verifyError: string | null
  rollbackResult: RollbackResult | null
  verify(): Promise<void>
  /** Throws ApiError so the dialog can show the message in place. */
  rollback(options: { backupId?: string; discardNewData: boolean }): Promise<RollbackResult>
  clearResults(): void
}

export const useSettings = create<SettingsState>()((set) => ({
  verifying: false,
  verifyResult: null,
  verifyError: null,
  rollbackResult: null,

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
    void useBackups.getState().load()
    return result
  },

  clearResults() {
    set({ verifyResult: null, verifyError: null, rollbackResult: null })
  }
}))
