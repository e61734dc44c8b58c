// Which URLs in a reply may become a link: only absolute http:, https: and mailto: ones, in the window and in the
// main process that opens them in the system browser. Everything else (javascript:, data:, file:, relative paths,
// the app's own scheme) stays plain text.

/** The schemes a link in a reply may use. */
export const LINK_PROTOCOLS: readonly string[] = ['http:', 'https:', 'mailto:']

/** The URL as it may be opened (normalised by the URL parser), or null when it must not be. */
export function safeLinkUrl(raw: string): string | null {
  // Control characters and spaces inside a scheme are how `java\tscript:` slips past naive checks; the URL parser
  // strips them, so the decision is made on what the browser itself would open.
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return null
  }
  if (!LINK_PROTOCOLS.includes(url.protocol)) return null
  if (url.protocol !== 'mailto:' && url.hostname === '') return null
  return url.href
}
