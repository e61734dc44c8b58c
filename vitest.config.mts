// Test runner settings: Node environment, real files and a real keychain (see scripts/test.sh).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // One file at a time: the files share one Secret Service, and libsecret can crash when one process lists
    // items while another deletes them.
    fileParallelism: false
  }
})
