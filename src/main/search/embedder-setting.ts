// The embedder the app searches with, chosen in Settings and kept in settings.json: the built-in offline one
// (profileId null), or a profile's OpenAI-compatible embeddings endpoint with an embeddings model.
import { readSettings, writeSettings } from '../store/settings-file'

export interface EmbedderSetting {
  profileId: string | null
  model: string | null
}

const KEY = 'searchEmbedder'

export function readEmbedderSetting(dataDir: string): EmbedderSetting {
  const value = readSettings(dataDir)[KEY]
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { profileId: null, model: null }
  const { profileId, model } = value as Record<string, unknown>
  return {
    profileId: typeof profileId === 'string' && profileId !== '' ? profileId : null,
    model: typeof model === 'string' && model !== '' ? model : null
  }
}

export function writeEmbedderSetting(dataDir: string, setting: EmbedderSetting): void {
  writeSettings(dataDir, { [KEY]: setting })
}

/** The `--embedder` form of a setting: `offline` or `profile:<id>`. */
export function embedderSpec(setting: EmbedderSetting): string {
  return setting.profileId === null ? 'offline' : `profile:${setting.profileId}`
}
