/**
 * How deeply a JSON text nests, measured on the text itself (no parse, no recursion), so a body
 * or file nested thousands of levels deep is refused before anything walks it. Nothing this
 * project stores legitimately nests more than about ten levels (a graph → nodes → params → an
 * ADetailer pass → a field); the limit leaves ample room.
 */
export const MAX_JSON_DEPTH = 64

/** True when some array or object in `text` is nested more than `max` levels deep. Strings are skipped, escapes included. */
export function jsonTooDeep(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (inString) {
      if (c === 0x5c) i++ // backslash: skip the escaped character
      else if (c === 0x22) inString = false
      continue
    }
    if (c === 0x22) inString = true
    else if (c === 0x7b || c === 0x5b) { if (++depth > max) return true }
    else if (c === 0x7d || c === 0x5d) depth--
  }
  return false
}

export const tooDeepMessage = (max = MAX_JSON_DEPTH): string => `nested more than ${max} levels deep (the limit)`
