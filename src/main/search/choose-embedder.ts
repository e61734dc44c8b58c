// Which embedder a search or an embedding pass uses: the built-in offline one, or `profile:<id>` (that profile's
// OpenAI-compatible endpoint and key, with an embeddings model, text-embedding-3-small unless another is named).
import { UserError } from '../../shared/errors'
import type { SecretStore } from '../secrets/secret-store'
import { SqliteProfiles } from '../store/sqlite/sqlite-profiles'
import type { Db } from '../store/sqlite/database'
import type { Embedder } from './embedder'
import { offlineEmbedder } from './offline-embedder'
import { providerEmbedder } from './provider-embedder'

export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small'

export async function chooseEmbedder(
  db: Db,
  secrets: SecretStore,
  spec: string | null,
  model: string | null = null
): Promise<Embedder> {
  if (spec === null || spec === 'offline') return offlineEmbedder
  const profileId = /^profile:(.+)$/.exec(spec)?.[1]
  if (!profileId)
    throw new UserError('USAGE', `--embedder takes "offline" or "profile:<profile id>", not "${spec}".`)
  const profiles = new SqliteProfiles(db, secrets)
  const profile = await profiles.get(profileId)
  if (!profile.baseUrl)
    throw new UserError(
      'INVALID_INPUT',
      `Profile "${profile.name}" has no base URL, so its embeddings endpoint is unknown. Set its base URL (e.g. https://api.openai.com) first.`
    )
  return providerEmbedder({
    baseUrl: (await profiles.requestBaseUrl(profileId)) ?? profile.baseUrl,
    apiKey: await profiles.apiKey(profileId),
    model: model ?? DEFAULT_EMBEDDING_MODEL,
    profileId
  })
}
