// No orphans after `personal-agent serve` is SIGKILLed mid-call: a chat over serve's bridge runs the fault server's
// hanging tool (approved over the bridge), serve is killed, the server and its grandchild outlive it, and the next
// serve on the folder ends both (by PID) and shows the call cut off, not running.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { ChatSendView } from '../src/shared/chat-types'
import type { ConversationSummary, MessageView, Page } from '../src/shared/types'
import { migratedChatFolder } from './support/chat-window'
import { useFakeProvider } from './support/fake-providers'
import { tempDir } from './support/folders'
import { faultPids, faultServer, hangStarted, isRunning, killOwner } from './support/mcp-servers'
import { bridgeInvoke, serve, type Served } from './support/serve'
import { storeFixtures } from './support/store-fixture'

const KEY = 'sk-serve-sigkill-0123456789abcdef'
const LONG = 180_000
const provider = useFakeProvider()
const keychains = storeFixtures('pa-serve-sigkill-')

/** The conversation's messages, newest page, over the bridge. */
async function messages(served: Served, conversationId: string): Promise<MessageView[]> {
  const page = await bridgeInvoke<Page<MessageView>>(served, 'conversations:messages', {
    id: conversationId,
    fromEnd: true
  })
  return page.items
}

describe('serve SIGKILLed while a tool call runs', () => {
  const started: Served[] = []
  let left: { server: number; grandchild: number } | null = null
  afterAll(async () => {
    for (const served of started) await served.stop()
    // Whatever a failed run left behind (these are this test's own processes).
    for (const pid of left ? [left.server, left.grandchild] : [])
      if (isRunning(pid)) process.kill(pid, 'SIGKILL')
  })

  it(
    'leaves the server and its grandchild running, and the next serve ends both and marks the call cut off',
    async () => {
      const pidsDir = tempDir('pa-serve-sigkill-pids-')
      const dir = migratedChatFolder('pa-serve-sigkill-', keychains.track, provider.url, KEY, [
        faultServer(pidsDir, 'fault')
      ])
      const first = await serve(dir)
      started.push(first)
      const conversation = await bridgeInvoke<ConversationSummary>(first, 'conversations:create', {
        title: 'Hang on'
      })
      provider.script({
        kind: 'stream',
        deltas: ['Waiting on it.'],
        toolCalls: [{ id: 'call_serve_hang', name: 'fault__hang', args: {} }]
      })
      const sent = await bridgeInvoke<ChatSendView>(first, 'chat:send', {
        conversationId: conversation.id,
        text: 'Hang, please'
      })
      expect(sent.conversationId).toBe(conversation.id)

      // The call waits for the window's answer; it is given over the bridge, as the card gives it.
      let awaiting: MessageView | undefined
      await expect
        .poll(
          async () =>
            (awaiting = (await messages(first, conversation.id)).find(
              (message) => message.tool?.status === 'awaiting-approval'
            )),
          { timeout: 60_000 }
        )
        .toBeDefined()
      await bridgeInvoke(first, 'chat:approveTool', { messageId: awaiting!.id, choice: 'once' })
      await hangStarted(dir, 'fault')
      const pids = faultPids(pidsDir, 'fault')!
      left = pids

      // The process that runs the supervisor is serve's own (bin/personal-agent execs node): its PID file names the
      // server.
      const owner = first.process.pid!
      const pidFile = join(dir, 'mcp-servers', `${owner}.pid.json`)
      expect(existsSync(pidFile)).toBe(true)
      const recorded = JSON.parse(readFileSync(pidFile, 'utf8')) as {
        owner: { pid: number }
        servers: { name: string; pid: number; pgid: number }[]
      }
      expect(recorded.owner.pid).toBe(owner)
      expect(recorded.servers).toEqual([
        expect.objectContaining({ name: 'fault', pid: pids.server, pgid: pids.server })
      ])

      await killOwner(first.process, pids)
      // The killed process could not remove its PID file: it is what the next start reads.
      expect(existsSync(pidFile)).toBe(true)

      const second = await serve(dir)
      started.push(second)
      // The next launch ends them (by PID, from the file of the owner that is gone), then removes that file.
      await expect
        .poll(() => [isRunning(pids.server), isRunning(pids.grandchild), existsSync(pidFile)], {
          timeout: 30_000
        })
        .toEqual([false, false, false])

      // The conversation keeps the user's message and the reply before the call; the call is shown cut off.
      const after = await messages(second, conversation.id)
      expect(after.map((message) => [message.role, message.text])).toEqual([
        ['user', 'Hang, please'],
        ['assistant', 'Waiting on it.'],
        ['tool', '']
      ])
      expect(after[1]).toMatchObject({ finishReason: 'tool-calls' })
      expect(after[2]).toMatchObject({ status: 'interrupted' })
      expect(after[2]!.tool).toMatchObject({
        tool: 'hang',
        serverName: 'fault',
        status: 'cancelled',
        error: 'The app stopped before the call finished.'
      })
    },
    LONG
  )
})
