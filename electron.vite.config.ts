// Build of the three Electron bundles: main (with the migration, parsing, search-index, mirror and note-parsing
// workers as extra entries), preload and renderer.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { IPC_CHANNELS, IPC_EVENTS } from './src/shared/ipc'

/** The IPC contract's names for the preload's allow-list and the web bridge (see src/shared/ipc-names.ts). */
const ipcNames = {
  __IPC_CHANNELS__: JSON.stringify(IPC_CHANNELS),
  __IPC_EVENTS__: JSON.stringify(IPC_EVENTS)
}

export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          'migration-worker': resolve(__dirname, 'src/main/migration/migration-worker.ts'),
          'search-index-worker': resolve(__dirname, 'src/main/migration/search-index-worker.ts'),
          'conversation-parse-worker': resolve(__dirname, 'src/main/migration/conversation-parse-worker.ts'),
          'conversation-mirror-worker': resolve(
            __dirname,
            'src/main/store/hybrid/conversation-mirror-worker.ts'
          ),
          'note-parse-worker': resolve(__dirname, 'src/main/imports/folder/note-parse-worker.ts')
        }
      }
    }
  },
  preload: {
    define: ipcNames,
    build: { externalizeDeps: true }
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    define: ipcNames,
    build: { rollupOptions: { input: resolve(__dirname, 'src/renderer/index.html') } },
    plugins: [react()]
  }
})
