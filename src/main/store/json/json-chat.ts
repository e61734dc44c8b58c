// Chat and agents on the json backend: every chat and agent method refuses in one line naming the fix, since replies
// are written while they stream and only the SQLite store keeps their state and the agents (the legacy files have no
// place for them).
import { UserError } from '../../../shared/errors'
import type { AgentStore, ChatProfileSource, ChatTranscriptStore } from '../store'

export const CHAT_NEEDS_SQLITE =
  'Chat needs the SQLite store, and the app runs on the json storage backend (the legacy files). Choose SQLite or Hybrid in Settings → Storage (or run "personal-agent migrate"), then chat.'

function refuse(): never {
  throw new UserError('WRONG_STATE', CHAT_NEEDS_SQLITE)
}

export const NO_CHAT_TRANSCRIPT: ChatTranscriptStore = {
  transcript: refuse,
  recentTranscript: refuse,
  startReply: refuse,
  saveReplyText: refuse,
  finishReply: refuse,
  markInterruptedReplies: refuse,
  summaries: refuse,
  addSummary: refuse,
  editMessage: refuse,
  switchBranch: refuse,
  awaitsTitle: refuse,
  setFirstExchangeTitle: refuse,
  startToolCall: refuse,
  updateToolCall: refuse,
  toolGrants: refuse,
  addToolGrant: refuse,
  revokeToolGrant: refuse,
  readOnlyServers: refuse,
  setReadOnlyDefault: refuse
}

export const NO_CHAT_PROFILES: ChatProfileSource = {
  chatSettings: refuse,
  defaultId: refuse,
  apiKey: async () => refuse(),
  requestBaseUrl: async () => refuse()
}

export const AGENTS_NEED_SQLITE =
  'Agents need the SQLite store, and the app runs on the json storage backend (the legacy files). Choose SQLite or Hybrid in Settings → Storage (or run "personal-agent migrate"), then use agents.'

async function refuseAgents(): Promise<never> {
  throw new UserError('WRONG_STATE', AGENTS_NEED_SQLITE)
}

export const NO_AGENTS: AgentStore = {
  list: refuseAgents,
  get: refuseAgents,
  create: refuseAgents,
  update: refuseAgents,
  duplicate: refuseAgents,
  delete: refuseAgents
}
