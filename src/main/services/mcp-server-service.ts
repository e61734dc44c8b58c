// The MCP server use cases: the list, and creating, editing and deleting a server setup (see record-service.ts).
import type { McpServerInput, McpServerView } from '../../shared/types'
import type { McpStore } from '../store/store'
import { RecordService } from './record-service'
import type { NeedStore } from './store-access'

export class McpServerService extends RecordService<McpServerView, McpServerInput, McpStore> {
  constructor(need: NeedStore) {
    super(() => need().mcp)
  }
}
