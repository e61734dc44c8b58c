// Raw HTML in a reply becomes the text it is: a block of HTML a paragraph of its source, inline HTML its source
// text. No element, attribute or script is ever made from it (there is no HTML parser in the chain).
import type { Element, ElementContent, Root, RootContent } from 'hast'

function inline(node: ElementContent): ElementContent {
  if (node.type === 'raw') return { type: 'text', value: node.value }
  if (node.type === 'element') escapeWithin(node)
  return node
}

function escapeWithin(element: Element): void {
  element.children = element.children.map(inline)
}

function block(node: RootContent): RootContent {
  if (node.type === 'raw')
    return {
      type: 'element',
      tagName: 'p',
      properties: { className: ['md-html'] },
      children: [{ type: 'text', value: node.value }]
    }
  if (node.type === 'element') escapeWithin(node)
  return node
}

/** The rehype plugin. */
export function rehypeHtmlAsText() {
  return (tree: Root): void => {
    tree.children = tree.children.map(block)
  }
}
