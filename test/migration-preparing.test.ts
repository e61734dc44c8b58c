// The migration's first progress, before the engine's own: the legacy files about to be read, with their sizes.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { preparingProgress } from '../src/main/migration/preparing'
import { tempDir } from './support/folders'

describe('preparingProgress', () => {
  it('lists the three files by name and each conversation folder as one line with its file count', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'conversations.json'), '[]')
    writeFileSync(join(dir, 'models.json'), '{"profiles": []}')
    mkdirSync(join(dir, 'conversations'))
    writeFileSync(join(dir, 'conversations', 'a.json'), '{"id": "a", "messages": []}')
    writeFileSync(join(dir, 'conversations', 'b.json'), '{"id": "b", "messages": [], "title": "B"}')
    writeFileSync(join(dir, 'conversations', 'notes.txt'), 'not a conversation')
    const progress = preparingProgress(dir)
    expect(progress.preparing).toEqual([
      { name: 'conversations.json', bytes: 2, count: 1 },
      { name: 'models.json', bytes: 16, count: 1 },
      { name: 'conversations/', bytes: 28 + 40, count: 2 }
    ])
    expect(progress).toMatchObject({
      phase: 'detect',
      done: 0,
      total: 0,
      bytesTotal: 2 + 16 + 68,
      fraction: 0
    })
  })

  it('is empty for a folder without legacy files', () => {
    expect(preparingProgress(tempDir()).preparing).toEqual([])
  })
})
