// Model profiles: list, add, edit, delete and set the default. API keys are write-only; only masks are shown.
import { CardActions } from '../components/CardActions'
import { useCallback, useState, type FormEvent } from 'react'
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { errorMessage } from '../api'
import { Alert } from '../components/Alert'
import { ConfirmDialog } from '../components/ConfirmDialog'
import { Dialog, DialogActions } from '../components/Dialog'
import { EmptyState } from '../components/EmptyState'
import { PlusIcon } from '../components/Icons'
import { LoadingState } from '../components/Spinner'
import { useLoadOncePerEpoch } from '../hooks'
import { notify } from '../stores/notices'
import { useProfiles } from '../stores/profiles'

const PROVIDERS = [
  'openai',
  'anthropic',
  'google',
  'mistral',
  'openrouter',
  'azure-openai',
  'ollama',
  'custom'
]

interface ProfileFormState {
  name: string
  provider: string
  model: string
  baseUrl: string
  apiKey: string
  removeKey: boolean
}

function ProfileDialog({ profile, onClose }: { profile: ProfileView | null; onClose: () => void }) {
  const create = useProfiles((state) => state.create)
  const update = useProfiles((state) => state.update)
  const [form, setForm] = useState<ProfileFormState>({
    name: profile?.name ?? '',
    provider: profile?.provider ?? 'openai',
    model: profile?.model ?? '',
    baseUrl: profile?.baseUrl ?? '',
    apiKey: '',
    removeKey: false
  })
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const change = <K extends keyof ProfileFormState>(key: K, value: ProfileFormState[K]): void =>
    setForm((current) => ({ ...current, [key]: value }))

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    const name = form.name.trim()
    const provider = form.provider.trim()
    const model = form.model.trim()
    if (!name || !provider || !model) {
      setError('Name, provider and model are required.')
      return
    }
    const input: ProfileInput = { name, provider, model, baseUrl: form.baseUrl.trim() || null }
    // The key is sent only when typed (or removed on purpose): leaving the field empty keeps the stored key.
    if (form.removeKey) input.apiKey = ''
    else if (form.apiKey !== '') input.apiKey = form.apiKey
    setBusy(true)
    setError(null)
    try {
      if (profile) await update(profile.id, input)
      else await create(input)
      notify(profile ? 'Profile saved' : 'Profile added')
      onClose()
    } catch (caught) {
      setError(errorMessage(caught))
      setBusy(false)
    }
  }

  return (
    <Dialog title={profile ? 'Edit profile' : 'Add profile'} onClose={onClose} busy={busy}>
      <form onSubmit={(event) => void submit(event)} noValidate autoComplete="off">
        <div className="field">
          <label htmlFor="profile-name">Name</label>
          <input
            id="profile-name"
            className="input"
            value={form.name}
            onChange={(event) => change('name', event.target.value)}
            placeholder="e.g. Work GPT"
            required
            data-autofocus
          />
        </div>
        <div className="field-row">
          <div className="field">
            <label htmlFor="profile-provider">Provider</label>
            <input
              id="profile-provider"
              className="input"
              list="profile-providers"
              value={form.provider}
              onChange={(event) => change('provider', event.target.value)}
              required
            />
            <datalist id="profile-providers">
              {PROVIDERS.map((provider) => (
                <option key={provider} value={provider} />
              ))}
            </datalist>
          </div>
          <div className="field">
            <label htmlFor="profile-model">Model</label>
            <input
              id="profile-model"
              className="input"
              value={form.model}
              onChange={(event) => change('model', event.target.value)}
              placeholder="e.g. gpt-4o"
              required
            />
          </div>
        </div>
        <div className="field">
          <label htmlFor="profile-base-url">
            Base URL <span className="optional">(optional)</span>
          </label>
          <input
            id="profile-base-url"
            className="input"
            type="url"
            value={form.baseUrl}
            onChange={(event) => change('baseUrl', event.target.value)}
            placeholder="https://api.example.com/v1"
          />
        </div>
        <div className="field">
          <label htmlFor="profile-api-key">API key</label>
          <input
            id="profile-api-key"
            className="input mono"
            type="password"
            autoComplete="new-password"
            spellCheck={false}
            value={form.apiKey}
            disabled={form.removeKey}
            onChange={(event) => change('apiKey', event.target.value)}
            placeholder={profile?.maskedApiKey ? 'Leave empty to keep the current key' : 'Paste the key'}
            aria-describedby="profile-api-key-hint"
          />
          <p id="profile-api-key-hint" className="hint">
            {profile?.maskedApiKey ? (
              <>
                Current key: <span className="mono">{profile.maskedApiKey}</span>.{' '}
              </>
            ) : null}
            Stored in your system keychain, never shown again in full.
          </p>
          {profile?.maskedApiKey ? (
            <label className="checkbox">
              <input
                type="checkbox"
                checked={form.removeKey}
                onChange={(event) => change('removeKey', event.target.checked)}
              />
              Remove the stored key
            </label>
          ) : null}
        </div>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <DialogActions>
          <button type="button" className="button" onClick={onClose} disabled={busy}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={busy}>
            {profile ? 'Save' : 'Add profile'}
          </button>
        </DialogActions>
      </form>
    </Dialog>
  )
}

function ProfileCard({
  profile,
  onEdit,
  onDelete
}: {
  profile: ProfileView
  onEdit: () => void
  onDelete: () => void
}) {
  const setDefault = useProfiles((state) => state.setDefault)
  const [busy, setBusy] = useState(false)
  const makeDefault = async (): Promise<void> => {
    setBusy(true)
    try {
      await setDefault(profile.id)
      notify(`${profile.name} is now the default profile`)
    } catch (error) {
      notify(errorMessage(error), 'error')
    } finally {
      setBusy(false)
    }
  }
  return (
    <li className="card item-card">
      <div className="item-card-main">
        <div className="item-card-title">
          <h3>{profile.name}</h3>
          {profile.isDefault ? <span className="badge badge-accent">Default</span> : null}
        </div>
        <dl className="meta-grid">
          <dt>Provider</dt>
          <dd>{profile.provider}</dd>
          <dt>Model</dt>
          <dd className="mono">{profile.model}</dd>
          {profile.baseUrl ? (
            <>
              <dt>Base URL</dt>
              <dd className="mono truncate">{profile.baseUrl}</dd>
            </>
          ) : null}
          <dt>API key</dt>
          <dd className="mono">{profile.maskedApiKey ?? <span className="muted">None stored</span>}</dd>
        </dl>
      </div>
      <CardActions name={profile.name} onEdit={onEdit} onDelete={onDelete}>
        {!profile.isDefault ? (
          <button type="button" className="button" onClick={() => void makeDefault()} disabled={busy}>
            Set as default
          </button>
        ) : null}
      </CardActions>
    </li>
  )
}

export function ProfilesScreen() {
  const items = useProfiles((state) => state.items)
  const loaded = useProfiles((state) => state.loaded)
  const loading = useProfiles((state) => state.loading)
  const error = useProfiles((state) => state.error)
  const load = useProfiles((state) => state.load)
  const remove = useProfiles((state) => state.remove)
  const [editing, setEditing] = useState<ProfileView | 'new' | null>(null)
  const [deleting, setDeleting] = useState<ProfileView | null>(null)
  useLoadOncePerEpoch(
    'profiles',
    useCallback(() => void load(), [load])
  )

  return (
    <div className="screen">
      <header className="screen-header">
        <div>
          <h1>Profiles</h1>
          <p className="muted">Model profiles pick a provider, a model and the API key to use.</p>
        </div>
        <button type="button" className="button button-primary icon-text" onClick={() => setEditing('new')}>
          <PlusIcon />
          Add profile
        </button>
      </header>
      <div className="screen-body">
        {!loaded && loading ? <LoadingState label="Loading profiles…" /> : null}
        {error ? (
          <Alert
            tone="error"
            action={
              <button type="button" className="button button-small" onClick={() => void load()}>
                Retry
              </button>
            }
          >
            {error}
          </Alert>
        ) : null}
        {loaded && !error && items.length === 0 ? (
          <EmptyState
            title="No profiles yet"
            action={
              <button type="button" className="button button-primary" onClick={() => setEditing('new')}>
                Add profile
              </button>
            }
          >
            Add a profile to choose which model your agent talks to.
          </EmptyState>
        ) : null}
        {items.length > 0 ? (
          <ul className="card-list">
            {items.map((profile) => (
              <ProfileCard
                key={profile.id}
                profile={profile}
                onEdit={() => setEditing(profile)}
                onDelete={() => setDeleting(profile)}
              />
            ))}
          </ul>
        ) : null}
      </div>
      {editing ? (
        <ProfileDialog profile={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />
      ) : null}
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete"
          onConfirm={async () => {
            await remove(deleting.id)
            notify('Profile deleted')
          }}
          onClose={() => setDeleting(null)}
        >
          <p>
            The profile and its stored API key will be removed.
            {deleting.isDefault ? ' It is your default profile; choose another default afterwards.' : ''}
          </p>
        </ConfirmDialog>
      ) : null}
    </div>
  )
}
