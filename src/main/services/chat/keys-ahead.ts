// A profile's API key read from the keychain ahead of a turn (when the window opens a conversation, or asks about the
// next request while the user writes), so Send does not wait for the keychain's round trip. A key read ahead is used
// by one turn at most, and only while fresh; it is dropped once stale, a read that failed is never used (the turn
// reads again, and says why it cannot), and a change of the profiles forgets them all.
import type { ChatProfileSource, ProfileChatSettings } from '../../store/store'
import { readProfileKey } from './profile-key'

/** How long a key read ahead may wait for its turn (a key changed meanwhile by another program is missed that long). */
export const KEY_AHEAD_MS = 30_000

type Profile = Pick<ProfileChatSettings, 'id' | 'name'>

interface Ahead {
  at: number
  key: Promise<string | null>
  timer: NodeJS.Timeout
}

export class KeysAhead {
  private readonly ahead = new Map<string, Ahead>()

  constructor(
    private readonly source: ChatProfileSource,
    private readonly freshMs = KEY_AHEAD_MS,
    private readonly now: () => number = Date.now
  ) {}

  /** Starts reading the profile's key, unless a fresh read of it is already there. */
  readAhead(profile: Profile): void {
    const held = this.ahead.get(profile.id)
    if (held && this.fresh(held)) return
    if (held) this.drop(profile.id, held)
    const key = readProfileKey(this.source, profile)
    const entry: Ahead = {
      at: this.now(),
      key,
      timer: setTimeout(() => this.drop(profile.id, entry), this.freshMs)
    }
    entry.timer.unref()
    this.ahead.set(profile.id, entry)
    key.catch(() => this.drop(profile.id, entry))
  }

  /** The profile's key for a turn: the one read ahead when it is fresh and did not fail, else read now. */
  take(profile: Profile): Promise<string | null> {
    const held = this.ahead.get(profile.id)
    if (held) this.drop(profile.id, held)
    if (!held || !this.fresh(held)) return readProfileKey(this.source, profile)
    return held.key.catch(() => readProfileKey(this.source, profile))
  }

  /** Forgets every key read ahead (a profile or its key changed). */
  forget(): void {
    for (const [id, entry] of this.ahead) this.drop(id, entry)
  }

  private fresh(entry: Ahead): boolean {
    return this.now() - entry.at < this.freshMs
  }

  private drop(id: string, entry: Ahead): void {
    clearTimeout(entry.timer)
    if (this.ahead.get(id) === entry) this.ahead.delete(id)
  }
}
