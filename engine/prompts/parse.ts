/**
 * Template text → AST, or the first syntax error with its 0-based character position.
 *
 * Hand-written recursive descent that follows the reference library's grammar element by element
 * (which characters end a literal where, where whitespace and comments are skipped, how a `$$`
 * header is read), so well-formed templates give the library's structure exactly. It never
 * backtracks more than one construct, has a nesting limit, and reports problems the library
 * would only surface as a stack trace. Rules: docs/engine.md, "Dynamic Prompts syntax".
 */
import type {
  ParseResult, ParsedTemplate, SamplerMark, SetNode, TemplateNode, VariantNode, VariantOption, WildcardBinding, WildcardNode,
} from './ast.ts'
import { canStartWildcardName, expandTabs, originalOffset, skipComments } from './scan.ts'

export { findWildcardLikeText, hasDynamicSyntax, scanWildcardReferences } from './scan.ts'

/** Deeper nesting than this is a typo or an attack, and would risk the call stack. */
const MAX_NESTING = 64
const BOUND = /(\d+)-(\d+)|-(\d+)|(\d+)-|(\d+)/y
/** The library's `real` (needs a dot) is tried before its `integer`; either needs `::` after it. */
const REAL_WEIGHT = /[+-]?(?:\d+\.\d*|\.\d+)/y
const INT_WEIGHT = /\d+/y
const VAR_NAME = /[A-Za-z_-][A-Za-z0-9_-]*/y
/** A separator is printable ASCII or space, without `$`, `{` or `}`. */
const SEPARATOR = /[ !"#%-z|~]+/y

/** Where a body is: the top level, inside a variant option, or in a wildcard's path. */
type Mode = 'top' | 'variant' | 'path'

class SyntaxProblem {
  constructor(readonly message: string, readonly position: number) {}
}

const isSpace = (ch: string | undefined): boolean => ch === ' ' || ch === '\n' || ch === '\r' || ch === '\t'

function isSampler(ch: string | undefined): ch is SamplerMark {
  return ch === '!' || ch === '~' || ch === '@'
}

class Parser {
  private pos = 0
  private depth = 0
  readonly wildcards: WildcardNode[] = []
  simple = true

  constructor(private readonly s: string) {}

  parseAll(): TemplateNode[] {
    const body = this.parseBody('top')
    const end = skipComments(this.s, this.pos)
    let rest = end
    while (isSpace(this.s[rest])) rest++
    if (rest < this.s.length) throw this.stuckAt(rest)
    return body
  }

  /** Why the top level could not go on at `pos` (nothing there can start an element). */
  private stuckAt(pos: number): SyntaxProblem {
    return new SyntaxProblem(`unexpected \`${this.s[pos]}\` at position ${pos}`, pos)
  }

  private skipSpace(): void {
    this.pos = skipComments(this.s, this.pos)
    while (isSpace(this.s[this.pos])) this.pos++
  }

  private enter(at: number): void {
    if (++this.depth > MAX_NESTING) throw new SyntaxProblem(`variants nested more than ${MAX_NESTING} deep at position ${at}`, at)
  }

  /** Zero or more elements; stops (before any comment it looked past) at the first that cannot start. */
  private parseBody(mode: Mode): TemplateNode[] {
    const parts: TemplateNode[] = []
    for (;;) {
      const start = skipComments(this.s, this.pos)
      if (mode === 'path') {
        let q = start
        while (isSpace(this.s[q])) q++
        if (this.s[q] === '(') break
      }
      const node = this.parseElement(mode, start)
      if (node === null) break
      const last = parts[parts.length - 1]
      // Two texts side by side only arise from the lenient `_`/`$`/`%` cases: one text.
      if (node.kind === 'text' && last?.kind === 'text') last.text += node.text
      else parts.push(node)
    }
    return parts
  }

  private parseElement(mode: Mode, at: number): TemplateNode | null {
    const { s } = this
    const ch = s[at]
    if (ch === undefined) return null
    if (ch === '$' && s[at + 1] === '{') {
      this.pos = at
      return this.parseVariable(mode)
    }
    if (ch === '%' && s[at + 1] === '{' && mode !== 'path') {
      const wrap = this.attempt(at, () => this.parseWrap())
      if (wrap) return wrap
    }
    if (ch === '{') {
      this.pos = at
      return this.parseVariant()
    }
    if (ch === '_' && s[at + 1] === '_' && mode !== 'path') {
      // `^__^`, `a__ b`: not a wildcard start, so plain text (the library would fail to parse).
      if (canStartWildcardName(s[at + 2])) {
        this.pos = at
        return this.parseWildcard()
      }
      // A path built from a variant or variable (`__${kind}-names__`), if it closes.
      const built = s[at + 2] === '{' || s.startsWith('${', at + 2) ? this.attempt(at, () => this.parseWildcard()) : null
      if (built) return built
      this.pos = at + 1
      return { kind: 'text', text: '_' }
    }
    return this.parseLiteralSequence(mode, at)
  }

  /** Runs `fn` at `at`; on a syntax problem restores the position and returns null. */
  private attempt<T>(at: number, fn: () => T): T | null {
    const saved = { pos: this.pos, depth: this.depth, wildcards: this.wildcards.length, simple: this.simple }
    this.pos = at
    try {
      return fn()
    } catch (e) {
      if (!(e instanceof SyntaxProblem)) throw e
      this.pos = saved.pos
      this.depth = saved.depth
      this.wildcards.length = saved.wildcards
      this.simple = saved.simple
      return null
    }
  }

  /** Whether `fn` parses at `at`; the parser's state is left as it was either way. */
  private probe(at: number, fn: () => unknown): boolean {
    const saved = { pos: this.pos, depth: this.depth, wildcards: this.wildcards.length, simple: this.simple }
    const ok = this.attempt(at, fn) !== null
    this.pos = saved.pos
    this.depth = saved.depth
    this.wildcards.length = saved.wildcards
    this.simple = saved.simple
    return ok
  }

  /** End of a literal run from `at` in `mode` (`at` itself when none can start there). */
  private literalEnd(mode: Mode, at: number, pathLiteral: 'wildcard' | 'variant'): number {
    const { s } = this
    let i = at
    for (; i < s.length; i++) {
      const ch = s[i]!
      if (ch === '#' || ch === '{') break
      if (ch === '_' && s[i + 1] === '_') break
      if (mode === 'path') {
        if (ch === '$' || ch === '%') break
        if (pathLiteral === 'wildcard' ? ch === '(' || ch === ')' : ch === '|' || ch === '}') break
        continue
      }
      if (mode === 'variant' && (ch === '|' || ch === '}')) break
      if (ch === '$') {
        if (s[i + 1] === '{') break
        if (mode === 'variant' && s[i + 1] === '$') break
      }
      if (ch === '%' && s[i + 1] === '{' && this.probe(i, () => this.parseWrap())) break
    }
    return i
  }

  /**
   * One or more literal runs. Runs separated only by comments are one text, joined with a space
   * (the library joins the pieces of a literal sequence that way).
   */
  private parseLiteralSequence(mode: Mode, at: number): TemplateNode | null {
    let end = this.literalEnd(mode, at, 'wildcard')
    if (end === at && mode === 'path') end = this.literalEnd(mode, at, 'variant')
    if (end === at) return null
    let text = this.s.slice(at, end)
    for (;;) {
      const next = skipComments(this.s, end)
      if (next === end) break
      let more = this.literalEnd(mode, next, 'wildcard')
      if (more === next && mode === 'path') more = this.literalEnd(mode, next, 'variant')
      if (more === next) break
      text += ` ${this.s.slice(next, more)}`
      end = more
    }
    this.pos = end
    return { kind: 'text', text }
  }

  private parseVariant(): VariantNode {
    const { s } = this
    const open = this.pos
    this.enter(open)
    this.pos++
    this.skipSpace()
    let sampler: SamplerMark | undefined
    const mark = skipComments(s, this.pos)
    if (isSampler(s[mark])) {
      sampler = s[mark] as SamplerMark
      this.pos = mark + 1
    }
    if (sampler !== undefined && sampler !== '!') this.simple = false
    const header = this.readHeader()
    this.skipSpace()
    const options: VariantOption[] = []
    for (;;) {
      this.skipSpace()
      const weight = this.readWeight()
      options.push({ weight, body: this.parseBody('variant') })
      this.pos = skipComments(s, this.pos)
      while (isSpace(s[this.pos])) this.pos++
      if (s[this.pos] === '|') { this.pos++; continue }
      break
    }
    this.skipSpace()
    if (s[this.pos] !== '}') throw this.variantStuck(open)
    this.pos++
    this.depth--
    let min = 1
    let max = 1
    if (header) {
      min = header.exact ?? header.lower ?? 1
      max = header.exact ?? header.upper ?? options.length
      if (min > max) [min, max] = [max, min]
      min = Math.max(0, min)
    }
    const node: VariantNode = { kind: 'variant', options, min, max, separator: header?.separator ?? ',', position: open }
    if (sampler) node.sampler = sampler
    return node
  }

  private variantStuck(open: number): SyntaxProblem {
    const { s, pos } = this
    if (pos >= s.length) return new SyntaxProblem(`unclosed \`{\` at position ${open}`, open)
    if (s[pos] === '$' && s[pos + 1] === '$') {
      return new SyntaxProblem(`unexpected \`$$\` at position ${pos}: a pick header like \`2$$\` must come right after \`{\``, pos)
    }
    if (s[pos] === '_' && s[pos + 1] === '_') return unclosedWildcard(pos)
    return new SyntaxProblem(`unexpected \`${s[pos]}\` at position ${pos} inside the \`{\` at position ${open}`, pos)
  }

  /**
   * `N$$`, `N-M$$`, `-M$$`, `N-$$`, then an optional `separator$$`; none when no `$$` follows.
   * Like every element of the library's grammar, each piece may be preceded by a comment (but
   * not by bare whitespace), so `{2$$#…` starts a comment rather than a `#` separator.
   */
  private readHeader(): { exact?: number; lower?: number; upper?: number; separator: string } | undefined {
    const { s } = this
    BOUND.lastIndex = skipComments(s, this.pos)
    const m = BOUND.exec(s)
    if (!m) return undefined
    const close = skipComments(s, BOUND.lastIndex)
    if (!s.startsWith('$$', close)) return undefined
    this.pos = close + 2
    const header: { exact?: number; lower?: number; upper?: number; separator: string } = { separator: ',' }
    if (m[5] !== undefined) header.exact = Number(m[5])
    else {
      const lower = m[1] ?? m[4]
      const upper = m[2] ?? m[3]
      if (lower !== undefined) header.lower = Number(lower)
      if (upper !== undefined) header.upper = Number(upper)
    }
    SEPARATOR.lastIndex = skipComments(s, this.pos)
    const sep = SEPARATOR.exec(s)
    if (sep) {
      const end = skipComments(s, SEPARATOR.lastIndex)
      if (s.startsWith('$$', end)) {
        header.separator = sep[0]
        this.pos = end + 2
      }
    }
    return header
  }

  private readWeight(): number {
    const { s } = this
    const at = skipComments(s, this.pos)
    for (const re of [REAL_WEIGHT, INT_WEIGHT]) {
      re.lastIndex = at
      const m = re.exec(s)
      if (!m) continue
      // The first number form that matches decides; without `::` after it there is no weight.
      if (!s.startsWith('::', re.lastIndex)) return 1
      this.pos = re.lastIndex + 2
      return Number(m[0])
    }
    return 1
  }

  private parseWildcard(): WildcardNode {
    const { s } = this
    const open = this.pos
    this.enter(open)
    this.pos += 2
    let sampler: SamplerMark | undefined
    if (isSampler(s[this.pos])) {
      sampler = s[this.pos] as SamplerMark
      this.pos++
    }
    const path = this.parseBody('path')
    if (path.length === 0) throw unclosedWildcard(open)
    const bindings = this.readBindings()
    if (!s.startsWith('__', this.pos)) throw unclosedWildcard(open)
    this.pos += 2
    this.depth--
    const literal = path.length === 1 && path[0]!.kind === 'text'
    const node: WildcardNode = {
      kind: 'wildcard', name: literal ? (path[0] as { text: string }).text : '', path, dynamic: !literal, bindings, position: open,
    }
    if (sampler) node.sampler = sampler
    if (!literal || bindings.length > 0 || (sampler !== undefined && sampler !== '!')) this.simple = false
    this.wildcards.push(node)
    return node
  }

  /** `(name=value, …)` before the closing `__`: each value is itself a template. */
  private readBindings(): WildcardBinding[] {
    const { s } = this
    let q = this.pos
    while (isSpace(s[q])) q++
    if (s[q] !== '(') return []
    const close = s.indexOf(')', q + 1)
    if (close === -1 || close === q + 1) return []
    this.pos = close + 1
    const bindings: WildcardBinding[] = []
    for (const pair of s.slice(q + 1, close).split(',')) {
      const eq = pair.indexOf('=')
      const name = (eq === -1 ? pair : pair.slice(0, eq)).trim()
      const text = eq === -1 ? '' : pair.slice(eq + 1).trim()
      const parsed = parseTemplate(text)
      if (!parsed.ok) throw new SyntaxProblem(`wildcard variable \`${name}\` at position ${q}: ${parsed.error.message}`, q)
      bindings.push({ name, value: parsed.template.body })
    }
    return bindings
  }

  /** `${name}`, `${name:default}`, and at the top level `${name=value}`, `${name=!value}`, `${name?=value}`. */
  private parseVariable(mode: Mode): TemplateNode {
    const { s } = this
    const open = this.pos
    this.enter(open)
    this.simple = false
    this.pos += 2
    this.skipSpace()
    VAR_NAME.lastIndex = this.pos
    const m = VAR_NAME.exec(s)
    if (!m) throw badVariable(open)
    const name = m[0]
    this.pos = VAR_NAME.lastIndex
    this.skipSpace()
    let node: TemplateNode
    const keepExisting = s[this.pos] === '?' && s[this.pos + 1] === '='
    if (mode === 'top' && (s[this.pos] === '=' || keepExisting)) {
      this.pos += keepExisting ? 2 : 1
      const immediate = s[this.pos] === '!'
      if (immediate) this.pos++
      this.skipSpace()
      const set: SetNode = { kind: 'set', name, value: this.parseBody('variant'), immediate, keepExisting, position: open }
      node = set
    } else if (s[this.pos] === ':') {
      this.pos++
      this.skipSpace()
      const fallback = this.parseBody('variant')
      node = { kind: 'get', name, fallback, position: open }
      if (mode === 'path') node.fallback = [{ kind: 'text', text: literalText(fallback, open).trim() }]
    } else {
      node = { kind: 'get', name, position: open }
      // In a wildcard path a missing variable stands for its own name.
      if (mode === 'path') node.fallback = [{ kind: 'text', text: name }]
    }
    this.skipSpace()
    if (s[this.pos] !== '}') throw badVariable(open)
    this.pos++
    this.depth--
    return node
  }

  private parseWrap(): TemplateNode {
    const { s } = this
    const open = this.pos
    this.enter(open)
    this.pos += 2
    this.skipSpace()
    const wrapper = this.parseBody('variant')
    this.skipSpace()
    if (!s.startsWith('$$', this.pos)) throw new SyntaxProblem(`\`%{\` at position ${open} needs \`$$\` between wrapper and text`, open)
    this.pos += 2
    this.skipSpace()
    const inner = this.parseBody('variant')
    this.pos = skipComments(s, this.pos)
    if (s[this.pos] !== '}') throw new SyntaxProblem(`unclosed \`%{\` at position ${open}`, open)
    this.pos++
    this.depth--
    this.simple = false
    return { kind: 'wrap', wrapper, inner, position: open }
  }
}

function unclosedWildcard(at: number): SyntaxProblem {
  return new SyntaxProblem(`unclosed wildcard at position ${at}: \`__\` needs a closing \`__\``, at)
}

function badVariable(at: number): SyntaxProblem {
  return new SyntaxProblem(`bad variable at position ${at}: expected \`\${name}\`, \`\${name:default}\` or (outside braces) \`\${name=value}\``, at)
}

function literalText(nodes: TemplateNode[], at: number): string {
  if (nodes.length === 0) return ''
  if (nodes.length === 1 && nodes[0]!.kind === 'text') return nodes[0]!.text
  throw new SyntaxProblem(`the default of a variable in a wildcard path at position ${at} must be plain text`, at)
}

function parseUncached(text: string): ParseResult {
  const expanded = expandTabs(text)
  const parser = new Parser(expanded)
  try {
    const body = parser.parseAll()
    const template: ParsedTemplate = { body, wildcards: parser.wildcards, simple: parser.simple }
    return { ok: true, template }
  } catch (e) {
    if (!(e instanceof SyntaxProblem)) throw e
    const position = originalOffset(text, e.position)
    const message = position === e.position ? e.message : e.message.replace(`position ${e.position}`, `position ${position}`)
    return { ok: false, error: { message, position } }
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
