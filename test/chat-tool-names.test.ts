// The names tools are offered to the model by: valid for every provider (`^[a-zA-Z0-9_-]{1,64}$`), unique across
// servers (clashes after cleaning and long names included), in a stable order whatever order the server lists them in;
// and a large result capped for the model with its head, its tail and a note of what was cut.
import { describe, expect, it } from 'vitest'
import { MODEL_TOOL_NAME, nameTools } from '../src/main/services/chat/tool-names'
import { capForModel } from '../src/main/services/chat/tool-result-cap'

const tools = (...names: string[]) => names.map((name) => ({ name }))

describe('model-facing tool names', () => {
  it('are server__tool, cleaned to the characters providers accept, and unique after cleaning', () => {
    const named = nameTools([
      { serverId: 's1', serverName: 'My Files!', tools: tools('read file', 'read_file', 'ünïcode') },
      { serverId: 's2', serverName: 'My-Files', tools: tools('read_file') }
    ])
    expect(named.map((t) => t.modelName)).toEqual([
      'My_Files__read_file',
      'My_Files__read_file_2',
      'My_Files__n_code',
      'My-Files__read_file'
    ])
    expect(named.every((t) => MODEL_TOOL_NAME.test(t.modelName))).toBe(true)
    expect(named.map((t) => [t.serverId, t.tool.name])).toEqual([
      ['s1', 'read file'],
      ['s1', 'read_file'],
      ['s1', 'ünïcode'],
      ['s2', 'read_file']
    ])
  })

  it('are cut to 64 characters, a clash keeping its suffix within them', () => {
    const long = 'x'.repeat(80)
    const named = nameTools([{ serverId: 's', serverName: 'server', tools: tools(`${long}a`, `${long}b`) }])
    expect(named.map((t) => t.modelName.length)).toEqual([64, 64])
    expect(named[1]!.modelName.endsWith('_2')).toBe(true)
    expect(new Set(named.map((t) => t.modelName)).size).toBe(2)
  })

  it('keep a stable order: the servers as given, each one’s tools by name', () => {
    const a = nameTools([{ serverId: 's', serverName: 'srv', tools: tools('b', 'a', 'c') }])
    const b = nameTools([{ serverId: 's', serverName: 'srv', tools: tools('c', 'b', 'a') }])
    expect(a.map((t) => t.modelName)).toEqual(['srv__a', 'srv__b', 'srv__c'])
    expect(b.map((t) => t.modelName)).toEqual(a.map((t) => t.modelName))
  })
})

describe('the result cap', () => {
  it('keeps a result within the limit as it is', () => {
    expect(capForModel('short', 100)).toBe('short')
  })

  it('keeps the head and the tail of a longer one, with a note of how much was cut', () => {
    const text = `${'h'.repeat(500)}${'m'.repeat(1000)}${'t'.repeat(500)}`
    const capped = capForModel(text, 1000)
    expect(capped.startsWith('h'.repeat(500) + 'm'.repeat(250))).toBe(true)
    expect(capped.endsWith('t'.repeat(250))).toBe(true)
    expect(capped).toContain('[… 1000 of 2000 characters cut here; the user sees the whole result …]')
  })
})
