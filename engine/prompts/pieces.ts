/**
 * Expanded text together with the wildcard draws behind it, so each prompt carries which value
 * every `__wildcard__` reference resolved to, recorded by the samplers as they draw (never read
 * back from the finished text, which can be ambiguous: `__a__ __b__` giving `red red red`).
 *
 * A `Piece` is plain text until a wildcard is drawn, so templates without wildcards, and any
 * sampler run that does not record (see `record` in the compilers), pay only a type check.
 *
 * Rules (docs/engine.md "Wildcard draws"):
 * - a draw is recorded under the wildcard's name as the template writes it (a glob
 *   `__colors/*__` under `colors/*`, a YAML key path under that path; a built name
 *   `__{a|b}__` under the name it built), with the text the value expanded to;
 * - a wildcard drawn several times in one prompt records its values in text order joined with
 *   ` + ` (`__c__ and __c__` → `red + blue`); each pick of `{2$$__c__}` is a draw;
 * - a value holding other wildcards records those too (`__shade__` = `__c__ ish` → shade
 *   `red ish`, c `red`);
 * - a draw that is reused (`${x=!__c__}` used twice) is one draw, recorded once.
 */
import { joinPicks } from './join.ts'

/** One wildcard reference resolved. `shared` marks a draw reused as a whole (an immediate variable). */
export interface Draw {
  readonly name: string
  readonly value: string
  readonly shared?: true
}

export interface DrawnText {
  readonly text: string
  /** In text order, a wildcard before the draws inside its value. */
  readonly draws: readonly Draw[]
}

export type Piece = string | DrawnText

/** Name → value (several draws of one name joined with ` + `); `{}` when nothing was drawn. */
export type WildcardDraws = Record<string, string>

const DRAW_SEPARATOR = ' + '

const NONE: readonly Draw[] = Object.freeze([])

export function textOf(p: Piece): string {
  return typeof p === 'string' ? p : p.text
}

export function drawsOf(p: Piece): readonly Draw[] {
  return typeof p === 'string' ? NONE : p.draws
}

/** The pieces one after the other. */
export function concat(a: Piece, b: Piece): Piece {
  if (typeof a === 'string') {
    if (typeof b === 'string') return a + b
    return { text: a + b.text, draws: b.draws }
  }
  if (typeof b === 'string') return { text: a.text + b, draws: a.draws }
  return { text: a.text + b.text, draws: [...a.draws, ...b.draws] }
}

/** Other text, the same draws (a `%{…}` wrapper's halves, a pick's joined text). */
export function withText(p: Piece, text: string): Piece {
  const draws = drawsOf(p)
  return draws.length === 0 ? text : { text, draws }
}

/** `value` as what wildcard `name` drew: that draw first, then the draws inside the value. */
export function drawn(name: string, value: Piece): DrawnText {
  const text = textOf(value)
  return { text, draws: [{ name, value: text }, ...drawsOf(value)] }
}

/** `value` with each of its draws marked as reused whole wherever the value appears again. */
export function sharedDraws(value: Piece): Piece {
  if (typeof value === 'string') return value
  return { text: value.text, draws: value.draws.map((d) => ({ name: d.name, value: d.value, shared: true as const })) }
}

/** Picked options joined as the library joins them (joinPicks), their draws in pick order. */
export function joinPieces(pieces: readonly Piece[], separator: string): Piece {
  if (pieces.length === 1) return pieces[0]!
  const texts: string[] = []
  let draws: Draw[] | undefined
  for (const p of pieces) {
    texts.push(textOf(p))
    if (typeof p !== 'string' && p.draws.length > 0) (draws ??= []).push(...p.draws)
  }
  const text = joinPicks(texts, separator)
  return draws ? { text, draws } : text
}

/** The record a job keeps: each name's draws in text order, joined with ` + `. */
export function drawRecord(p: Piece): WildcardDraws {
  const draws = drawsOf(p)
  if (draws.length === 0) return {}
  const values = new Map<string, string>()
  const seen = new Set<Draw>()
  for (const d of draws) {
    if (d.shared) {
      if (seen.has(d)) continue
      seen.add(d)
    }
    const before = values.get(d.name)
    values.set(d.name, before === undefined ? d.value : before + DRAW_SEPARATOR + d.value)
  }
  return Object.fromEntries(values)
}
