/**
 * `[[slot]]` placeholders: the pack matrix fills them. Names match loosely (case, `-`, `_` and
 * spaces ignored) because the original did and pack authors rely on it (`[[Hair Color]]` is
 * the slot `hair_color`).
 *
 * A1111 would read `[[word]]` as a double de-emphasis; in a pack it is always a slot.
 */

/** Letters, digits, spaces, `-` and `_`: anything else between `[[` and `]]` is a typo. */
const SLOT_NAME = /^[\p{L}\p{N} _-]+$/u

export function normalizeSlotName(name: string): string {
  return name.toLowerCase().replace(/[\s_-]+/g, '')
}

export type SlotToken = { name: string; start: number; end: number }
export type SlotScan = { slots: SlotToken[]; problems: string[] }

/** Finds every `[[name]]`, reporting unclosed `[[` and malformed names. Linear in the text. */
export function scanSlots(text: string): SlotScan {
  const slots: SlotToken[] = []
  const problems: string[] = []
  let from = 0
  for (;;) {
    const open = text.indexOf('[[', from)
    if (open < 0) break
    const close = text.indexOf(']]', open + 2)
    if (close < 0) {
      problems.push(`unclosed "[[" (a slot is written [[name]])`)
      break
    }
    const raw = text.slice(open + 2, close)
    const name = raw.trim()
    if (name === '') problems.push('empty slot name "[[]]"')
    else if (!SLOT_NAME.test(name) || normalizeSlotName(name) === '') {
      problems.push(`bad slot name "[[${clip(raw)}]]" (use letters, digits, spaces, - and _)`)
    } else slots.push({ name, start: open, end: close + 2 })
    from = close + 2
  }
  return { slots, problems }
}

/** Slot names in order of first use, one per normalised name, spelled as first written. */
export function findSlots(text: string): string[] {
  const seen = new Set<string>()
  const names: string[] = []
  for (const { name } of scanSlots(text).slots) {
    const key = normalizeSlotName(name)
    if (!seen.has(key)) {
      seen.add(key)
      names.push(name)
    }
  }
  return names
}

/**
 * Replaces each `[[name]]` with `values.get(normalizeSlotName(name))`. Values are inserted as
 * they are, never re-scanned, so a value containing `[[x]]` cannot expand again. An unfilled slot
 * is an error rather than a leak: the original sent `[[x]]` to the WebUI.
 */
export function substituteSlots(
  text: string,
  values: ReadonlyMap<string, string>,
): { ok: true; text: string } | { ok: false; slot: string } {
  const { slots } = scanSlots(text)
  let out = ''
  let at = 0
  for (const token of slots) {
    const value = values.get(normalizeSlotName(token.name))
    if (value === undefined) return { ok: false, slot: token.name }
    out += text.slice(at, token.start) + value
    at = token.end
  }
  return { ok: true, text: out + text.slice(at) }
}

export function clip(text: string, max = 40): string {
  return text.length > max ? text.slice(0, max) + '…' : text
}
