// The app's chat: runs turns on the open store in the background (several conversations at once), one stop per
// stream, each reply's chunks forwarded as `chat:stream` events and the last one carrying how it ended; the
// background embedding starts after each turn.
import { randomUUID } from 'node:crypto'
import type {
  ChatContextUse,
  ChatContextView,
  ChatEndStatus,
  ChatProfileView,
  ChatSendView,
  ChatStreamView,
  ChatSummariseView,
  ToolApprovalChoice,
  ToolGrantsView
} from '../../shared/chat-types'
import type { ChatMessage, ProfileChatSettings, Store } from '../store/store'
import { toolCallView } from '../../shared/chat-types'
import { UserError } from '../../shared/errors'
import {
  ChatService,
  type ChatServiceOptions,
  type ChatStarted,
  type ChatTurn,
  type ChatTurnInput
} from './chat/chat-service'
import type { ConversationSummary, MessageView } from '../../shared/types'
import { ConversationTitler } from './chat/conversation-title'
import { ChatError } from './chat/chat-errors'
import type { EmbeddingStarter } from './conversation-service'
import type { NeedStore } from './store-access'
import type { ChatScopeSource } from './chat/chat-scope'
import { decisionOf, ToolApprovals } from './chat/tool-approval'
import { toolGrantsView } from './chat/tool-grants'

/** The MCP runtime a turn's tools run on, and what each conversation may use (default: every enabled server). */
export interface ChatToolsOptions {
  mcp: NonNullable<ChatServiceOptions['mcp']>
  scope?: ChatScopeSource
}

export interface ChatSendRequest {
  conversationId: string
  text: string
  profileId?: string | null
  /** The stream's id, named by the window (else a new one). */
  streamId?: string
}

/** A new version of a reply (regenerate), or of a user's message with its reply (edit, with `text`). */
export interface ChatBranchRequest {
  conversationId: string
  messageId: string
  profileId?: string | null
}

/** The chat parts of the open store. */
interface OpenChat {
  store: Store
  chat: ChatService
  titler: ConversationTitler
}

interface Running {
  controller: AbortController
  settled: Promise<void>
}

function profileView(profile: ProfileChatSettings): ChatProfileView {
  return { id: profile.id, name: profile.name, provider: profile.provider, model: profile.model }
}

function messageView(message: ChatMessage): ChatSendView['userMessage'] {
  return { id: message.id, role: message.role, text: message.text, createdAt: message.createdAt }
}

/** A stored reply (or tool call) as the window shows it: its text, state, model and usage (never its writer). */
function replyView(reply: ChatMessage): MessageView {
  const { id, role, text, createdAt, status, model, finishReason, usage, error, tool } = reply
  const view = { id, role, text, createdAt, status, model, finishReason, usage, error }
  return tool ? { ...view, tool: toolCallView(tool) } : view
}

/** The end state a stored reply shows (a reply still marked streaming at the end counts as failed). */
function endStatus(reply: ChatMessage | null | undefined): ChatEndStatus {
  return reply?.status === 'complete' || reply?.status === 'stopped' ? reply.status : 'error'
}

export class ChatStreams {
  /** The chat service of the open store; a new one when the store is replaced (a switch, a rollback, a reopen). */
  private current: OpenChat | null = null
  private readonly running = new Map<string, Running>()
  /** Title requests under way (after a first exchange); stopped with the streams. */
  private readonly titling = new Set<AbortController>()
  /** Tool calls waiting for the window's approval card. */
  private readonly approvals = new ToolApprovals()

  constructor(
    private readonly need: NeedStore,
    private readonly embedding: EmbeddingStarter,
    private readonly emit: (event: ChatStreamView) => void,
    private readonly options: ChatServiceOptions = {},
    /** Told when a conversation got its title from its first exchange. */
    private readonly titled: (conversation: ConversationSummary) => void = () => undefined,
    private readonly tools: ChatToolsOptions | null = null
  ) {}

  private chat(): ChatService {
    return this.open().chat
  }

  private open(): OpenChat {
    const store = this.need()
    if (this.current?.store !== store)
      this.current = {
        store,
        chat: new ChatService(store.conversations, store.profiles, {
          ...this.options,
          ...(this.tools ? { mcp: this.tools.mcp, scope: this.tools.scope } : {}),
          approve: this.approvals.approve
        }),
        titler: new ConversationTitler(store.conversations, store.profiles, { fetch: this.options.fetch })
      }
    return this.current
  }

  /** Titles a conversation that awaits one, in the background, once its turn has ended. */
  private titleAfter(conversationId: string, reply: ChatMessage | null): void {
    if (reply?.profileId == null || this.current === null) return
    const controller = new AbortController()
    this.titling.add(controller)
    void this.current.titler
      .title(conversationId, reply.profileId, { signal: controller.signal })
      .then((conversation) => {
        if (conversation !== null && !controller.signal.aborted) this.titled(conversation)
      })
      .finally(() => this.titling.delete(controller))
  }

  /** The profile the conversation's next turn would use; its key is read ahead for that turn. */
  async profileFor(conversationId: string, profileId?: string | null): Promise<ChatProfileView> {
    const chat = this.chat()
    const profile = await chat.profileFor(conversationId, profileId)
    chat.readKeyAhead(profile)
    return profileView(profile)
  }

  /**
   * What the next request of the conversation would take of the model's window, with a draft of `draftChars`; the
   * user is writing it, so its key is read ahead.
   */
  async context(
    conversationId: string,
    profileId?: string | null,
    draftChars?: number
  ): Promise<ChatContextView> {
    const chat = this.chat()
    const profile = await chat.profileFor(conversationId, profileId)
    chat.readKeyAhead(profile)
    return chat.contextOf(conversationId, profile, draftChars)
  }

  /** Forgets the keys read ahead, after a profile changed (its key may have). */
  forgetKeys(): void {
    this.current?.chat.forgetKeys()
  }

  /** Summarises the older messages that no longer fit; the next turns send the summary in their place. */
  async summarise(conversationId: string, profileId?: string | null): Promise<ChatSummariseView> {
    const chat = this.chat()
    const summary = await chat.summarise(conversationId, profileId)
    return { summarised: summary !== null, context: await chat.context(conversationId, profileId) }
  }

  /**
   * Stores the user's message, starts the reply and answers; the reply streams in the background as `chat:stream`
   * events. What fails before the reply starts (no profile, no key, the json backend) is this call's error.
   */
  send(request: ChatSendRequest): Promise<ChatSendView> {
    const chat = this.chat()
    return this.run(request.conversationId, (turn) => chat.send({ ...turn, text: request.text }), request)
  }

  /** Regenerates a reply as `send` does: answers once the new reply starts; it streams as `chat:stream`. */
  regenerate(request: ChatBranchRequest): Promise<ChatSendView> {
    const chat = this.chat()
    return this.run(
      request.conversationId,
      (turn) => chat.regenerate({ ...turn, messageId: request.messageId }),
      request
    )
  }

  /** Sends `text` as a new version of the user's message, then its reply streams as `chat:stream`. */
  edit(request: ChatBranchRequest & { text: string }): Promise<ChatSendView> {
    const chat = this.chat()
    return this.run(
      request.conversationId,
      (turn) => chat.edit({ ...turn, messageId: request.messageId, text: request.text }),
      request
    )
  }

  /** Runs one turn in the background: answers when its reply starts, forwards its chunks, sends its end state. */
  private run(
    conversationId: string,
    start: (turn: ChatTurnInput) => Promise<ChatTurn>,
    request: { profileId?: string | null; streamId?: string }
  ): Promise<ChatSendView> {
    const streamId = request.streamId ?? randomUUID()
    if (this.running.has(streamId))
      return Promise.reject(
        new UserError('INVALID_INPUT', `Stream ${streamId} is already running. Send the message again.`)
      )
    const controller = new AbortController()
    let replyId: string | null = null
    // The emitter's last event waits here, to go out with the end state once the reply is stored as ended.
    let lastDelta = ''
    return new Promise<ChatSendView>((resolve, reject) => {
      let context: ChatContextUse | undefined
      const started = ({
        profile,
        userMessage,
        reply,
        omittedMessages,
        summarisedMessages
      }: ChatStarted): void => {
        replyId = reply.id
        context = { omittedMessages, summarisedMessages }
        resolve({
          streamId,
          conversationId,
          userMessage: messageView(userMessage),
          replyId: reply.id,
          profile: profileView(profile),
          ...context
        })
      }
      const finish = (
        status: ChatEndStatus,
        error?: string,
        reply?: ChatMessage | null,
        turn?: ChatTurn
      ): void => {
        if (replyId === null) return
        this.emit({
          streamId,
          conversationId,
          messageId: replyId,
          delta: lastDelta,
          done: true,
          status,
          ...(error === undefined ? {} : { error }),
          ...(context === undefined ? {} : { context }),
          ...(reply ? { reply: replyView(reply) } : {}),
          ...(turn?.stopped ? { stoppedInTool: true } : {}),
          ...(turn && turn.inputsNeeded.length > 0 ? { inputsNeeded: turn.inputsNeeded } : {}),
          ...(turn && turn.messages.length > 1 ? { turn: turn.messages.map(replyView) } : {})
        })
        this.titleAfter(conversationId, reply ?? null)
      }
      const turn = start({
        conversationId,
        profileId: request.profileId,
        signal: controller.signal,
        streamId,
        onStarted: started,
        onChunk: (event) => {
          if (event.done) lastDelta = event.delta
          else this.emit(event)
        }
      })
      const settled = turn.then(
        (done) => {
          context = { omittedMessages: done.omittedMessages, summarisedMessages: done.summarisedMessages }
          finish(done.stopped ? 'stopped' : endStatus(done.reply), undefined, done.reply, done)
        },
        (error: unknown) => {
          if (replyId === null) return reject(error)
          const turn = error instanceof ChatError ? error.turn : null
          finish('error', error instanceof Error ? error.message : String(error), turn?.reply)
        }
      )
      this.running.set(streamId, {
        controller,
        settled: settled.finally(() => {
          this.running.delete(streamId)
          this.embedding.startEmbedding()
        })
      })
    })
  }

  /** The user's answer on a tool call's approval card (the call then runs, or the model is told it was denied). */
  async approveTool(request: {
    messageId: string
    choice: ToolApprovalChoice
    argumentsJson?: string
    reason?: string
  }): Promise<void> {
    this.approvals.answer(
      request.messageId,
      decisionOf(request.choice, request.argumentsJson, request.reason)
    )
  }

  /** The tool grants and read-only defaults, for the MCP screen. */
  async grants(): Promise<ToolGrantsView> {
    const store = this.need()
    return toolGrantsView(store.conversations, store.mcp)
  }

  async revokeGrant(grantId: string): Promise<ToolGrantsView> {
    this.need().conversations.revokeToolGrant(grantId)
    return this.grants()
  }

  async setReadOnlyDefault(serverId: string, allowed: boolean): Promise<ToolGrantsView> {
    this.need().conversations.setReadOnlyDefault(serverId, allowed)
    return this.grants()
  }

  /** Stops a stream; answers once its reply is stored as stopped. False when the stream had already ended. */
  async stop(streamId: string): Promise<{ stopped: boolean }> {
    const stream = this.running.get(streamId)
    if (!stream) return { stopped: false }
    stream.controller.abort()
    await stream.settled
    return { stopped: true }
  }

  /** Stops every stream (before the store closes); their replies are stored as stopped. */
  async stopAll(): Promise<void> {
    const streams = [...this.running.values()]
    for (const stream of streams) stream.controller.abort()
    await Promise.all(streams.map((stream) => stream.settled))
    for (const controller of this.titling) controller.abort()
    this.current = null
  }
}
