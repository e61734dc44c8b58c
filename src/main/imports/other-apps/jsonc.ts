// JSON with comments, as VS Code's settings.json (and some MCP configs) are written: `//` and `/* */` comments and
// trailing commas are removed outside strings, then the text is plain JSON. Positions are kept (each removed
// character becomes a space), so a parse error still names the right line and column.

/** The index just past the string that opens at `i`. */
function stringEnd(text: string, i: number): number {
  let j = i + 1
  while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1
  return Math.min(j + 1, text.length)
}

function blank(text: string): string {
  return text.replace(/[^\n]/g, ' ')
}

function withoutComments(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    let end = i + 1
    if (ch === '"') end = stringEnd(text, i)
    else if (ch === '/' && text[i + 1] === '/') {
      const newline = text.indexOf('\n', i)
      end = newline < 0 ? text.length : newline
    } else if (ch === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2)
      end = close < 0 ? text.length : close + 2
    }
    const piece = text.slice(i, end)
    out += ch === '/' && end > i + 1 ? blank(piece) : piece
    i = end
  }
  return out
}

function withoutTrailingCommas(text: string): string {
  let out = ''
  let i = 0
  while (i < text.length) {
    const ch = text[i]!
    if (ch === '"') {
      const end = stringEnd(text, i)
      out += text.slice(i, end)
      i = end
      continue
    }
    if (ch === ',') {
      let j = i + 1
      while (j < text.length && /\s/.test(text[j]!)) j++
      if (text[j] === '}' || text[j] === ']') {
        out += ' '
        i++
        continue
      }
    }
    out += ch
    i++
  }
  return out
}

export function stripJsonc(text: string): string {
  return withoutTrailingCommas(withoutComments(text))
}
