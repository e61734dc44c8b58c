// Settings → Backups: the backups of the original files, newest first, and pruning the old ones.
import type { BackupInfo } from '../../../shared/types'
import { call } from '../api'
import { createListStore } from './record-list'

const newestFirst = (a: BackupInfo, b: BackupInfo): number => b.createdAt.localeCompare(a.createdAt)

export const useBackups = createListStore<BackupInfo, { prune(keep: number): Promise<string[]> }>(
  async () => [...(await call('backups:list'))].sort(newestFirst),
  (_set, get) => ({
    async prune(keep) {
      const { removed } = await call('backups:prune', { keep })
      await get().load()
      return removed
    }
  })
)
