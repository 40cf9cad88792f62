/**
 * Dynamic Prompts templates (the syntax of the `dynamicprompts` library used by the A1111
 * extension), expanded combinatorially or randomly. Pure code: no I/O, runs in the browser.
 *
 * Syntax
 * - `{a|b|c}` variants, nestable; `{0.5::a|2::b}` weights (random mode only); `{a|}` empty option.
 * - `{2$$a|b|c}` pick 2 (joined by `,`), `{2$$ and $$a|b|c}` custom separator, ranges
 *   `{1-2$$…}`, `{-2$$…}` (1–2), `{2-$$…}` (2 to all), `{0$$…}`; bounds clamp, reversed swap.
 * - `__name__` wildcards, `__dir/name__`, globs `__colors*__`; a bare name is also found in a
 *   subfolder. `{2$$__colors__}` picks among the wildcard's values.
 * - Whitespace right after `{`, after a header and at the start of each option is dropped; tabs
 *   become spaces; nothing else changes. `#` comments run to the end of the line; the text on
 *   either side is rejoined with one space.
 * - Escapes: a backslash before `{ } | _ # \` makes it literal (`\{` gives `{`, `\_\_` gives
 *   `__`); before any other character (A1111's `\(`) the backslash is kept as is.
 * - Plain `$` and `%` are text. `$$` is a header delimiter only right after `{`; elsewhere inside
 *   braces it is an error, at the top level it is text. A `__` not followed by a name (`^__^`) is
 *   text; `__name` without a closing `__` is an error.
 *
 * Unlike the reference library, malformed input never hangs and never leaks `{`, `}` or an
 * unresolved `__name__` into a prompt: every problem is returned as a `TemplateError` naming the
 * 0-based position or the wildcard (cycles name their chain, `a -> b -> a`).
 */
import type { Rng } from '../util/rng.ts'
import { CombinatorialCompiler } from './combinatorial.ts'
import { findWildcardLikeText, hasDynamicSyntax } from './parse.ts'
import { RandomSampler } from './random.ts'
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
 * reads as an unresolved wildcard; it can only arise from pieces like `_{_|x}a__`. Refuse it
 * unless the template escaped underscores on purpose.
 */
function rejectWildcardLikeOutput(prompts: string[], checked: TemplateCheck): TemplateError | undefined {
  if (checked.escapesUnderscore) return undefined
  for (const prompt of prompts) {
    const at = findWildcardLikeText(prompt)
    if (at !== -1) {
      const word = prompt.slice(at, prompt.indexOf('__', at + 2) + 2)
      return { message: `the template builds \`${word}\` from separate pieces, which would read as a wildcard; escape the underscores (\\_) if it is meant literally` }
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

/**
 * All combinations in the reference library's order, stopping after `limit` prompts (the work
 * stops there too: later combinations are never generated).
 *
 * @example expandCombinatorial('{a|b} {x|y}', { wildcards, limit: 3 }) // ['a x', 'a y', 'b x']
 */
export function expandCombinatorial(text: string, opts: { wildcards: WildcardLibrary; limit: number }): Expansion {
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ok: false, error: { ...checked.errors[0]! } }
  const prompts: string[] = []
  if (opts.limit > 0) {
    const it = cacheFor(opts.wildcards).compiler.compileText(text).iterate()
    while (prompts.length < opts.limit) {
      const r = it.next()
      if (r.done) break
      prompts.push(r.value)
    }
  }
  const leak = rejectWildcardLikeOutput(prompts, checked)
  return leak ? { ok: false, error: leak } : { ok: true, prompts }
}

/**
 * How many prompts `expandCombinatorial` gives without a limit, exactly, or `cap` when there are
 * at least that many. Cheap for large templates: counts multiply instead of enumerating.
 */
export function countCombinations(text: string, opts: { wildcards: WildcardLibrary; cap: number }): number | TemplateError {
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ...checked.errors[0]! }
  if (opts.cap <= 0) return 0
  return cacheFor(opts.wildcards).compiler.compileText(text).count(opts.cap)
}

/**
 * `count` independent random prompts. Weights are relative probabilities (weight 0 never
 * appears); the same Rng seed gives the same prompts everywhere.
 *
 * @example expandRandom('{a|b}', { wildcards, count: 2, rng: createRng(1) })
 */
export function expandRandom(text: string, opts: { wildcards: WildcardLibrary; count: number; rng: Rng }): Expansion {
  const checked = check(text, opts.wildcards)
  if (checked.errors.length > 0) return { ok: false, error: { ...checked.errors[0]! } }
  const sampler = new RandomSampler(opts.wildcards, opts.rng)
  const prompts: string[] = []
  for (let i = 0; i < opts.count; i++) prompts.push(sampler.sampleText(text))
  const leak = rejectWildcardLikeOutput(prompts, checked)
  return leak ? { ok: false, error: leak } : { ok: true, prompts }
}
