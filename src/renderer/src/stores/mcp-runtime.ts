// The MCP servers' runtime as the MCP screen shows it: each server's state (kept fresh while the screen is open), its
// tools, and start (with the `${input:…}` values it asks for), stop, restart, a health check and "Start at launch".
import { create } from 'zustand'
import type { McpInputView, McpServerState, McpToolView } from '../../../shared/mcp-types'
import { call, errorMessage } from '../api'
import { replaceItem } from './record-list'
import { useMcp } from './mcp'

/** How often the states are read again while the MCP screen is open (a crash or a launch start shows up). */
const REFRESH_MS = 2_000

interface McpRuntimeState {
  states: Record<string, McpServerState>
  /** Each server's tools, once listed (or the line saying why they could not be). */
  tools: Record<string, McpToolView[] | { error: string }>
  /** Ids with an action in flight. */
  busy: string[]
  /** The last health check's answer, by id. */
  health: Record<string, string>
  refresh(): Promise<void>
  /** Keeps the states fresh until the returned function is called (counted: several watchers share one timer). */
  watch(): () => void
  /** Every `${input:…}` the server declares or uses: description, password, whether a value is saved. */
  inputs(id: string): Promise<McpInputView[]>
  /** The inputs the server asks for that have no saved value (none: start at once). */
  missingInputs(id: string): Promise<McpInputView[]>
  start(id: string, inputs?: Record<string, string>, save?: boolean): Promise<McpServerState>
  stop(id: string): Promise<void>
  restart(id: string): Promise<void>
  check(id: string): Promise<void>
  listTools(id: string): Promise<void>
  setStartAtLaunch(id: string, on: boolean): Promise<void>
}

let watchers = 0
let timer: ReturnType<typeof setInterval> | null = null

export const useMcpRuntime = create<McpRuntimeState>()((set, get) => {
  const put = (state: McpServerState): McpServerState => {
    set({ states: { ...get().states, [state.id]: state } })
    return state
  }
  /** Runs an action of one server, marked busy meanwhile. */
  const busy = async <T>(id: string, action: () => Promise<T>): Promise<T> => {
    set({ busy: [...get().busy, id] })
    try {
      return await action()
    } finally {
      set({ busy: get().busy.filter((other) => other !== id) })
    }
  }
  return {
    states: {},
    tools: {},
    busy: [],
    health: {},
    async refresh() {
      const states = await call('mcp:states')
      set({ states: Object.fromEntries(states.map((state) => [state.id, state])) })
    },
    watch() {
      watchers++
      if (timer === null) {
        void get()
          .refresh()
          .catch(() => undefined)
        timer = setInterval(
          () =>
            void get()
              .refresh()
              .catch(() => undefined),
          REFRESH_MS
        )
      }
      return () => {
        watchers--
        if (watchers === 0 && timer !== null) {
          clearInterval(timer)
          timer = null
        }
      }
    },
    inputs(id) {
      return call('mcp:inputs', { id })
    },
    async missingInputs(id) {
      return (await get().inputs(id)).filter((input) => !input.saved)
    },
    start(id, inputs, save) {
      return busy(id, async () =>
        put(
          await call('mcp:start', {
            id,
            ...(inputs ? { inputs } : {}),
            ...(save ? { saveInputs: true } : {})
          })
        )
      )
    },
    stop(id) {
      return busy(id, async () => {
        put(await call('mcp:stop', { id }))
      })
    },
    restart(id) {
      return busy(id, async () => {
        put(await call('mcp:restart', { id }))
      })
    },
    check(id) {
      return busy(id, async () => {
        const { status, state } = await call('mcp:health', { id })
        put(state)
        const line =
          status === 'ready'
            ? 'Answers a ping'
            : status === 'hung'
              ? 'Did not answer a ping: stopped'
              : 'Not running'
        set({ health: { ...get().health, [id]: line } })
      })
    },
    listTools(id) {
      return busy(id, async () => {
        try {
          const tools = await call('mcp:tools', { id })
          set({ tools: { ...get().tools, [id]: tools } })
        } catch (error) {
          set({ tools: { ...get().tools, [id]: { error: errorMessage(error) } } })
        }
        await get().refresh()
      })
    },
    async setStartAtLaunch(id, on) {
      const server = await call('mcp:setStartAtLaunch', { id, on })
      useMcp.setState({ items: replaceItem(useMcp.getState().items, server) })
    }
  }
})
