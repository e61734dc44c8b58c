// Code highlighting for replies (rehype-highlight, lowlight's common languages), set up once for the window. Its set-up
// registers the grammars (about 1 ms) and react-markdown attaches its plugins at every render, that is at each chunk
// of a streaming reply, the first one included; the transform keeps no state, so the one made here serves them all.
import rehypeHighlight from 'rehype-highlight'

const highlight = rehypeHighlight()

/** rehype-highlight as a plugin whose attacher hands back the one transform. */
export function rehypeHighlightOnce(): typeof highlight {
  return highlight
}
