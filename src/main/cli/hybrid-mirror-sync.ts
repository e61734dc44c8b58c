// After a CLI command that changed data: on a migrated folder that runs on the hybrid backend, the legacy mirror is
// written (whole) before the command exits, so an older app version, or `verify --consistency`, sees the change.
import { detectState } from '../migration/detect-state'
import { auditedSecrets } from '../history/recorded'
import { chooseBackend, launchedBackend } from '../store/backend-choice'
import { openBackend } from '../store/open-backend'

/** Writes the hybrid mirror of `dataDir` when the folder is migrated and runs on hybrid; else does nothing. */
export async function syncHybridMirror(dataDir: string): Promise<void> {
  const { state } = detectState(dataDir)
  if (state !== 'migrated' || launchedBackend(state, chooseBackend(dataDir)) !== 'hybrid') return
  // The hybrid store writes its mirror whole as it opens, and closing waits for that write.
  const store = await openBackend({ dataDir, backend: 'hybrid', secrets: auditedSecrets(dataDir) })
  await store.close()
}
