// Replies render as markdown at every chunk while they stream: the code highlighter, whose set-up registers its
// grammars (about 1 ms), is set up once for the window, not at each render, and its one transform still highlights.
import type { Element, Root } from 'hast'
import { describe, expect, it, vi } from 'vitest'

const setUps = vi.hoisted(() => ({ count: 0 }))
vi.mock('rehype-highlight', async (original) => {
  const real = (await original<typeof import('rehype-highlight')>()).default
  return {
    default: (...args: Parameters<typeof real>) => {
      setUps.count++
      return real(...args)
    }
  }
})

const { rehypeHighlightOnce } = await import('../src/renderer/src/markdown/highlight')

/** The file the transform reports to (only for a language it does not know, which these blocks are not). */
const FILE = {} as Parameters<ReturnType<typeof rehypeHighlightOnce>>[1]

/** A fenced TypeScript block as remark hands it to rehype. */
function codeBlock(code: string): Root {
  const element: Element = {
    type: 'element',
    tagName: 'code',
    properties: { className: ['language-ts'] },
    children: [{ type: 'text', value: code }]
  }
  return {
    type: 'root',
    children: [{ type: 'element', tagName: 'pre', properties: {}, children: [element] }]
  }
}

describe('the code highlighter of replies', () => {
  it('is set up once however often replies render, and highlights each of them', () => {
    for (let i = 0; i < 3; i++) {
      const tree = codeBlock(`const n = ${i}`)
      rehypeHighlightOnce()(tree, FILE)
      const code = (tree.children[0] as Element).children[0] as Element
      expect(code.properties['className']).toEqual(['hljs', 'language-ts'])
      expect(JSON.stringify(code.children)).toContain('hljs-keyword')
    }
    expect(setUps.count).toBe(1)
  })
})
