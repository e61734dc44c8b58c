// The ordered list of our database's schema migrations. Append only: never edit a migration once released.
import type { SchemaMigration } from './schema-migration'
import { m0001Initial } from './0001_initial'
import { m0002MessageSearch } from './0002_message_search'
import { m0003ConversationSourceFiles } from './0003_conversation_source_files'
import { m0004ImportsAndKnowledge } from './0004_imports_and_knowledge'
import { m0005SemanticSearch } from './0005_semantic_search'
import { m0006ChatReplies } from './0006_chat_replies'
import { m0007MessageBranches } from './0007_message_branches'
import { m0008ConversationSummaries } from './0008_conversation_summaries'
import { m0009ReplyCacheTokens } from './0009_reply_cache_tokens'
import { m0010ReplySearchAndLookup } from './0010_reply_search_and_lookup'
import { m0011ToolCalls } from './0011_tool_calls'
import { m0012AgentConversations } from './0012_agent_conversations'
import { m0013QuantisedVectors } from './0013_quantised_vectors'

export const SCHEMA_MIGRATIONS: readonly SchemaMigration[] = [
  m0001Initial,
  m0002MessageSearch,
  m0003ConversationSourceFiles,
  m0004ImportsAndKnowledge,
  m0005SemanticSearch,
  m0006ChatReplies,
  m0007MessageBranches,
  m0008ConversationSummaries,
  m0009ReplyCacheTokens,
  m0010ReplySearchAndLookup,
  m0011ToolCalls,
  m0012AgentConversations,
  m0013QuantisedVectors
]

export const LATEST_SCHEMA_VERSION = SCHEMA_MIGRATIONS[SCHEMA_MIGRATIONS.length - 1]!.version
