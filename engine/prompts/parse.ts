/**
 * Template text → AST, or the first syntax error with its 0-based character position.
 *
 * Hand-written recursive descent: one pass, no regex backtracking, a nesting limit, so a hostile
 * or half-typed template can never hang the editor. Syntax (see docs in index.ts):
 *   `{a|b}`, `{0.5::a|2::b}`, `{2$$a|b}`, `{2$$ and $$a|b}`, `{1-2$$…}`, `{-2$$…}`, `{2-$$…}`,
 *   `__name__`, `# comment to end of line`, and `\` escaping one of `{ } | _ # \`.
 */
import type { ParseResult, ParsedTemplate, TemplateNode, VariantNode, VariantOption, WildcardNode } from './ast.ts'

/** Characters a backslash escapes; before anything else (A1111's `\(`) the backslash is kept. */
const ESCAPABLE = new Set(['{', '}', '|', '_', '#', '\\'])
/** Deeper nesting than this is a typo or an attack, and would risk the call stack. */
const MAX_NESTING = 64
/** A wildcard name may begin with these; `^__^` and `__ ` therefore stay plain text. */
const NAME_START = /[\p{L}\p{N}*~@./\-]/u
/** Characters that cannot occur inside a wildcard name; meeting one means the `__` is unclosed. */
const NAME_BREAK = new Set([' ', '\t', '\n', '\r', '{', '}', '|', '#', '\\', '$'])
const HEADER_RANGE = /^\s*(\d+)?\s*(-)?\s*(\d+)?\s*$/
const WEIGHT = /^(\d+(?:\.\d*)?|\.\d+)::/

export type WildcardScan =
  | { kind: 'wildcard'; name: string; end: number }
  | { kind: 'literal' }
  | { kind: 'unclosed' }

/**
 * Reads what a `__` at `pos` means. Shared by the parser, `hasDynamicSyntax` and the output check,
 * so all three agree on what "looks like a wildcard".
 */
export function scanWildcardAt(text: string, pos: number): WildcardScan {
  const start = pos + 2
  const first = text[start]
  if (first === undefined || !NAME_START.test(first)) return { kind: 'literal' }
  for (let j = start + 1; j < text.length; j++) {
    const ch = text[j]!
    if (ch === '_' && text[j + 1] === '_') {
      // `~`/`@` are the reference library's sampler prefixes; the name itself follows them.
      const name = text.slice(start, j).replace(/^[~@]/, '')
      return name === '' ? { kind: 'unclosed' } : { kind: 'wildcard', name, end: j + 2 }
    }
    if (NAME_BREAK.has(ch)) return { kind: 'unclosed' }
  }
  return { kind: 'unclosed' }
}

/** True if expanding `text` could change it: braces, comments, escapes or wildcard references. */
export function hasDynamicSyntax(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (ch === '{' || ch === '}' || ch === '#') return true
    if (ch === '\\' && ESCAPABLE.has(text[i + 1] ?? '')) return true
    if (ch === '_' && text[i + 1] === '_' && scanWildcardAt(text, i).kind !== 'literal') return true
  }
  return false
}

/** The `__name__` references in a text, found without parsing it (for texts that do not parse). */
export function scanWildcardReferences(text: string): { name: string; position: number }[] {
  const refs: { name: string; position: number }[] = []
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') { i++; continue }
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

class SyntaxProblem {
  constructor(readonly message: string, readonly position: number) {}
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r'

class Parser {
  private pos = 0
  readonly wildcards: WildcardNode[] = []
  escapesUnderscore = false

  constructor(private readonly text: string) {}

  parseAll(): TemplateNode[] {
    const body = this.parseSequence(false, 0)
    return body
  }

  private skipSpace(): void {
    while (isSpace(this.text[this.pos])) this.pos++
  }

  /** A run of text, variants and wildcards; inside a variant it stops at `|` or `}`. */
  private parseSequence(inVariant: boolean, depth: number): TemplateNode[] {
    const { text } = this
    const parts: TemplateNode[] = []
    let buf = ''
    // Set after a comment: the text on both sides is rejoined with exactly one space.
    let needSpace = false
    const flush = (): void => {
      if (needSpace) { buf += ' '; needSpace = false }
      if (buf !== '') parts.push({ kind: 'text', text: buf })
      buf = ''
    }
    while (this.pos < text.length) {
      const ch = text[this.pos]!
      if (inVariant && (ch === '|' || ch === '}')) break
      if (ch === '}') throw new SyntaxProblem(`unmatched \`}\` at position ${this.pos}`, this.pos)
      if (ch === '#') {
        buf = buf.replace(/[ \n\r]+$/, '')
        const hadContent = buf !== '' || parts.length > 0
        const eol = text.indexOf('\n', this.pos)
        this.pos = eol === -1 ? text.length : eol + 1
        this.skipSpace()
        needSpace = needSpace || hadContent
        continue
      }
      if (needSpace) { buf += ' '; needSpace = false }
      if (ch === '{') {
        flush()
        parts.push(this.parseVariant(depth + 1))
        continue
      }
      if (ch === '\\') {
        const next = text[this.pos + 1]
        if (next !== undefined && ESCAPABLE.has(next)) {
          if (next === '_') this.escapesUnderscore = true
          buf += next
          this.pos += 2
        } else {
          buf += '\\'
          this.pos++
        }
        continue
      }
      if (ch === '_' && text[this.pos + 1] === '_') {
        const scan = scanWildcardAt(text, this.pos)
        if (scan.kind === 'unclosed') {
          throw new SyntaxProblem(`unclosed wildcard at position ${this.pos}: \`__\` needs a closing \`__\` (write \`\\_\\_\` for literal underscores)`, this.pos)
        }
        if (scan.kind === 'wildcard') {
          flush()
          const node: WildcardNode = { kind: 'wildcard', name: scan.name, position: this.pos }
          parts.push(node)
          this.wildcards.push(node)
          this.pos = scan.end
          continue
        }
        // Not a wildcard: take one underscore so `___name__` still finds `__name__` after it.
        buf += '_'
        this.pos++
        continue
      }
      if (inVariant && ch === '$' && text[this.pos + 1] === '$') {
        throw new SyntaxProblem(`unexpected \`$$\` at position ${this.pos}: a pick header like \`2$$\` must come right after \`{\``, this.pos)
      }
      buf += ch === '\t' ? ' ' : ch
      this.pos++
    }
    needSpace = false
    flush()
    return parts
  }

  private parseVariant(depth: number): VariantNode {
    const { text } = this
    const open = this.pos
    if (depth > MAX_NESTING) throw new SyntaxProblem(`variants nested more than ${MAX_NESTING} deep at position ${open}`, open)
    this.pos++
    this.skipSpace()
    let min = 1
    let max = 1
    let separator = ','
    const headerEnd = this.findDoubleDollar(this.pos)
    if (headerEnd !== -1) {
      const header = text.slice(this.pos, headerEnd)
      const m = HEADER_RANGE.exec(header)
      const lower = m?.[1], hyphen = m?.[2], upper = m?.[3]
      if (!m || (lower === undefined && upper === undefined) || (hyphen === undefined && upper !== undefined)) {
        throw new SyntaxProblem(`bad \`$$\` header \`${header}$$\` at position ${this.pos}: expected a count like \`2$$\` or a range like \`1-3$$\`, \`-3$$\`, \`2-$$\``, this.pos)
      }
      if (hyphen === undefined) {
        min = max = Number(lower)
      } else {
        min = lower === undefined ? 1 : Number(lower)
        max = upper === undefined ? Infinity : Number(upper)
        if (min > max) [min, max] = [max, min]
      }
      this.pos = headerEnd + 2
      const separatorEnd = this.findDoubleDollar(this.pos)
      if (separatorEnd !== -1) {
        separator = text.slice(this.pos, separatorEnd).replace(/\t/g, ' ')
        this.pos = separatorEnd + 2
      }
    }
    const options: VariantOption[] = []
    for (;;) {
      this.skipSpace()
      let weight = 1
      const w = WEIGHT.exec(text.slice(this.pos, this.pos + 32))
      if (w) {
        weight = Number(w[1])
        this.pos += w[0].length
        this.skipSpace()
      }
      options.push({ weight, body: this.parseSequence(true, depth) })
      const ch = text[this.pos]
      if (ch === '|') { this.pos++; continue }
      if (ch === '}') { this.pos++; break }
      throw new SyntaxProblem(`unclosed \`{\` at position ${open}`, open)
    }
    return { kind: 'variant', options, min, max, separator, position: open }
  }

  /** Index of a `$$` before the next `|`, `{`, `}` or end of text, else -1. */
  private findDoubleDollar(from: number): number {
    const { text } = this
    for (let j = from; j < text.length; j++) {
      const ch = text[j]
      if (ch === '|' || ch === '{' || ch === '}') return -1
      if (ch === '$' && text[j + 1] === '$') return j
    }
    return -1
  }
}

function parseUncached(text: string): ParseResult {
  const parser = new Parser(text)
  try {
    const body = parser.parseAll()
    const template: ParsedTemplate = { body, wildcards: parser.wildcards, escapesUnderscore: parser.escapesUnderscore }
    return { ok: true, template }
  } catch (e) {
    if (e instanceof SyntaxProblem) return { ok: false, error: { message: e.message, position: e.position } }
    throw e
  }
}

// Pack rows repeat the same few templates; parse each distinct text once. Bounded, so a long
// session of edited texts cannot grow it without limit.
const PARSE_CACHE_LIMIT = 2000
const parseCache = new Map<string, ParseResult>()

export function parseTemplate(text: string): ParseResult {
  let result = parseCache.get(text)
  if (result === undefined) {
    if (parseCache.size >= PARSE_CACHE_LIMIT) parseCache.clear()
    result = parseUncached(text)
    parseCache.set(text, result)
  }
  return result
}
