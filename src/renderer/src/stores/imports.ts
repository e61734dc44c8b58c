// The import screen's state: the chosen source and path, its preview (with MCP conflict choices), the running
// import's progress and its result. Past runs, and undoing one, are in Settings → History (stores/history.ts).
import { create } from 'zustand'
import type {
  ImportPreviewView,
  ImportProgressView,
  ImportResultView,
  ImportSourceKind,
  McpChoice
} from '../../../shared/import-types'
import { call, errorMessage, subscribe } from '../api'
import { useAppStore } from './app'

interface ImportsState {
  kind: ImportSourceKind
  path: string
  incremental: boolean
  previewing: boolean
  preview: ImportPreviewView | null
  /** The user's choice per MCP server of the preview, by candidate key. */
  choices: Record<string, McpChoice>
  running: boolean
  progress: ImportProgressView | null
  result: ImportResultView | null
  error: string | null
  setKind(kind: ImportSourceKind): void
  setPath(path: string): void
  setIncremental(value: boolean): void
  setChoice(choice: McpChoice): void
  /** Asks for a path with the system dialog; false when there is none (the browser build: type the path). */
  choosePath(): Promise<boolean>
  loadPreview(): Promise<void>
  run(): Promise<void>
}

let listening = false

function defaultChoices(preview: ImportPreviewView): Record<string, McpChoice> {
  return Object.fromEntries(
    preview.mcpServers.map((server) => [
      server.key,
      { key: server.key, action: server.conflict || server.alreadyImported ? 'skip' : 'import' }
    ])
  )
}

export const useImports = create<ImportsState>()((set, get) => ({
  kind: 'folder',
  path: '',
  incremental: true,
  previewing: false,
  preview: null,
  choices: {},
  running: false,
  progress: null,
  result: null,
  error: null,

  setKind(kind) {
    set({ kind, path: '', preview: null, choices: {}, result: null, error: null })
  },
  setPath(path) {
    set({ path, preview: null, result: null, error: null })
  },
  setIncremental(value) {
    set({ incremental: value })
  },
  setChoice(choice) {
    set({ choices: { ...get().choices, [choice.key]: choice } })
  },

  async choosePath() {
    const { path } = await call('imports:choosePath', { kind: get().kind })
    if (path === null) return false
    get().setPath(path)
    return true
  },

  async loadPreview() {
    const { kind, path } = get()
    set({ previewing: true, preview: null, result: null, error: null })
    try {
      const preview = await call('imports:preview', { kind, path: path.trim() === '' ? null : path.trim() })
      set({ preview, choices: defaultChoices(preview) })
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ previewing: false })
    }
  },

  async run() {
    if (!listening) {
      listening = true
      subscribe('imports:progress', (progress) => {
        if (useImports.getState().running) useImports.setState({ progress })
      })
    }
    const { kind, path, incremental, choices } = get()
    set({ running: true, progress: null, result: null, error: null })
    try {
      const result = await call('imports:run', {
        kind,
        path: path.trim() === '' ? null : path.trim(),
        ...(kind === 'folder' ? { incremental } : {}),
        ...(kind === 'mcp' ? { mcpChoices: Object.values(choices) } : {})
      })
      set({ result, preview: null })
      useAppStore.getState().dataChanged()
    } catch (error) {
      set({ error: errorMessage(error) })
    } finally {
      set({ running: false, progress: null })
    }
  }
}))
