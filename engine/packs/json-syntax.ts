/**
 * Parses JSON and, when it is not valid, says where. `JSON.parse`'s messages differ between
 * engines and often omit the position ("Unexpected end of JSON input"), so on failure a small
 * iterative scanner (no recursion: deeply nested garbage must not overflow the stack) finds the
 * first offending character and we report it as line and column.
 */

export type JsonResult =
  | { ok: true; value: unknown }
  | { ok: false; line: number; column: number; message: string }

export function parseJson(text: string): JsonResult {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    const { offset, message } = locateJsonError(text)
    const before = text.slice(0, offset)
    const line = before.split(/\r\n|\r|\n/).length
    const column = offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf("\r"))
    return { ok: false, line, column, message }
  }
}

type Expect = 'value' | 'valueOrEnd' | 'after' | 'key' | 'keyOrEnd' | 'colon'

export function locateJsonError(text: string): { offset: number; message: string } {
  const stack: ('{' | '[')[] = []
  let expect: Expect = 'value'
  let i = 0
  const fail = (message: string) => ({ offset: Math.min(i, text.length), message })
  for (;;) {
    while (i < text.length && ' \t\n\r'.includes(text[i] as string)) i++
    const c = text[i]
    if (c === undefined) {
      if (expect === 'after' && stack.length === 0) return fail('invalid JSON')
      return fail('unexpected end of the file')
    }
    if (expect === 'after') {
      const top = stack[stack.length - 1]
      if (top === undefined) return fail(`unexpected "${c}" after the end of the JSON value`)
      if (c === ',') { expect = top === '{' ? 'key' : 'value'; i++; continue }
      if ((c === '}' && top === '{') || (c === ']' && top === '[')) { stack.pop(); i++; continue }
      return fail(`expected "," or "${top === '{' ? '}' : ']'}" but found "${c}"`)
    }
    if (expect === 'colon') {
      if (c !== ':') return fail(`expected ":" after a property name but found "${c}"`)
      expect = 'value'; i++; continue
    }
    if (expect === 'key' || expect === 'keyOrEnd') {
      if (c === '}' && expect === 'keyOrEnd') { stack.pop(); expect = 'after'; i++; continue }
      if (c !== '"') return fail(`expected a property name in double quotes but found "${c}"`)
      const end = skipString(text, i)
      if (end < 0) return fail('unterminated string or bad escape')
      i = end; expect = 'colon'; continue
    }
    // expect is 'value' or 'valueOrEnd'
    if (c === ']' && expect === 'valueOrEnd') { stack.pop(); expect = 'after'; i++; continue }
    if (c === '{') { stack.push('{'); expect = 'keyOrEnd'; i++; continue }
    if (c === '[') { stack.push('['); expect = 'valueOrEnd'; i++; continue }
    if (c === '"') {
      const end = skipString(text, i)
      if (end < 0) return fail('unterminated string or bad escape')
      i = end; expect = 'after'; continue
    }
    const literal = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400))
    if (!literal) return fail(`unexpected "${c}" where a value was expected`)
    i += literal[0].length
    expect = 'after'
  }
}

/** Index just past the string starting at `start`, or -1 if it is unterminated or malformed. */
function skipString(text: string, start: number): number {
  let i = start + 1
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 0x22) return i + 1
    if (c < 0x20) return -1
    if (c === 0x5c) {
      const e = text[i + 1]
      if (e === 'u') {
        if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) return -1
        i += 6
        continue
      }
      if (e === undefined || !'"\\/bfnrt'.includes(e)) return -1
      i += 2
      continue
    }
    i++
  }
  return -1
}
