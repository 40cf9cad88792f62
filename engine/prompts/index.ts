/**
 * Dynamic Prompts templates (the syntax of the `dynamicprompts` library used by the A1111
 * extension), expanded combinatorially or randomly, giving the library's prompts in the
 * library's order. Pure code: no I/O, runs in the browser. The rules, one line each with an
 * example, are in docs/engine.md ("Dynamic Prompts syntax").
 *
 * Where the library would print a raw `__name__`, loop or crash, this returns a `TemplateError`
 * naming the 0-based position or the wildcard (cycles name their chain, `a -> b -> a`), and it
 * accepts plain `$`, `%` and `^__^` as text where the library refuses to parse.
 *
 * The `…WithDraws` forms also say, per prompt, what each `__wildcard__` drew (pieces.ts).
 */
import type { Rng } from '../util/rng.ts'
import { createRng } from '../util/rng.ts'
import { CombinatorialCompiler } from './combinatorial.ts'
import { asCommand, newContext, produced, streamOf, TemplateProblem } from './interpret.ts'
import { findWildcardLikeText, hasDynamicSyntax, parseTemplate } from './parse.ts'
import { drawRecord, textOf, type Piece, type WildcardDraws } from './pieces.ts'
import { checkTemplate, type TemplateCheck, type TemplateError } from './validate.ts'
import { createWildcardLibrary, type WildcardLibrary } from './wildcards.ts'

export type { TemplateError } from './validate.ts'
export type { WildcardLibrary } from './wildcards.ts'
export type { WildcardDraws } from './pieces.ts'
export { createWildcardLibrary, hasDynamicSyntax }

export type Expansion = { ok: true; prompts: string[] } | { ok: false; error: TemplateError }
/**
 * Prompts, and for each (same index) the value every wildcard reference in it drew, recorded
 * while sampling (rules in pieces.ts and docs/engine.md "Wildcard draws").
 */
export type DrawnExpansion = { ok: true; prompts: string[]; draws: WildcardDraws[] } | { ok: false; error: TemplateError }

// Libraries are immutable, so checks and compiled templates are cached per library object.
interface LibraryCache {
  checks: Map<string, TemplateCheck>
  compiler: CombinatorialCompiler
  /** The same, recording draws (built on first use). */
  drawCompiler?: CombinatorialCompiler
}
const caches = new WeakMap<WildcardLibrary, LibraryCache>()
const CHECK_CACHE_LIMIT = 5000

function cacheFor(library: WildcardLibrary): LibraryCache {
  let cache = caches.get(library)
  if (cache === undefined) {
    cache = { checks: new Map(), compiler: new CombinatorialCompiler(library) }
    caches.set(library, cache)
  }
  return cache
}

function compilerFor(library: WildcardLibrary, record: boolean): CombinatorialCompiler {
  const cache = cacheFor(library)
  if (!record) return cache.compiler
  return (cache.drawCompiler ??= new CombinatorialCompiler(library, true))
}

function check(text: string, library: WildcardLibrary): TemplateCheck {
  const { checks } = cacheFor(library)
  let result = checks.get(text)
  if (result === undefined) {
    if (checks.size >= CHECK_CACHE_LIMIT) checks.clear()
    result = checkTemplate(text, library)
    checks.set(text, result)
  }
  return result
}

/**
 * A prompt that spells `__word__` would be expanded again by a WebUI running the extension, and
 * reads as an unresolved wildcard; it can only arise from pieces like `_{_|x}a__`. Refuse it.
 */
function rejectWildcardLikeOutput(prompts: string[]): TemplateError | undefined {
  for (const prompt of prompts) {
    const at = findWildcardLikeText(prompt)
    if (at !== -1) {
      const word = prompt.slice(at, prompt.indexOf('__', at + 2) + 2)
      return { message: `the template builds \`${word}\` from separate pieces, which would read as a wildcard` }
    }
  }
  return undefined
}

/**
 * Every problem in the template and in the wildcards it can reach (unknown, empty, broken,
 * cyclic). An empty list means both expansion modes will succeed.
 *
 * @example validateTemplate('{a|b', lib) // [{ message: 'unclosed `{` at position 0', position: 0 }]
 */
export function validateTemplate(text: string, wildcards: WildcardLibrary): TemplateError[] {
  return check(text, wildcards).errors.map((e) => ({ ...e }))
}

/** Runs a sampler, turning a problem found while sampling into the same error shape. */
function collect(take: () => Piece[], record: boolean): DrawnExpansion {
  try {
    const pieces = take()
    const prompts = pieces.map(textOf)
    const leak = rejectWildcardLikeOutput(prompts)
    if (leak) return { ok: false, error: leak }
    return { ok: true, prompts, draws: record ? pieces.map(drawRecord) : [] }
  } catch (e) {
    if (!(e instanceof TemplateProblem)) throw e
    return { ok: false, error: e.position === undefined ? { message: e.message } : { message: e.message, position: e.position } }
  }
}

/** The plain form: just the prompts. */
function promptsOnly(result: DrawnExpansion): Expansion {
  return result.ok ? { ok: true, prompts: result.prompts } : result
}

function take(it: Iterator<Piece>, limit: number): Piece[] {
  const out: Piece[] = []
  while (out.length < limit) {
    const r = it.next()
    if (r.done) break
    out.push(r.value)
  }
  return out
}

/** The template's values under the general sampler (every feature), `method` at the top. */
function interpreted(text: string, method: 'comb' | 'rand', wildcards: WildcardLibrary, rng: Rng, record = false): Iterator<Piece> {
  const parsed = parseTemplate(text)
  if (!parsed.ok) throw new Error(`internal: sampling an invalid template: ${parsed.error.message}`)
  const ctx = newContext(method, wildcards, rng, record)
  const stream = streamOf(asCommand(parsed.template.body), ctx)
  return {
    next() {
      const r = stream.next()
      produced(ctx)
      return r
    },
  }
}

/**
 * All combinations in the reference library's order, stopping after `limit` prompts (the work
 * stops there too: later combinations are never generated). The empty template gives no prompt.
 * `rng` serves only `{~…}` parts (random inside a listing); without one they are seeded with 0.
 *
 * @example expandCombinatorial('{a|b} {x|y}', { wildcards, limit: 3 }) // ['a x', 'a y', 'b x']
 */
export function expandCombinatorial(text: string, opts: { wildcards: WildcardLibrary; limit: number; rng?: Rng }): Expansion {
  return promptsOnly(combinatorial(text, opts, false))
}

/**
 * `expandCombinatorial`, each prompt with the wildcard draws behind it.
 *
 * @example expandCombinatorialWithDraws('a __colour__ cat', { wildcards, limit: 2 })
 * // { ok: true, prompts: ['a blue cat', 'a red cat'], draws: [{ colour: 'blue' }, { colour: 'red' }] }
 */
export function expandCombinatorialWithDraws(text: string, opts: { wildcards: WildcardLibrary; limit: number; rng?: Rng }): DrawnExpansion {
  return combinatorial(text, opts, true)
}

function combinatorial(text: string, opts: { wildcards: WildcardLibrary; limit: number; rng?: Rng }, record: boolean): DrawnExpansion {
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ok: false, error: { ...checked.errors[0]! } }
  if (text === '' || opts.limit <= 0) return { ok: true, prompts: [], draws: [] }
  return collect(() => {
    const it = checked.simple
      ? compilerFor(opts.wildcards, record).compileText(text).iterate()
      : interpreted(text, 'comb', opts.wildcards, opts.rng ?? createRng(0), record)
    return take(it, opts.limit)
  }, record)
}

/**
 * How many prompts `expandCombinatorial` gives without a limit, exactly, or `cap` when there are
 * at least that many. Cheap for large templates: counts multiply instead of enumerating.
 */
export function countCombinations(text: string, opts: { wildcards: WildcardLibrary; cap: number }): number | TemplateError {
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ...checked.errors[0]! }
  if (opts.cap <= 0 || text === '') return 0
  if (checked.simple) return cacheFor(opts.wildcards).compiler.compileText(text).count(opts.cap)
  const listed = collect(() => take(interpreted(text, 'comb', opts.wildcards, createRng(0)), opts.cap), false)
  return listed.ok ? listed.prompts.length : listed.error
}

/**
 * `count` random prompts, drawn as the library's random generator draws one batch: weights are
 * relative probabilities (weight 0 never appears), `${x=!…}` is drawn once for the batch, and
 * `{@…}` cycles across the batch. The same Rng seed gives the same prompts everywhere.
 *
 * @example expandRandom('{a|b}', { wildcards, count: 2, rng: createRng(1) })
 */
export function expandRandom(text: string, opts: { wildcards: WildcardLibrary; count: number; rng: Rng }): Expansion {
  return promptsOnly(random(text, opts, false))
}

/** `expandRandom`, each prompt with the wildcard draws behind it (the same draws: same Rng use). */
export function expandRandomWithDraws(text: string, opts: { wildcards: WildcardLibrary; count: number; rng: Rng }): DrawnExpansion {
  return random(text, opts, true)
}

function random(text: string, opts: { wildcards: WildcardLibrary; count: number; rng: Rng }, record: boolean): DrawnExpansion {
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ok: false, error: { ...checked.errors[0]! } }
  if (text === '' || opts.count <= 0) return { ok: true, prompts: [], draws: [] }
  return collect(() => take(interpreted(text, 'rand', opts.wildcards, opts.rng, record), opts.count), record)
}
