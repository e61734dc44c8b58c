// Splits a long text into overlapping chunks for embedding (about 800 characters, 100 shared with the next), cut at
// whitespace when there is some near the cut, so a sentence is rarely split mid-word.

export interface Chunk {
  start: number
  end: number
  text: string
}

export const CHUNK_SIZE = 800
export const CHUNK_OVERLAP = 100

export function chunkText(text: string, size = CHUNK_SIZE, overlap = CHUNK_OVERLAP): Chunk[] {
  if (text.length <= size) return text.trim() === '' ? [] : [{ start: 0, end: text.length, text }]
  const chunks: Chunk[] = []
  let start = 0
  while (start < text.length) {
    let end = Math.min(text.length, start + size)
    if (end < text.length) {
      const space = text.lastIndexOf(' ', end)
      const newline = text.lastIndexOf('\n', end)
      const cut = Math.max(space, newline)
      if (cut > start + size / 2) end = cut
    }
    chunks.push({ start, end, text: text.slice(start, end) })
    if (end >= text.length) break
    start = Math.max(end - overlap, start + 1)
  }
  return chunks
}
