// Model profiles: list, add, edit, delete and set the default. API keys are write-only; only masks are shown.
import type { ProfileInput, ProfileView } from '../../../shared/types'
import { Checkbox, TextField } from '../components/Field'
import { FormDialog } from '../components/FormDialog'
import {
  RecordCard,
  RecordListScreen,
  type CardHandlers,
  type RecordDialogProps
} from '../components/RecordListScreen'
import { InputProblem, useAsyncAction, useForm } from '../hooks'
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

function ProfileDialog({ record: profile, frame, save }: RecordDialogProps<ProfileView, ProfileInput>) {
  const { values, bind } = useForm(profile ? formFrom(profile) : EMPTY_FORM)
  const masked = profile?.maskedApiKey ?? null

  return (
    <FormDialog {...frame} onSubmit={() => save(inputFrom(values))} autoComplete="off">
      <TextField label="Name" {...bind('name')} placeholder="e.g. Work GPT" required data-autofocus />
      <div className="field-row">
        <TextField label="Provider" {...bind('provider')} suggestions={PROVIDERS} required />
        <TextField label="Model" {...bind('model')} placeholder="e.g. gpt-4o" required />
      </div>
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

function ProfileCard({ profile, ...handlers }: { profile: ProfileView } & CardHandlers) {
  const setDefault = useProfiles((state) => state.setDefault)
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
        !profile.isDefault ? (
          <button type="button" className="button" onClick={() => void makeDefault()} disabled={busy}>
            Set as default
          </button>
        ) : null
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
