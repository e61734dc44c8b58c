// A profile's API key and base URL, read from the keychain in the main process when a request is about to go out (or
// just ahead of it, keys-ahead.ts). A key that is not there, a locked keychain (it answers as if the key were missing) or a keychain that cannot be reached becomes
// one line naming the profile and the fix: unlock the keychain and retry, or re-enter the key in Profiles.
import { UserError } from '../../../shared/errors'
import type { ChatProfileSource, ProfileChatSettings } from '../../store/store'
import { ChatError, KEY_FIX } from './chat-errors'

/** The key, or null when the keychain has none; a keychain that cannot be reached is a ChatError. */
export async function readProfileKey(
  source: ChatProfileSource,
  profile: Pick<ProfileChatSettings, 'id' | 'name'>
): Promise<string | null> {
  try {
    return await source.apiKey(profile.id)
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error
    const reason = error.cause instanceof Error ? ` (${error.cause.message.split('\n')[0]})` : ''
    throw new ChatError(
      'keychain',
      `Profile "${profile.name}": its API key could not be read because the system keychain is not available${reason}. ${KEY_FIX}`
    )
  }
}

/**
 * The profile as a request needs it: its base URL as the user wrote it (a URL with credentials is stored redacted and
 * read back from the keychain here, at request time only).
 */
export async function forRequest<P extends ProfileChatSettings>(
  source: ChatProfileSource,
  profile: P
): Promise<P> {
  const baseUrl = await source.requestBaseUrl(profile.id)
  return baseUrl === null ? profile : { ...profile, baseUrl }
}
