// JSON pointers (RFC 6901) as the keychain references use them: `~` is written `~0` and `/` is written `~1`.

/** One segment of a pointer: `a/b` → `a~1b`, `x~y` → `x~0y`. */
export function escapePointerSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1')
}

/** The segment a pointer wrote (`~1` back to `/` first, then `~0` to `~`). */
export function unescapePointerSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** The pointer of a path: `['env', 'A/B']` → `/env/A~1B`; `[]` → `` (the whole document). */
export function pointerOf(segments: readonly (string | number)[]): string {
  return segments.map((segment) => `/${escapePointerSegment(String(segment))}`).join('')
}

/** The segments of a pointer: `/env/A~1B` → `['env', 'A/B']`; `` → `[]`. */
export function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.split('/').slice(1).map(unescapePointerSegment)
}
