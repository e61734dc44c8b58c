// Turns what a user typed into a safe FTS5 query: every word quoted (so AND, OR, NEAR, *, -, ^ and quotes are just
// text), all words required, the last one also matching as a prefix while the user is still typing it. Null when
// nothing searchable is left (only punctuation).
export function ftsQuery(input: string): string | null {
  const terms = input.replaceAll('\u0000', '').match(/[\p{L}\p{N}_]+/gu)
  if (!terms || terms.length === 0) return null
  return terms.map((term, i) => `"${term}"${i === terms.length - 1 ? '*' : ''}`).join(' ')
}
