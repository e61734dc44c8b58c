// Under a conversation: the MCP servers its last turn offered no tools of because they need `${input:…}` values,
// each with "Enter values…", which asks for them (the MCP screen's dialog) and starts the server for the next turn.
import { useState } from 'react'
import type { McpInputsNeededView } from '../../../shared/chat-types'
import type { McpInputView } from '../../../shared/mcp-types'
import { Alert } from '../components/Alert'
import { useAsyncAction } from '../hooks'
import { useChat } from '../stores/chat'
import { useMcpRuntime } from '../stores/mcp-runtime'
import { notify } from '../stores/notices'
import { McpInputsDialog } from './McpInputsDialog'

const NONE: McpInputsNeededView[] = []

export function McpInputsNotice({ conversationId }: { conversationId: string }) {
  const servers = useChat((state) => state.inputsNeeded[conversationId] ?? NONE)
  const [asking, setAsking] = useState<{ server: McpInputsNeededView; inputs: McpInputView[] } | null>(null)
  const { run } = useAsyncAction('notice')
  if (servers.length === 0 && asking === null) return null

  /** Starts the server with the values (none: its saved ones); a start that fails says why in the dialog. */
  const start = async (
    server: McpInputsNeededView,
    values?: Record<string, string>,
    save?: boolean
  ): Promise<void> => {
    const state = await useMcpRuntime.getState().start(server.serverId, values, save)
    if (state.status === 'failed')
      throw new Error(state.failure?.reason ?? `${server.serverName} did not start.`)
    useChat.getState().inputsGiven(server.serverId)
    notify(`${server.serverName} is ready: regenerate the reply or send again to use its tools`)
  }
  const enterValues = (server: McpInputsNeededView): Promise<boolean> =>
    run(async () => {
      const inputs = await useMcpRuntime.getState().missingInputs(server.serverId)
      if (inputs.length > 0) setAsking({ server, inputs })
      else await start(server)
    })

  return (
    <div className="chat-notices">
      {servers.map((server) => (
        <Alert
          key={server.serverId}
          tone="warning"
          action={
            <button type="button" className="button" onClick={() => void enterValues(server)}>
              Enter values…
            </button>
          }
        >
          {`MCP server "${server.serverName}" needs values before it can start:`}
        </Alert>
      ))}
      {asking ? (
        <McpInputsDialog
          serverName={asking.server.serverName}
          inputs={asking.inputs}
          onClose={() => setAsking(null)}
          onStart={async (values, save) => {
            await start(asking.server, values, save)
            setAsking(null)
          }}
        />
      ) : null}
    </div>
  )
}
