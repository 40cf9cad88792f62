/**
 * Text edits the pack editor's tools make in the TXT: put a tag on its own line in the row the
 * caret is in (a line holding only tags is how the original's format carries LoRAs and
 * embeddings), put a `[[slot]]` at the caret, change the weight of one LoRA tag in place.
 * Pure: text and caret in, text and caret out.
 */

export interface Inserted {
  text: string
  caret: number
}

/** `line` as a new line after the caret's line (or as the first line of an empty text). */
export function insertLine(text: string, caret: number, line: string): Inserted {
  if (text.trim() === '') return { text: `${line}\n`, caret: line.length }
  const at = Math.min(Math.max(caret, 0), text.length)
  const eol = text.indexOf('\n', at)
  const end = eol < 0 ? text.length : eol
  const next = `${text.slice(0, end)}\n${line}${text.slice(end)}`
  return { text: eol < 0 && !next.endsWith('\n') ? `${next}\n` : next, caret: end + 1 + line.length }
}

/** `snippet` at the caret, with a space before it when it would touch a word. */
export function insertAt(text: string, caret: number, snippet: string): Inserted {
  const at = Math.min(Math.max(caret, 0), text.length)
  const before = text.slice(0, at)
  const pad = before !== '' && !/[\s([{,]$/.test(before) ? ' ' : ''
  const insert = pad + snippet
  return { text: before + insert + text.slice(at), caret: at + insert.length }
}

/** A new row at the end: rows are separated by a blank line. */
export function appendRow(text: string, row: string): Inserted {
  const trimmed = text.replace(/\s+$/, '')
  const prefix = trimmed === '' ? '' : `${trimmed}\n\n`
  return { text: `${prefix}${row}\n`, caret: prefix.length + row.length }
}

/** Formats a weight the way people write it: `0.65`, `1`, `-0.5` (no float noise). */
export function formatWeight(weight: number): string {
  return String(Math.round(weight * 100) / 100)
}

/**
 * Sets the weight of the `n`-th `<lora:name…>` tag between lines `fromLine` and `toLine`
 * (1-based, inclusive); `null` when there is no such tag.
 */
export function setLoraWeight(text: string, fromLine: number, toLine: number, name: string, n: number, weight: number): string | null {
  const lines = text.split('\n')
  let seen = 0
  for (let i = fromLine - 1; i < Math.min(toLine, lines.length); i++) {
    const line = lines[i]!
    const re = /<lora:([^:>]+)(?::([^>]*))?>/gi
    let m: RegExpExecArray | null
    while ((m = re.exec(line))) {
      if (m[1] !== name) continue
      if (seen++ !== n) continue
      lines[i] = `${line.slice(0, m.index)}<lora:${name}:${formatWeight(weight)}>${line.slice(m.index + m[0].length)}`
      return lines.join('\n')
    }
  }
  return null
}
