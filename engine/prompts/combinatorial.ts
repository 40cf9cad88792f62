/**
 * Combinatorial expansion in exactly the reference library's order, lazily.
 *
 * A template compiles into a tree of generators (`Gen`). Every Gen can be restarted, counts its
 * expansions exactly (saturating at a cap), and, when it has few expansions, materialises them
 * once as an array. Sequences then run an odometer over those arrays, building each
 * prompt from cached prefixes, which is what makes large packs cheap. Big sub-trees are never
 * materialised: they are re-enumerated on demand, so a `limit` stops work early.
 *
 * Order rules: the last part of a sequence varies fastest; a variant lists all 1-picks, then all
 * 2-picks… (each k-pick an ordered permutation of option indices, options permuted first and
 * expanded after, earlier options varying slowest); a pick whose texts repeat is dropped, and a
 * variant never yields the same pick twice.
 *
 * Expansions are `Piece`s: plain strings, unless the compiler records wildcard draws (see
 * pieces.ts), when a wildcard's values carry the draw with them through every join.
 */
import { soleWildcard, type TemplateNode } from './ast.ts'
import { contentKey, orderedPicks, repeatByWeight } from './join.ts'
import { parseTemplate } from './parse.ts'
import { concat, drawn, joinPieces, textOf, type Piece } from './pieces.ts'
import type { WildcardLibrary } from './wildcards.ts'

/** Gens with at most this many expansions are materialised as arrays. */
const SMALL = 1024

abstract class Gen {
  private smallCache: readonly Piece[] | null | undefined
  /** All expansions if there are at most SMALL, else null. Computed once. */
  small(): readonly Piece[] | null {
    if (this.smallCache === undefined) this.smallCache = this.computeSmall()
    return this.smallCache
  }
  protected abstract computeSmall(): readonly Piece[] | null
  /** Exact number of expansions, or `cap` if there are at least that many. */
  abstract count(cap: number): number
  /** A fresh enumeration from the start. */
  abstract iterate(): Iterator<Piece>
}

class LiteralGen extends Gen {
  constructor(private readonly text: string) { super() }
  protected computeSmall(): readonly string[] { return [this.text] }
  count(cap: number): number { return Math.min(1, cap) }
  iterate(): Iterator<string> { return [this.text][Symbol.iterator]() }
}

/** One odometer wheel: an array when the part is small, else a restartable iterator. */
class Wheel {
  private readonly values: readonly Piece[] | null
  private index = 0
  private iterator: Iterator<Piece> | null = null
  constructor(private readonly gen: Gen) { this.values = gen.small() }
  /** Back to the first value; undefined if the part has no expansions at all. */
  start(): Piece | undefined {
    if (this.values) { this.index = 0; return this.values[0] }
    this.iterator = this.gen.iterate()
    const r = this.iterator.next()
    return r.done ? undefined : r.value
  }
  advance(): Piece | undefined {
    if (this.values) return this.values[++this.index]
    const r = this.iterator!.next()
    return r.done ? undefined : r.value
  }
}

/**
 * Every combination of one expansion per gen, last gen fastest. Yields the same array object,
 * updated in place (callers copy what they keep). Zero gens yield one empty combination.
 */
function* combinations(gens: readonly Gen[]): Generator<Piece[]> {
  const wheels = gens.map((g) => new Wheel(g))
  const current: Piece[] = []
  for (const wheel of wheels) {
    const v = wheel.start()
    if (v === undefined) return
    current.push(v)
  }
  for (;;) {
    yield current
    let i = wheels.length - 1
    for (; i >= 0; i--) {
      const v = wheels[i]!.advance()
      if (v !== undefined) { current[i] = v; break }
    }
    if (i < 0) return
    for (let j = i + 1; j < wheels.length; j++) current[j] = wheels[j]!.start()!
  }
}

class SequenceGen extends Gen {
  constructor(private readonly parts: readonly Gen[]) { super() }

  protected computeSmall(): readonly Piece[] | null {
    let total = 1
    for (const part of this.parts) {
      const values = part.small()
      if (!values) return null
      total *= values.length
      if (total > SMALL) return null
    }
    const out: Piece[] = []
    for (const s of this.odometer()) out.push(s)
    return out
  }

  count(cap: number): number {
    const counts = this.parts.map((p) => p.count(cap))
    if (counts.includes(0)) return 0
    let total = 1
    for (const c of counts) total = Math.min(total * c, cap)
    return total
  }

  iterate(): Iterator<Piece> {
    const values = this.small()
    return values ? values[Symbol.iterator]() : this.odometer()
  }

  /** The combinations joined, keeping the joined prefix of each wheel so a step costs ~1 concat. */
  private *odometer(): Generator<Piece> {
    const wheels = this.parts.map((g) => new Wheel(g))
    const n = wheels.length
    const current: Piece[] = new Array<Piece>(n)
    const prefix: Piece[] = new Array<Piece>(n)
    for (let i = 0; i < n; i++) {
      const v = wheels[i]!.start()
      if (v === undefined) return
      current[i] = v
      prefix[i] = i === 0 ? v : concat(prefix[i - 1]!, v)
    }
    for (;;) {
      yield prefix[n - 1]!
      let i = n - 1
      for (; i >= 0; i--) {
        const v = wheels[i]!.advance()
        if (v !== undefined) { current[i] = v; break }
      }
      if (i < 0) return
      for (let j = i + 1; j < n; j++) current[j] = wheels[j]!.start()!
      for (let j = i; j < n; j++) prefix[j] = j === 0 ? current[0]! : concat(prefix[j - 1]!, current[j]!)
    }
  }
}

class VariantGen extends Gen {
  private readonly low: number
  private readonly high: number
  constructor(private readonly options: readonly Gen[], private readonly keys: readonly string[], min: number, max: number, private readonly separator: string) {
    super()
    this.low = Math.min(min, options.length)
    this.high = Math.min(max, options.length)
  }

  protected computeSmall(): readonly Piece[] | null {
    const out: Piece[] = []
    const it = this.enumerate()
    for (let r = it.next(); !r.done; r = it.next()) {
      if (out.length === SMALL) return null
      out.push(r.value)
    }
    return out
  }

  count(cap: number): number {
    const values = this.small()
    if (values) return Math.min(values.length, cap)
    let n = 0
    const it = this.enumerate()
    while (n < cap && !it.next().done) n++
    return n
  }

  iterate(): Iterator<Piece> {
    const values = this.small()
    return values ? values[Symbol.iterator]() : this.enumerate()
  }

  private *enumerate(): Generator<Piece> {
    if (this.options.length === 0) return
    for (let k = this.low; k <= this.high; k++) {
      // Picks of different sizes never compare equal, so each size has its own "seen" set.
      const seen = new Set<string>()
      for (const picked of orderedPicks(this.keys, k)) {
        const gens = picked.map((i) => this.options[i]!)
        for (const pieces of combinations(gens)) {
          if (k === 1) {
            const text = textOf(pieces[0]!)
            if (seen.has(text)) continue
            seen.add(text)
            yield pieces[0]!
            continue
          }
          const texts = pieces.map(textOf)
          if (new Set(texts).size !== k) continue
          const key = texts.join('\u0000')
          if (seen.has(key)) continue
          seen.add(key)
          yield joinPieces(pieces, this.separator)
        }
      }
    }
  }
}

/** The values of one wildcard, each expanded in turn (no de-duplication across values). */
class ConcatGen extends Gen {
  constructor(private readonly gens: readonly Gen[]) { super() }
  protected computeSmall(): readonly Piece[] | null {
    const out: Piece[] = []
    for (const g of this.gens) {
      const values = g.small()
      if (!values || out.length + values.length > SMALL) return null
      out.push(...values)
    }
    return out
  }
  count(cap: number): number {
    let total = 0
    for (const g of this.gens) {
      total += g.count(cap - total)
      if (total >= cap) return cap
    }
    return total
  }
  iterate(): Iterator<Piece> {
    const values = this.small()
    if (values) return values[Symbol.iterator]()
    const gens = this.gens
    return (function* () {
      for (const g of gens) {
        const it = g.iterate()
        for (let r = it.next(); !r.done; r = it.next()) yield r.value
      }
    })()
  }
}

/** A wildcard's value, each expansion recorded as that wildcard's draw. */
class DrawGen extends Gen {
  constructor(private readonly name: string, private readonly gen: Gen) { super() }
  protected computeSmall(): readonly Piece[] | null {
    return this.gen.small()?.map((v) => drawn(this.name, v)) ?? null
  }
  count(cap: number): number { return this.gen.count(cap) }
  iterate(): Iterator<Piece> {
    const values = this.small()
    if (values) return values[Symbol.iterator]()
    const { name, gen } = this
    return (function* () {
      const it = gen.iterate()
      for (let r = it.next(); !r.done; r = it.next()) yield drawn(name, r.value)
    })()
  }
}

/**
 * Compiles templates against one library. Keeps compiled wildcards and texts, so a pack with
 * thousands of rows sharing wildcards compiles each wildcard value once. Callers must have
 * validated the text (no unknown wildcards, no cycles, no syntax errors).
 */
export class CombinatorialCompiler {
  private readonly wildcardGens = new Map<string, Gen[]>()
  private readonly textGens = new Map<string, Gen>()

  /** `record`: expansions carry the wildcard draws behind them (pieces.ts). */
  constructor(private readonly library: WildcardLibrary, private readonly record = false) {}

  compileText(text: string): Gen {
    let gen = this.textGens.get(text)
    if (gen === undefined) {
      const parsed = parseTemplate(text)
      if (!parsed.ok) throw new Error(`internal: compiling an invalid template: ${parsed.error.message}`)
      gen = this.compileNodes(parsed.template.body)
      if (this.textGens.size >= 5000) this.textGens.clear()
      this.textGens.set(text, gen)
    }
    return gen
  }

  private compileNodes(nodes: readonly TemplateNode[]): Gen {
    const parts = nodes.map((node) => this.compileNode(node))
    if (parts.length === 0) return new LiteralGen('')
    if (parts.length === 1) return parts[0]!
    return new SequenceGen(parts)
  }

  private compileNode(node: TemplateNode): Gen {
    switch (node.kind) {
      case 'text':
        return new LiteralGen(node.text)
      case 'wildcard':
        return new ConcatGen(this.wildcardValueGens(node.name))
      case 'variant': {
        const lone = soleWildcard(node)
        if (!lone) return new VariantGen(node.options.map((o) => this.compileNodes(o.body)), node.options.map((o) => contentKey(o.body)), node.min, node.max, node.separator)
        // `{2$$__colors__}`: the wildcard's values become the options, the bounds clamped to
        // the number of distinct values (reference behaviour).
        const distinct = this.library.entries(lone.name)!.length
        return new VariantGen(this.wildcardValueGens(lone.name), repeatByWeight(this.library.entries(lone.name)!), Math.min(node.min, distinct), Math.min(node.max, distinct), node.separator)
      }
      default:
        throw new Error(`internal: ${node.kind} in a template the fast compiler was given`)
    }
  }

  /**
   * One gen per value, a value repeated by its whole-number weight (`2::red` twice, `0.5::x`
   * never); when recording, each value is a draw of `name` (the name as the template writes it).
   */
  private wildcardValueGens(name: string): Gen[] {
    let gens = this.wildcardGens.get(name)
    if (gens === undefined) {
      const entries = this.library.entries(name)
      if (!entries) throw new Error(`internal: unknown wildcard ${name} after validation`)
      gens = repeatByWeight(entries).map((v) => (this.record ? new DrawGen(name, this.compileText(v)) : this.compileText(v)))
      this.wildcardGens.set(name, gens)
    }
    return gens
  }
}

export type { Gen }
