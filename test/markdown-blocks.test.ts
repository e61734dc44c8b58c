// A reply's markdown cut into top-level blocks for the window: the blocks put back together are the reply, a
// streaming reply's earlier blocks stay the same string as text arrives (so only the last one re-renders), an
// unclosed code fence is one block to the end, and link definitions travel with every block. A very long paragraph
// is cut at line ends, and a streaming reply is cut again only from its last block on, to the same blocks.
import { Lexer } from 'marked'
import { describe, expect, it, vi } from 'vitest'
import { markdownBlocks, streamedBlocks, type StreamedBlocks } from '../src/renderer/src/markdown/blocks'

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

  it('cuts a very long paragraph at line ends into pieces that join back into it', () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `word${i} and more words.`)
    const paragraph = lines.join('\n')
    const blocks = markdownBlocks(`Intro\n\n${paragraph}`)
    expect(blocks.join('')).toBe(`Intro\n\n${paragraph}`)
    expect(blocks.length).toBeGreaterThan(10)
    for (const block of blocks.slice(1, -1)) {
      expect(block.endsWith('\n')).toBe(true)
      expect(block.length).toBeLessThan(2_100)
    }
    // A short paragraph stays whole, and so does a single long line.
    expect(markdownBlocks('One line\nand another')).toEqual(['One line\nand another'])
    expect(markdownBlocks('x '.repeat(3_000))).toHaveLength(1)
  })

  it('cuts a streaming reply again only from its last block, to the blocks the whole text gives', () => {
    const long = Array.from({ length: 1_500 }, (_, i) => (i % 12 === 11 ? `word${i}.\n` : `word${i} `)).join(
      ''
    )
    for (const text of [REPLY.replace('<script>alert(1)</script>', 'Plain'), long]) {
      let streamed: StreamedBlocks | null = null
      for (let end = 1; end <= text.length; end += 97) {
        const before: StreamedBlocks | null = streamed
        streamed = streamedBlocks(text.slice(0, end), before)
        expect(streamed.blocks.join('')).toBe(text.slice(0, end))
        // Finished blocks are kept as they were (the same strings, so they are not rendered again).
        if (before !== null)
          for (const [i, block] of before.blocks.slice(0, -1).entries())
            expect(streamed.blocks[i]).toBe(block)
      }
      streamed = streamedBlocks(text, streamed)
      expect(streamed.blocks).toEqual(markdownBlocks(text))
    }
  })

  it('cuts the whole text again when the text is not a continuation, or has link definitions', () => {
    const first = streamedBlocks('A\n\nB', null)
    expect(streamedBlocks('C\n\nD', first).blocks).toEqual(['C\n\n', 'D'])
    const defined = streamedBlocks('See [x][t].\n\nMore', null)
    const next = streamedBlocks('See [x][t].\n\nMore\n\n[t]: https://example.com/t', defined)
    expect(next.blocks).toEqual(markdownBlocks('See [x][t].\n\nMore\n\n[t]: https://example.com/t'))
  })

  it('lexes only the tail of a streaming reply, so a long reply costs the same for each chunk', () => {
    const text = Array.from({ length: 6_000 }, (_, i) => (i % 12 === 11 ? `word${i}.\n` : `word${i} `)).join(
      ''
    )
    const lex = vi.spyOn(Lexer.prototype, 'lex')
    try {
      let streamed: StreamedBlocks | null = null
      for (let end = 500; end < text.length; end += 500)
        streamed = streamedBlocks(text.slice(0, end), streamed)
      const lexed = lex.mock.calls.reduce((sum, [source]) => sum + source.length, 0)
      // Cutting the whole text each time would lex about 60 times its length here.
      expect(lexed).toBeLessThan(text.length * 5)
    } finally {
      lex.mockRestore()
    }
  })
})
