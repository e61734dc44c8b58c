// Child process: opens a store `ours` migrated and times open + the first SqliteConversations.list() page.
import { join } from 'node:path'
import { SqliteConversations } from '../src/main/store/sqlite/sqlite-conversations'
import { openStore } from '../src/main/store/sqlite/open-store'
import { runProbe } from './probe-main'

async function firstPage(dir: string): Promise<void> {
  // Modules are loaded by now: the clock starts where the app would, at opening the store.
  const started = performance.now()
  const db = await openStore(join(dir, 'personal-agent.db'))
  const opened = performance.now()
  const page = new SqliteConversations(db).list()
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

runProbe('first-page', '<migrated data dir>', firstPage)
