// The services of an open store, created together and closed together.
import { SecretStore } from '../secrets/secret-store'
import { ConversationService } from '../services/conversation-service'
import { McpService } from '../services/mcp-service'
import { ProfileService } from '../services/profile-service'
import type { Db } from '../store/sqlite/database'
import { closeStore, openStore } from '../store/sqlite/open-store'

export interface AppServices {
  db: Db
  conversations: ConversationService
  profiles: ProfileService
  mcp: McpService
  close(): void
}

export async function openServices(dbPath: string, secrets: SecretStore): Promise<AppServices> {
  const db = await openStore(dbPath)
  return {
    db,
    conversations: new ConversationService(db, secrets),
    profiles: new ProfileService(db, secrets),
    mcp: new McpService(db, secrets),
    close: () => closeStore(db)
  }
}
