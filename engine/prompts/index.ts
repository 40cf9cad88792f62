/**
 * Dynamic Prompts templates (the syntax of the `dynamicprompts` library used by the A1111
 * extension), expanded combinatorially or randomly, giving the library's prompts in the
 * library's order. Pure code: no I/O, runs in the browser. The rules, one line each with an
 * example, are in docs/engine.md ("Dynamic Prompts syntax").
 *
 * Where the library would print a raw `__name__`, loop or crash, this returns a `TemplateError`
 * naming the 0-based position or the wildcard (cycles name their chain, `a -> b -> a`), and it
 * accepts plain `$`, `%` and `^__^` as text where the library refuses to parse.
 */
import type { Rng } from '../util/rng.ts'
import { createRng } from '../util/rng.ts'
import { CombinatorialCompiler } from './combinatorial.ts'
import { asCommand, newContext, produced, streamOf, TemplateProblem } from './interpret.ts'
import { findWildcardLikeText, hasDynamicSyntax, parseTemplate } from './parse.ts'
import { checkTemplate, type TemplateCheck, type TemplateError } from './validate.ts'
import { createWildcardLibrary, type WildcardLibrary } from './wildcards.ts'

export type { TemplateError } from './validate.ts'
export type { WildcardLibrary } from './wildcards.ts'
export { createWildcardLibrary, hasDynamicSyntax }

export type Expansion = { ok: true; prompts: string[] } | { ok: false; error: TemplateError }

// Libraries are immutable, so checks and compiled templates are cached per library object.
interface LibraryCache {
  checks: Map<string, TemplateCheck>
  compiler: CombinatorialCompiler
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
function collect(take: () => string[]): Expansion {
  try {
    const prompts = take()
    const leak = rejectWildcardLikeOutput(prompts)
    return leak ? { ok: false, error: leak } : { ok: true, prompts }
  } catch (e) {
    if (!(e instanceof TemplateProblem)) throw e
    return { ok: false, error: e.position === undefined ? { message: e.message } : { message: e.message, position: e.position } }
  }
}

function take(it: Iterator<string>, limit: number): string[] {
  const out: string[] = []
  while (out.length < limit) {
    const r = it.next()
    if (r.done) break
    out.push(r.value)
  }
  return out
}

/** The template's values under the general sampler (every feature), `method` at the top. */
function interpreted(text: string, method: 'comb' | 'rand', wildcards: WildcardLibrary, rng: Rng): Iterator<string> {
  const parsed = parseTemplate(text)
  if (!parsed.ok) throw new Error(`internal: sampling an invalid template: ${parsed.error.message}`)
  const ctx = newContext(method, wildcards, rng)
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
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ok: false, error: { ...checked.errors[0]! } }
  if (text === '' || opts.limit <= 0) return { ok: true, prompts: [] }
  return collect(() => {
    const it = checked.simple
      ? cacheFor(opts.wildcards).compiler.compileText(text).iterate()
      : interpreted(text, 'comb', opts.wildcards, opts.rng ?? createRng(0))
    return take(it, opts.limit)
  })
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
  const listed = collect(() => take(interpreted(text, 'comb', opts.wildcards, createRng(0)), opts.cap))
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
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ok: false, error: { ...checked.errors[0]! } }
  if (text === '' || opts.count <= 0) return { ok: true, prompts: [] }
  return collect(() => take(interpreted(text, 'rand', opts.wildcards, opts.rng), opts.count))
}
