// The work `npm run bench` times on one open store: read every conversation, create, rename, append, and a first
// page after those writes, each operation timed alone, each series stopped at its time budget.
import type { Store } from '../src/main/store/store'
import { OpSeries, type SeriesSummary } from './op-series'

export const PAGE_SIZE = 50

export interface WorkloadPlan {
  /** Conversations in the store when it is opened (the pages and gets of "read all"). */
  conversations: number
  creates: number
  renames: number
  appends: number
  /** Each series stops after this long (Infinity: never). */
  budgetMs: number
}

export const SERIES = ['list page', 'get', 'create', 'rename', 'append', 'first page after writes'] as const
export type SeriesName = (typeof SERIES)[number]

export interface WorkloadResult {
  series: Record<SeriesName, SeriesSummary>
  /** Conversations listed and read while paging (fewer than planned when the budget ran out). */
  conversationsRead: number
}

/** ~200 characters, the middle of the generated messages' 100 to 300. */
const APPENDED_TEXT =
  'Appended by the benchmark: a reply of ordinary length, about as long as the messages the generator writes, ' +
  'so each append adds what a real exchange would add to the store and to its search index.'

/** `count` ids spread evenly over `ids` (all of them when there are fewer). */
function spread(ids: readonly string[], count: number): string[] {
  const step = Math.max(1, Math.floor(ids.length / count))
  const picked: string[] = []
  for (let i = 0; i < ids.length && picked.length < count; i += step) picked.push(ids[i] as string)
  return picked
}

/** Pages through every conversation (list), getting each one as its page arrives; returns the ids seen. */
function readAll(store: Store, plan: WorkloadPlan, list: OpSeries, get: OpSeries): string[] {
  const ids: string[] = []
  let cursor: string | null = null
  while (list.open) {
    const page = list.time(() => store.conversations.list({ cursor, limit: PAGE_SIZE }))
    for (const item of page.items) {
      get.time(() => store.conversations.get(item.id))
      ids.push(item.id)
    }
    cursor = page.nextCursor
    if (cursor === null) break
  }
  if (ids.length !== plan.conversations && !list.summary().cut)
    throw new Error(`read ${ids.length} conversations, expected ${plan.conversations}`)
  return ids
}

export function runWorkload(store: Store, plan: WorkloadPlan): WorkloadResult {
  const conversations = store.conversations
  const pages = Math.max(1, Math.ceil(plan.conversations / PAGE_SIZE))
  const list = new OpSeries(pages, plan.budgetMs)
  const get = new OpSeries(plan.conversations, Infinity)
  const ids = readAll(store, plan, list, get)
  if (ids.length === 0) throw new Error('the store lists no conversations')

  const create = new OpSeries(plan.creates, plan.budgetMs)
  for (let i = 0; create.open; i++) create.time(() => conversations.create({ title: `Benchmark ${i}` }))

  const rename = new OpSeries(plan.renames, plan.budgetMs)
  const targets = spread(ids, plan.renames)
  for (let i = 0; rename.open; i++) {
    const id = targets[i % targets.length] as string
    rename.time(() => conversations.rename(id, `Renamed by the benchmark ${i}`))
  }

  const append = new OpSeries(plan.appends, plan.budgetMs)
  const into = ids[Math.floor(ids.length / 2)] as string
  for (let i = 0; append.open; i++)
    append.time(() =>
      conversations.appendMessage(into, { role: i % 2 === 0 ? 'user' : 'assistant', content: APPENDED_TEXT })
    )

  const after = new OpSeries(1, Infinity)
  after.time(() => conversations.list({ limit: PAGE_SIZE }))

  return {
    series: {
      'list page': list.summary(),
      get: get.summary(),
      create: create.summary(),
      rename: rename.summary(),
      append: append.summary(),
      'first page after writes': after.summary()
    },
    conversationsRead: ids.length
  }
}
