// A profile's API key, read from the keychain in the main process when a request is about to go out. A key that is
// not there, a locked keychain (it answers as if the key were missing) or a keychain that cannot be reached becomes
// one line naming the profile and the fix: unlock the keychain and retry, or re-enter the key in Profiles.
import { UserError } from '../../../shared/errors'
import type { ChatProfileSource, ProfileChatSettings } from '../../store/store'
import { ChatError } from './chat-errors'

const FIX = 'Unlock the system keychain and try again, or re-enter the key in Profiles.'

/** The key, or null for an endpoint that works without one and has none. */
export async function requestKey(
  source: ChatProfileSource,
  profile: ProfileChatSettings,
  needsKey: boolean
): Promise<string | null> {
  let key: string | null
  try {
    key = await source.apiKey(profile.id)
  } catch (error) {
    if (!(error instanceof UserError) || error.code !== 'KEYCHAIN_UNAVAILABLE') throw error
    const reason = error.cause instanceof Error ? ` (${error.cause.message.split('\n')[0]})` : ''
    throw new ChatError(
      'keychain',
      `Profile "${profile.name}": its API key could not be read because the system keychain is not available${reason}. ${FIX}`
    )
  }
  if (key === null && needsKey)
    throw new ChatError(
      'missing-key',
      `Profile "${profile.name}" has no API key in the keychain, or the keychain is locked. ${FIX}`
    )
  return key
}
