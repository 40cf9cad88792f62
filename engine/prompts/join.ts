/**
 * Small rules of the reference library's output shared by every sampler.
 */
import type { WildcardEntry } from './structured-wildcards.ts'

/**
 * Picked options joined by the separator. Like the library, one separator is then removed from
 * each end, so an empty pick does not leave a dangling `,` (`{2$$a|}` gives `a`). A single
 * pick is never trimmed.
 */
export function joinPicks(texts: readonly string[], separator: string): string {
  if (texts.length === 1) return texts[0]!
  let joined = texts.join(separator)
  if (separator !== '') {
    if (joined.startsWith(separator)) joined = joined.slice(separator.length)
    if (joined.endsWith(separator)) joined = joined.slice(0, joined.length - separator.length)
  }
  return joined
}

/** The values a combinatorial listing walks: each repeated by its whole-number weight. */
export function repeatByWeight(entries: readonly WildcardEntry[]): string[] {
  const out: string[] = []
  for (const e of entries) {
    const times = Math.trunc(e.weight)
    for (let i = 0; i < times; i++) out.push(e.text)
  }
  return out
}

/**
 * The ordered picks of `k` options, as the library lists them: an option is followed by picks
 * from the options that are not *equal* to it, so two identical options (`{2$${a|b}|{a|b}}`)
 * never appear in one pick. `keys[i]` identifies option i's content.
 */
export function* orderedPicks(keys: readonly string[], k: number, from: readonly number[] = keys.map((_, i) => i)): Generator<number[]> {
  if (k <= 0) { yield []; return }
  for (const i of from) {
    const others = from.filter((j) => keys[j] !== keys[i])
    for (const rest of orderedPicks(keys, k - 1, others)) yield [i, ...rest]
  }
}

/** A key for an option's content: its parsed form without source positions. */
export function contentKey(body: unknown): string {
  return JSON.stringify(body, (key, value: unknown) => (key === 'position' ? undefined : value))
}
