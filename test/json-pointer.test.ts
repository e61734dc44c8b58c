// RFC 6901 pointers: `~` and `/` in a segment survive the round trip, in the one place that writes them.
import { describe, expect, it } from 'vitest'
import {
  escapePointerSegment,
  pointerOf,
  pointerSegments,
  unescapePointerSegment
} from '../src/main/base/json-pointer'

describe('JSON pointers', () => {
  it('escapes ~ before / and unescapes in the opposite order', () => {
    expect(escapePointerSegment('a/b~c')).toBe('a~1b~0c')
    expect(unescapePointerSegment('a~1b~0c')).toBe('a/b~c')
    // `~01` is an escaped `~` followed by `1`, never a `/`.
    expect(unescapePointerSegment('~01')).toBe('~1')
    expect(escapePointerSegment('~1')).toBe('~01')
  })

  it('builds and splits whole pointers', () => {
    expect(pointerOf(['env', 'A/B_TOKEN'])).toBe('/env/A~1B_TOKEN')
    expect(pointerOf(['headers', 0, 'X~Y'])).toBe('/headers/0/X~0Y')
    expect(pointerOf([])).toBe('')
    expect(pointerSegments('/env/A~1B_TOKEN')).toEqual(['env', 'A/B_TOKEN'])
    expect(pointerSegments('')).toEqual([])
    for (const path of [['api_key'], ['env', 'x~/y'], ['a', '', 'b']])
      expect(pointerSegments(pointerOf(path))).toEqual(path)
  })
})
