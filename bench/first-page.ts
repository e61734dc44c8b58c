// Child process: opens a store `ours` migrated and times open + the first ConversationService.list() page.
import { join } from 'node:path'
import { ConversationService } from '../src/main/services/conversation-service'
import { openStore } from '../src/main/store/sqlite/open-store'

async function firstPage(dir: string): Promise<void> {
  // Modules are loaded by now: the clock starts where the app would, at opening the store.
  const started = performance.now()
  const db = await openStore(join(dir, 'personal-agent.db'))
  const opened = performance.now()
  const page = new ConversationService(db).list()
  const listed = performance.now()
  const { count } = db.prepare('SELECT count(*) AS count FROM conversations').get() as { count: number }
  db.close()
  process.stdout.write(
    `${JSON.stringify({
      ok: true,
      first_page_ms: Number((listed - started).toFixed(1)),
      open_ms: Number((opened - started).toFixed(1)),
      list_ms: Number((listed - opened).toFixed(1)),
      page_items: page.items.length,
      conversations: count
    })}\n`
  )
}

const [dir] = process.argv.slice(2)
if (dir === undefined) {
  process.stderr.write('Usage: node --import tsx bench/first-page.ts <migrated data dir>\n')
  process.exitCode = 2
} else {
  firstPage(dir).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error)
    process.stdout.write(`${JSON.stringify({ ok: false, reason })}\n`)
    process.stderr.write(`first-page: ${reason}\n`)
    process.exitCode = 1
  })
}
