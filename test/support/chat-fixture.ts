// A chat test's parts: a fresh SQLite store, a profile whose key sits in the real keychain, a conversation, and a
// ChatService over them pointed at a fake provider (fast retries and timeouts).
import { ChatService, type ChatServiceOptions } from '../../src/main/services/chat/chat-service'
import { SqliteConversations } from '../../src/main/store/sqlite/sqlite-conversations'
import { SqliteProfiles } from '../../src/main/store/sqlite/sqlite-profiles'
import type { StoreFixture } from './store-fixture'

export interface ChatFixture extends StoreFixture {
  conversations: SqliteConversations
  profiles: SqliteProfiles
  chat: ChatService
  profileId: string
  conversationId: string
}

export interface ChatProfileOptions {
  provider: string
  baseUrl: string | null
  apiKey?: string
  model?: string
  /** Legacy fields kept in the profile's extra JSON (temperature, max_tokens, system_prompt…). */
  extra?: Record<string, unknown>
}

export async function chatFixture(
  f: StoreFixture,
  profile: ChatProfileOptions,
  options: ChatServiceOptions = {}
): Promise<ChatFixture> {
  const conversations = new SqliteConversations(f.db, f.secrets)
  const profiles = new SqliteProfiles(f.db, f.secrets)
  const created = await profiles.create({
    name: 'Test profile',
    provider: profile.provider,
    model: profile.model ?? 'test-model',
    baseUrl: profile.baseUrl,
    ...(profile.apiKey ? { apiKey: profile.apiKey } : {})
  })
  if (profile.extra)
    f.db.prepare('UPDATE profiles SET extra = ? WHERE uid = ?').run(JSON.stringify(profile.extra), created.id)
  const conversationId = conversations.create({ title: 'Chat', profileId: created.id }).id
  const chat = new ChatService(conversations, profiles, {
    retryBaseMs: 10,
    idleTimeoutMs: 2_000,
    flushMs: 100,
    ...options
  })
  return { ...f, conversations, profiles, chat, profileId: created.id, conversationId }
}
