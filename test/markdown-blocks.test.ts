// A reply's markdown cut into top-level blocks for the window: the blocks put back together are the reply, a
// streaming reply's earlier blocks stay the same string as text arrives (so only the last one re-renders), an
// unclosed code fence is one block to the end, and link definitions travel with every block.
import { describe, expect, it } from 'vitest'
import { markdownBlocks } from '../src/renderer/src/markdown/blocks'

const REPLY = [
  'Here is the plan:',
  '',
  '- pack a bag',
  '- board at 23:00',
  '',
  '```ts',
  "const leaves = '23:10'",
  '',
  'const seat = 12',
  '```',
  '',
  '| City | Leaves |',
  '| --- | --- |',
  '| Paris | 23:10 |',
  '',
  '<script>alert(1)</script>',
  '',
  'The end.'
].join('\n')

describe('markdown blocks', () => {
  it('cuts a reply into its blocks, which join back into the reply', () => {
    const blocks = markdownBlocks(REPLY)
    expect(blocks.map((block) => block.trim().split('\n')[0])).toEqual([
      'Here is the plan:',
      '- pack a bag',
      '```ts',
      '| City | Leaves |',
      '<script>alert(1)</script>',
      'The end.'
    ])
    expect(blocks.join('')).toBe(REPLY)
  })

  it('keeps every finished block the same while the reply streams in', () => {
    const whole = markdownBlocks(REPLY)
    for (let end = 1; end <= REPLY.length; end++) {
      const partial = markdownBlocks(REPLY.slice(0, end))
      // (A list's raw text drops the spaces at the very end of the text; nothing else changes.)
      expect(partial.join('').trimEnd()).toBe(REPLY.slice(0, end).trimEnd())
      // All but the last block (still being written) are already what they will be, blank lines aside.
      for (const [i, block] of partial.slice(0, -1).entries())
        expect(block.trimEnd()).toBe(whole[i]!.trimEnd())
    }
  })

  it('treats an unclosed code fence as one code block to the end', () => {
    const blocks = markdownBlocks('Intro\n\n```py\nprint(1)\n\nprint(2)')
    expect(blocks).toEqual(['Intro\n\n', '```py\nprint(1)\n\nprint(2)'])
  })

  it('gives every block the reply’s link definitions', () => {
    const blocks = markdownBlocks('See [the timetable][t].\n\n- and [again][t]\n\n[t]: https://example.com/t')
    expect(blocks).toEqual([
      'See [the timetable][t].\n\n[t]: https://example.com/t\n',
      '- and [again][t]\n\n[t]: https://example.com/t\n'
    ])
  })
})
