/**
 * Text-level helpers shared by the parser, the validator and the UI: tab expansion, comment
 * skipping, and the quick "does this look like a wildcard" scans used where a text may not parse.
 */

/** A wildcard name may begin with these; `^__^` and `__ ` therefore stay plain text. */
const NAME_START = /[\p{L}\p{N}*~@!./\-[?]/u
/** Characters that cannot occur inside a wildcard name found by the quick scan. */
const NAME_BREAK = new Set([' ', '\t', '\n', '\r', '{', '}', '|', '#', '$', '(', ')', '%'])

export function canStartWildcardName(ch: string | undefined): boolean {
  return ch !== undefined && NAME_START.test(ch)
}

/**
 * Python's `str.expandtabs()` (8-column stops, the column restarting after `\n` or `\r`): the
 * library's parser sees every template this way, so a tab inside a prompt becomes 1–8 spaces.
 */
export function expandTabs(text: string): string {
  if (!text.includes('\t')) return text
  let out = ''
  let column = 0
  for (const ch of text) {
    if (ch === '\t') {
      const pad = 8 - (column % 8)
      out += ' '.repeat(pad)
      column += pad
    } else {
      out += ch
      column = ch === '\n' || ch === '\r' ? 0 : column + 1
    }
  }
  return out
}

/** Maps an offset in `expandTabs(text)` back to the offset in `text` (for error positions). */
export function originalOffset(text: string, expandedOffset: number): number {
  if (!text.includes('\t')) return expandedOffset
  let column = 0
  let expanded = 0
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    const width = ch === '\t' ? 8 - (column % 8) : 1
    if (expanded + width > expandedOffset) return i
    expanded += width
    column = ch === '\n' || ch === '\r' ? 0 : column + width
  }
  return text.length
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t'

/**
 * Skips comments starting at `pos` (after optional whitespace): `# …` and `// …` to the end of
 * the line (the newline stays), `/* … *\/`. Returns `pos` unchanged when no comment is there:
 * whitespace is only consumed together with a comment, as the library's parser does at every
 * point where a new element may start.
 */
export function skipComments(text: string, pos: number): number {
  for (;;) {
    let q = pos
    while (isSpace(text[q])) q++
    const ch = text[q]
    if (ch === '#' || (ch === '/' && text[q + 1] === '/')) {
      const eol = text.indexOf('\n', q)
      pos = eol === -1 ? text.length : eol
      continue
    }
    if (ch === '/' && text[q + 1] === '*') {
      const end = text.indexOf('*/', q + 2)
      if (end !== -1) { pos = end + 2; continue }
    }
    return pos
  }
}

export type WildcardScan = { kind: 'wildcard'; name: string; end: number } | { kind: 'literal' } | { kind: 'unclosed' }

/** Reads what a `__` at `pos` looks like, without parsing (for texts that may not parse). */
export function scanWildcardAt(text: string, pos: number): WildcardScan {
  const start = pos + 2
  if (!canStartWildcardName(text[start])) return { kind: 'literal' }
  for (let j = start + 1; j < text.length; j++) {
    const ch = text[j]!
    if (ch === '_' && text[j + 1] === '_') {
      // `~`/`@`/`!` are the sampler prefixes; the name itself follows them.
      const name = text.slice(start, j).replace(/^[~@!]/, '')
      return name === '' ? { kind: 'unclosed' } : { kind: 'wildcard', name, end: j + 2 }
    }
    if (NAME_BREAK.has(ch)) return { kind: 'unclosed' }
  }
  return { kind: 'unclosed' }
}

/** The `__name__` references in a text, found without parsing it (for texts that do not parse). */
export function scanWildcardReferences(text: string): { name: string; position: number }[] {
  const refs: { name: string; position: number }[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '_' || text[i + 1] !== '_') continue
    const scan = scanWildcardAt(text, i)
    if (scan.kind === 'wildcard') {
      refs.push({ name: scan.name, position: i })
      i = scan.end - 1
    }
  }
  return refs
}

/** Position of the first `__name__` in generated text, or -1. Used to stop wildcard-like output. */
export function findWildcardLikeText(text: string): number {
  for (let i = text.indexOf('__'); i !== -1; i = text.indexOf('__', i + 1)) {
    if (scanWildcardAt(text, i).kind === 'wildcard') return i
  }
  return -1
}

/**
 * True if expanding `text` could change it: braces, comments, variables, wraps or wildcard
 * references. Plain text (tabs included) is sent as written.
 */
export function hasDynamicSyntax(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{' || ch === '}' || ch === '#') return true
    if ((ch === '$' || ch === '%') && text[i + 1] === '{') return true
    if (ch === '_' && text[i + 1] === '_' && scanWildcardAt(text, i).kind !== 'literal') return true
  }
  return skipComments(text, 0) !== 0
}
