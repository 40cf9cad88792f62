/**
 * Completion in prompt fields, as A1111's tag-autocomplete users expect: typing `__` offers the
 * library's wildcard names (completed to `__name__`), typing `<lora:` offers the WebUI's LoRA
 * names (completed to `<lora:name:1>`, A1111's default multiplier). Pure functions: which token
 * is being typed at the caret, which names match it, and the text after choosing one.
 */

export type CompletionKind = 'wildcard' | 'lora'

export interface CompletionQuery {
  kind: CompletionKind
  /** What is typed after the trigger (`sty` in `__sty`). */
  prefix: string
  /** Where the token (trigger included) starts. */
  from: number
  /** The caret. */
  to: number
}

/** Characters of a wildcard reference (name, folders, globs) and of its `__` markers. */
const WILDCARD_CHAR = /[A-Za-z0-9_.\-/*]/
/** A LoRA name stops at `:`, `>` or whitespace. */
const LORA_AT_CARET = /<lora:([^:>\s]*)$/i

export function completionAt(text: string, caret: number): CompletionQuery | null {
  const before = text.slice(0, caret)
  const lora = LORA_AT_CARET.exec(before)
  if (lora) return { kind: 'lora', prefix: lora[1]!, from: caret - lora[0].length, to: caret }
  // The run of reference characters ending at the caret; its first `__` opens the reference.
  let start = caret
  while (start > 0 && WILDCARD_CHAR.test(before[start - 1]!)) start--
  if (start > 0 && before[start - 1] === '\\') return null
  const run = before.slice(start)
  const open = run.indexOf('__')
  if (open < 0) return null
  const prefix = run.slice(open + 2)
  // A closed `__name__` before the caret is finished, not being typed.
  if (prefix.includes('__') || prefix.startsWith('_')) return null
  return { kind: 'wildcard', prefix, from: start + open, to: caret }
}

/** Names starting with the prefix first, then names containing it, case-insensitive; at most `limit`. */
export function matchNames(names: readonly string[], prefix: string, limit = 12): string[] {
  const p = prefix.toLowerCase()
  const starts: string[] = []
  const contains: string[] = []
  for (const name of names) {
    const n = name.toLowerCase()
    if (n.startsWith(p)) starts.push(name)
    else if (p !== '' && n.includes(p)) contains.push(name)
  }
  return [...starts, ...contains].slice(0, limit)
}

/** The text with the token replaced by the chosen name, and where the caret goes. */
export function applyCompletion(text: string, query: CompletionQuery, name: string): { text: string; caret: number } {
  const after = text.slice(query.to)
  if (query.kind === 'wildcard') {
    // Typing inside an existing `__na|me__`: replace up to its closing `__`.
    const rest = /^[A-Za-z0-9_.\-/*]*?__/.exec(after)
    const insert = `__${name}__`
    const tail = rest ? after.slice(rest[0].length) : after
    return { text: text.slice(0, query.from) + insert + tail, caret: query.from + insert.length }
  }
  const rest = /^[^:>\s]*(?::[^>\s]*)?>/.exec(after)
  const insert = `<lora:${name}:1>`
  const tail = rest ? after.slice(rest[0].length) : after
  return { text: text.slice(0, query.from) + insert + tail, caret: query.from + insert.length }
}
