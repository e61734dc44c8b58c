// Model profiles: list, add, edit, delete and set the default; test a profile's connection, and pick its model from
// the ones its endpoint lists. API keys are write-only; only masks are shown.
import { useState } from 'react'
import type { ModelListRequest, ModelListView } from '../../../shared/chat-types'
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { Checkbox, SelectField, TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import {
  RecordCard,
  RecordListScreen,
  type CardHandlers,
  type RecordDialogProps
} from '../components/RecordListScreen'
import { InputProblem, useAsyncAction, useForm } from '../hooks'
import { notify } from '../stores/notices'
import { Spinner } from '../components/Spinner'
import { fetchModels, useProfiles, type ConnectionState } from '../stores/profiles'

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

const EMPTY_FORM = { name: '', provider: 'openai', model: '', baseUrl: '', apiKey: '', removeKey: false }

type ProfileFormState = typeof EMPTY_FORM

function formFrom(profile: ProfileView): ProfileFormState {
  const { name, provider, model } = profile
  return { name, provider, model, baseUrl: profile.baseUrl ?? '', apiKey: '', removeKey: false }
}

/** The profile the form says, or the problem that stops it. */
function inputFrom(form: ProfileFormState): ProfileInput {
  const name = form.name.trim()
  const provider = form.provider.trim()
  const model = form.model.trim()
  if (!name || !provider || !model) throw new InputProblem('Name, provider and model are required.')
  const input: ProfileInput = { name, provider, model, baseUrl: form.baseUrl.trim() || null }
  // The key is sent only when typed (or removed on purpose): leaving the field empty keeps the stored key.
  if (form.removeKey) input.apiKey = ''
  else if (form.apiKey !== '') input.apiKey = form.apiKey
  return input
}

/** What "Fetch models" asks for: the form's endpoint, with the typed key (or none when removed), else the stored one. */
function modelRequest(form: ProfileFormState, profile: ProfileView | null): ModelListRequest {
  const request: ModelListRequest = {
    id: profile?.id ?? null,
    name: form.name.trim(),
    provider: form.provider.trim(),
    baseUrl: form.baseUrl.trim() || null
  }
  if (form.removeKey) request.apiKey = ''
  else if (form.apiKey !== '') request.apiKey = form.apiKey
  return request
}

/** "Fetch models" and what it found: a list to pick the model from, or the line saying why there is none. */
function ModelFetcher({
  request,
  model,
  onPick
}: {
  request: () => ModelListRequest
  model: string
  onPick: (id: string) => void
}) {
  const [listing, setListing] = useState<'fetching' | ModelListView | null>(null)
  const fetching = listing === 'fetching'
  const found = listing !== null && !fetching ? listing : null
  const fetchList = async (): Promise<void> => {
    setListing('fetching')
    setListing(await fetchModels(request()))
  }
  return (
    <div className="model-fetcher">
      <button
        type="button"
        className="button button-small"
        onClick={() => void fetchList()}
        disabled={fetching}
      >
        Fetch models
      </button>
      <p className="connection-line" role="status">
        {fetching ? <Spinner label="Fetching the models…" /> : found?.ok ? found.line : null}
      </p>
      {found && !found.ok ? (
        <p className="connection-line connection-failed" role="alert">
          {found.line}
        </p>
      ) : null}
      {found?.ok ? (
        <SelectField
          label="Listed models"
          value={found.models.includes(model) ? model : ''}
          onChange={(id) => {
            if (id !== '') onPick(id)
          }}
          options={[
            { value: '', label: 'Choose one of the listed models…' },
            ...found.models.map((id) => ({ value: id, label: id }))
          ]}
        />
      ) : null}
    </div>
  )
}

function ProfileDialog({ record: profile, frame, save }: RecordDialogProps<ProfileView, ProfileInput>) {
  const { values, bind } = useForm(profile ? formFrom(profile) : EMPTY_FORM)
  const masked = profile?.maskedApiKey ?? null
  const model = bind('model')
  const forgetCheck = useProfiles((state) => state.forgetCheck)
  const submit = async (): Promise<void> => {
    await save(inputFrom(values))
    if (profile) forgetCheck(profile.id)
  }

  return (
    <FormDialog {...frame} onSubmit={submit} autoComplete="off">
      <TextField label="Name" {...bind('name')} placeholder="e.g. Work GPT" required data-autofocus />
      <div className="field-row">
        <TextField label="Provider" {...bind('provider')} suggestions={PROVIDERS} required />
        <TextField label="Model" {...model} placeholder="e.g. gpt-4o" required />
      </div>
      <ModelFetcher
        request={() => modelRequest(values, profile)}
        model={values.model}
        onPick={model.onChange}
      />
      <TextField
        label="Base URL"
        note="(optional)"
        type="url"
        {...bind('baseUrl')}
        placeholder="https://api.example.com/v1"
      />
      <TextField
        label="API key"
        mono
        type="password"
        autoComplete="new-password"
        spellCheck={false}
        {...bind('apiKey')}
        disabled={values.removeKey}
        placeholder={masked ? 'Leave empty to keep the current key' : 'Paste the key'}
        hint={
          <>
            {masked ? (
              <>
                Current key: <span className="mono">{masked}</span>.{' '}
              </>
            ) : null}
            Stored in your system keychain, never shown again in full.
          </>
        }
      >
        {masked ? (
          <Checkbox checked={values.removeKey} onChange={bind('removeKey').onChange}>
            Remove the stored key
          </Checkbox>
        ) : null}
      </TextField>
    </FormDialog>
  )
}

/** A profile's last connection test: a spinner while it runs, then its one line (a refused or missing key offers to
 * enter it again). */
function ConnectionLine({ check, onEdit }: { check: ConnectionState | undefined; onEdit: () => void }) {
  const failed = check !== undefined && check !== 'testing' && !check.ok ? check : null
  return (
    <>
      <p className="connection-line" role="status">
        {check === 'testing' ? (
          <Spinner label="Testing the connection…" />
        ) : check?.ok ? (
          <span className="connection-ok">{check.line}</span>
        ) : null}
      </p>
      {failed ? (
        <div className="connection-line connection-failed" role="alert">
          <span>{failed.line}</span>
          {failed.kind === 'missing-key' || failed.kind === 'keychain' || failed.kind === 'auth' ? (
            <button type="button" className="button button-small" onClick={onEdit}>
              Enter the key
            </button>
          ) : null}
        </div>
      ) : null}
    </>
  )
}

function ProfileCard({ profile, ...handlers }: { profile: ProfileView } & CardHandlers) {
  const setDefault = useProfiles((state) => state.setDefault)
  const testConnection = useProfiles((state) => state.testConnection)
  const check = useProfiles((state) => state.checks[profile.id])
  const { busy, run } = useAsyncAction('notice')
  const makeDefault = (): Promise<boolean> =>
    run(async () => {
      await setDefault(profile.id)
      notify(`${profile.name} is now the default profile`)
    })
  return (
    <RecordCard
      name={profile.name}
      badges={profile.isDefault ? <span className="badge badge-accent">Default</span> : null}
      actions={
        <>
          {!profile.isDefault ? (
            <button type="button" className="button" onClick={() => void makeDefault()} disabled={busy}>
              Set as default
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            onClick={() => void testConnection(profile.id)}
            disabled={check === 'testing'}
            aria-label={`Test connection of ${profile.name}`}
          >
            Test connection
          </button>
        </>
      }
      {...handlers}
    >
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
      <ConnectionLine check={check} onEdit={handlers.onEdit} />
    </RecordCard>
  )
}

const LABELS = {
  title: 'Profiles',
  intro: 'Model profiles pick a provider, a model and the API key to use.',
  add: 'Add profile',
  loading: 'Loading profiles…',
  emptyTitle: 'No profiles yet',
  emptyText: 'Add a profile to choose which model your agent talks to.',
  addTitle: 'Add profile',
  editTitle: 'Edit profile',
  added: 'Profile added',
  saved: 'Profile saved',
  deleted: 'Profile deleted'
}

export function ProfilesScreen() {
  return (
    <RecordListScreen
      store={useProfiles}
      loadKey="profiles"
      labels={LABELS}
      renderCard={(profile, handlers) => <ProfileCard profile={profile} {...handlers} />}
      renderDialog={(dialog) => <ProfileDialog {...dialog} />}
      deleteText={(profile) =>
        `The profile and its stored API key will be removed.${
          profile.isDefault ? ' It is your default profile; choose another default afterwards.' : ''
        }`
      }
    />
  )
}
