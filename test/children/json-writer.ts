// A process that appends messages to one conversation on the json backend until it is killed (for the kill test).
import { openJsonStore } from '../../src/main/store/json/json-store'
import { StoreStats } from '../../src/main/store/store-stats'

const [dataDir, conversationId] = process.argv.slice(2)
const store = openJsonStore(dataDir!, new StoreStats(dataDir!))
process.stdout.write('ready\n')
for (let n = 0; ; n++)
  store.conversations.appendMessage(conversationId!, { role: 'user', content: `message ${n}` })
