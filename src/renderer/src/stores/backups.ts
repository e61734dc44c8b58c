// Settings → Backups: the backups of the original files, newest first, pruning the old ones, and their
// passphrase-protected copies (saved to, and added from, a file main's own dialog chooses).
import type { BackupAddView, BackupCopyView, BackupInfo } from '../../../shared/types'
import { call } from '../api'
import { createListStore } from './record-list'

const newestFirst = (a: BackupInfo, b: BackupInfo): number => b.createdAt.localeCompare(a.createdAt)

interface BackupActions {
  prune(keep: number): Promise<string[]>
  saveCopy(id: string, passphrase: string): Promise<BackupCopyView['saved']>
  addFromFile(passphrase: string): Promise<BackupAddView['added']>
}

export const useBackups = createListStore<BackupInfo, BackupActions>(
  async () => [...(await call('backups:list'))].sort(newestFirst),
  (_set, get) => ({
    async prune(keep) {
      const { removed } = await call('backups:prune', { keep })
      await get().load()
      return removed
    },
    async saveCopy(id, passphrase) {
      return (await call('backups:saveCopy', { id, passphrase })).saved
    },
    async addFromFile(passphrase) {
      const { added } = await call('backups:addFromFile', { passphrase })
      if (added) await get().load()
      return added
    }
  })
)
