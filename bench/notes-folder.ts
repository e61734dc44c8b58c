// Generated folders of Markdown notes (front matter and a few paragraphs each, 100 per sub-folder) for the import benches.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LegacyText } from './legacy-text'
import type { Rng } from './prng'

/** Writes `count` notes under `dir`; `prefix` names the files (so several folders never share a note). */
export function writeNotes(dir: string, count: number, rng: Rng, prefix = 'note'): void {
  const text = new LegacyText(rng)
  for (let i = 0; i < count; i++) {
    const folder = join(dir, `folder-${Math.floor(i / 100)}`)
    if (i % 100 === 0) mkdirSync(folder, { recursive: true })
    const body = [text.userContent(), text.assistantContent(), text.plainContent(200, 1200)].join('\n\n')
    writeFileSync(
      join(folder, `${prefix}-${i}.md`),
      `---\ntitle: ${JSON.stringify(text.title())}\ntags: [bench, n${i % 7}]\n---\n${body}\n`
    )
  }
}
