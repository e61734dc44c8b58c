// Globals the preload bridge gives the renderer: `window.api` (the typed IPC surface) and nothing else.
import type { RendererApi } from '../../shared/ipc'

declare global {
  interface Window {
    api: RendererApi
  }
}

export {}
