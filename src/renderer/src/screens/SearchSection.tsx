// Settings → Search by meaning: the built-in offline embedder, or a profile's OpenAI-compatible embeddings endpoint
// (its key stays in the keychain); with the background embedding's progress and any error.
import { useEffect, useState } from 'react'
import type { ProfileView } from '../../../shared/types'
import { call } from '../api'
import { Alert } from '../components/Alert'
import { RadioGroup } from '../components/Field'
import { Section } from '../components/Section'
import { ProgressBar } from '../components/ProgressBar'
import { Spinner } from '../components/Spinner'
import { plural } from '../format'
import { useAsyncAction } from '../hooks'
import { notify } from '../stores/notices'
import { useSearch } from '../stores/search'

const DEFAULT_MODEL = 'text-embedding-3-small'

export function SearchSection() {
  const embedding = useSearch((state) => state.embedding)
  const [profiles, setProfiles] = useState<ProfileView[]>([])
  const [useProfile, setUseProfile] = useState(false)
  const [profileId, setProfileId] = useState('')
  const [model, setModel] = useState(DEFAULT_MODEL)
  const { busy: saving, error, run } = useAsyncAction()

  useEffect(() => {
    void useSearch.getState().watchEmbedding()
    call('profiles:list').then(setProfiles, () => undefined)
  }, [])

  useEffect(() => {
    if (!embedding) return
    setUseProfile(embedding.profileId !== null)
    if (embedding.profileId) setProfileId(embedding.profileId)
    if (embedding.model) setModel(embedding.model)
    // Only when the choice in effect changes, not on every progress event.
  }, [embedding?.profileId, embedding?.model])

  const withEndpoint = profiles.filter((p) => p.baseUrl)
  const save = (): Promise<boolean> =>
    run(async () => {
      const status = await call(
        'embedding:setEmbedder',
        useProfile ? { profileId, model: model.trim() || DEFAULT_MODEL } : { profileId: null }
      )
      useSearch.setState({ embedding: status })
      notify(
        useProfile
          ? 'Search by meaning now uses the profile’s endpoint'
          : 'Search by meaning now uses the built-in embedder'
      )
    })

  return (
    <Section title="Search by meaning">
      <RadioGroup
        question={{
          legend: 'Embeddings',
          choices: [
            {
              value: 'builtin',
              title: 'Built in',
              detail: 'Works offline; nothing leaves this computer. Finds similar words and misspellings.'
            },
            {
              value: 'profile',
              title: 'A profile’s embeddings endpoint',
              detail:
                withEndpoint.length === 0
                  ? 'Add a profile with a base URL (an OpenAI-compatible API) to use it.'
                  : 'Sends your messages and notes to that endpoint to be embedded, with the profile’s key.',
              disabled: withEndpoint.length === 0
            }
          ]
        }}
        value={useProfile ? 'profile' : 'builtin'}
        onChange={(choice) => setUseProfile(choice === 'profile')}
        disabled={saving}
      />
      {useProfile ? (
        <div className="input-row">
          <select
            className="input"
            aria-label="Profile"
            value={profileId}
            onChange={(event) => setProfileId(event.target.value)}
          >
            <option value="">Choose a profile…</option>
            {withEndpoint.map((profile) => (
              <option key={profile.id} value={profile.id}>
                {profile.name} ({profile.baseUrl})
              </option>
            ))}
          </select>
          <input
            className="input"
            aria-label="Embeddings model"
            value={model}
            onChange={(event) => setModel(event.target.value)}
          />
        </div>
      ) : null}
      <div className="actions-row actions-row-start">
        <button
          type="button"
          className="button"
          disabled={saving || (useProfile && profileId === '')}
          onClick={() => void save()}
        >
          {saving ? <Spinner label="Checking…" /> : 'Use this'}
        </button>
      </div>
      {error ? <Alert tone="error">{error}</Alert> : null}
      {embedding ? (
        <div className="import-progress" data-testid="embedding-status">
          {embedding.running ? (
            <ProgressBar
              label="Embedding progress"
              value={embedding.done}
              max={embedding.total}
              valueText={`${embedding.done} of ${embedding.total}`}
            />
          ) : null}
          <p className="muted small">
            {embedding.running
              ? `Embedding ${embedding.done} of ${embedding.total} with ${embedding.embedder}…`
              : embedding.pending === 0
                ? `Everything is ready for search by meaning (${embedding.embedder}).`
                : `${plural(embedding.pending, 'item')} not embedded yet (${embedding.embedder}).`}
          </p>
          {embedding.error ? <Alert tone="warning">{embedding.error}</Alert> : null}
        </div>
      ) : null}
    </Section>
  )
}
