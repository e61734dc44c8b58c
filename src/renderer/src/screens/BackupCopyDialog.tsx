// The passphrase dialogs of Settings → Backups: "Save a copy of this backup…" (typed twice, masked, at least 8
// characters) and "Add a backup from a file…"; main chooses the file and does the work, and the passphrase goes no
// further than that one request.
import { useState } from 'react'
import { BACKUP_PASSPHRASE_MIN, type BackupInfo } from '../../../shared/types'
import { TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import { formatBytes, formatDateTime } from '../format'
import { InputProblem } from '../hooks'
import { useBackups } from '../stores/backups'
import { notify } from '../stores/notices'

const MISMATCH = 'The two passphrases differ.'

function checkLength(passphrase: string): void {
  if ([...passphrase].length < BACKUP_PASSPHRASE_MIN)
    throw new InputProblem(
      `Use at least ${BACKUP_PASSPHRASE_MIN} characters for the passphrase (a few words is best).`
    )
}

export function SaveBackupCopyDialog({ backup, onClose }: { backup: BackupInfo; onClose: () => void }) {
  const saveCopy = useBackups((state) => state.saveCopy)
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const differs = again !== '' && again !== passphrase

  return (
    <FormDialog
      title="Save a copy of this backup"
      submitLabel="Save a copy…"
      autoComplete="off"
      onClose={onClose}
      onSubmit={async () => {
        checkLength(passphrase)
        if (again !== passphrase) throw new InputProblem(MISMATCH)
        const saved = await saveCopy(backup.id, passphrase)
        if (saved) notify(`Saved a copy of the backup to ${saved.path} (${formatBytes(saved.bytes)})`)
      }}
    >
      <p>
        The backup from {formatDateTime(backup.createdAt)} is written to one file, encrypted with this
        passphrase. Without the passphrase the copy cannot be read, so keep it safe.
      </p>
      <TextField
        label="Passphrase"
        type="password"
        value={passphrase}
        onChange={setPassphrase}
        hint={`At least ${BACKUP_PASSPHRASE_MIN} characters.`}
        autoFocus
      />
      <TextField
        label="Passphrase again"
        type="password"
        value={again}
        onChange={setAgain}
        aria-invalid={differs}
        hint={differs ? <span className="field-error">{MISMATCH}</span> : undefined}
      />
    </FormDialog>
  )
}

export function AddBackupDialog({ onClose }: { onClose: () => void }) {
  const addFromFile = useBackups((state) => state.addFromFile)
  const [passphrase, setPassphrase] = useState('')

  return (
    <FormDialog
      title="Add a backup from a file"
      submitLabel="Choose the file…"
      autoComplete="off"
      onClose={onClose}
      onSubmit={async () => {
        checkLength(passphrase)
        const added = await addFromFile(passphrase)
        if (added) notify(`Added backup ${added.id} (${added.files} files, each checked)`)
      }}
    >
      <p>Adds a copy saved with "Save a copy of this backup…" to this computer's backups.</p>
      <TextField
        label="Passphrase of the copy"
        type="password"
        value={passphrase}
        onChange={setPassphrase}
        autoFocus
      />
    </FormDialog>
  )
}
