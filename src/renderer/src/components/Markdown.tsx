// A reply's text as markdown: GFM tables, lists and task lists, highlighted code blocks with Copy, and links that
// open outside the app. Raw HTML in the text shows as text (never as elements), and a link or image whose URL is
// not http:, https: or mailto: stays plain text. Each top-level block is memoised, so a streaming reply re-renders
// only its last block.
import { memo, useMemo, useRef } from 'react'
import ReactMarkdown, { type Components, type ExtraProps, type UrlTransform } from 'react-markdown'
import remarkGfm from 'remark-gfm'
import { safeLinkUrl } from '../../../shared/link-policy'
import { streamedBlocks, type StreamedBlocks } from '../markdown/blocks'
import { rehypeHighlightOnce } from '../markdown/highlight'
import { rehypeHtmlAsText } from '../markdown/html-as-text'
import { CodeBlock } from './CodeBlock'

type HastElement = NonNullable<ExtraProps['node']>
type HastChild = HastElement['children'][number]

function textOf(node: HastChild): string {
  if (node.type === 'text') return node.value
  return node.type === 'element' ? node.children.map(textOf).join('') : ''
}

/** The `language-…` class remark gives a fenced block's `<code>`. */
function languageOf(code: HastElement): string | null {
  const classes = code.properties['className']
  if (!Array.isArray(classes)) return null
  const found = classes.find((name) => typeof name === 'string' && name.startsWith('language-'))
  return typeof found === 'string' ? found.slice('language-'.length) : null
}

/** Every URL in a reply (links and images) goes through the same policy as the main process. */
const urlTransform: UrlTransform = (url) => safeLinkUrl(url) ?? undefined

const components: Components = {
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer">
        {children}
      </a>
    ) : (
      <span className="md-refused-link">{children}</span>
    ),
  // Images are not loaded (the window loads nothing from the network); they become a link to the image.
  img: ({ src, alt }) =>
    typeof src === 'string' && src !== '' ? (
      <a href={src} target="_blank" rel="noopener noreferrer" className="md-image-link">
        Image: {alt || src}
      </a>
    ) : (
      <span className="md-refused-link">{alt}</span>
    ),
  pre: ({ node, children }) => {
    const code = node?.children.find((child): child is HastElement => child.type === 'element')
    if (!code || code.tagName !== 'code') return <pre>{children}</pre>
    return (
      <CodeBlock language={languageOf(code)} code={textOf(code).replace(/\n$/, '')}>
        {children}
      </CodeBlock>
    )
  },
  table: ({ children }) => (
    <div className="md-table">
      <table>{children}</table>
    </div>
  )
}

const remarkPlugins = [remarkGfm]
const rehypePlugins = [rehypeHtmlAsText, rehypeHighlightOnce]

const MarkdownBlock = memo(function MarkdownBlock({ source }: { source: string }) {
  return (
    <ReactMarkdown
      remarkPlugins={remarkPlugins}
      rehypePlugins={rehypePlugins}
      components={components}
      urlTransform={urlTransform}
    >
      {source}
    </ReactMarkdown>
  )
})

/** The blocks, as siblings, so the caller's container can follow the last one with a streaming cursor. */
export function Markdown({ text }: { text: string }) {
  // The last cut: a streaming reply is cut again only from its last block on.
  const last = useRef<StreamedBlocks | null>(null)
  const blocks = useMemo(() => {
    last.current = streamedBlocks(text, last.current)
    return last.current.blocks
  }, [text])
  return blocks.map((source, index) => <MarkdownBlock key={index} source={source} />)
}
