/**
 * The general sampler's state and the small helpers that need no sampling themselves (the
 * streams are in interpret.ts).
 */
import type { TemplateNode } from './ast.ts'
import { parseTemplate } from './parse.ts'
import { drawn, type Piece } from './pieces.ts'
import type { WildcardLibrary } from './wildcards.ts'
import type { Rng } from '../util/rng.ts'

/** A problem only sampling can find (an unset variable, a weight-0 draw); becomes a TemplateError. */
export class TemplateProblem extends Error {
  constructor(message: string, readonly position?: number) {
    super(message)
  }
}

export type Method = 'comb' | 'rand' | 'cyc'
export type Seq = { kind: 'seq'; nodes: readonly TemplateNode[] }
/** A value already sampled (`${x=!…}`), the same piece at every use. */
export type Fixed = { kind: 'fixed'; piece: Piece }
/** A wildcard's value as an option of `{N$$__name__}`: each expansion is a draw of `name`. */
export type DrawOf = { kind: 'draw'; name: string; command: Command }
/** The library's command: one node, or a sequence of them (plus our two wrappers). */
export type Command = TemplateNode | Seq | Fixed | DrawOf
export interface Choice { weight: number; command: Command; key: string }
export interface Pick { options: Choice[]; min: number; max: number; separator: string; position: number }

export interface Ctx {
  method: Method
  vars: ReadonlyMap<string, Command>
  /** Variables being sampled right now: using one inside its own value is a loop. */
  inUse: ReadonlySet<string>
  library: WildcardLibrary
  rng: Rng
  /** Wildcards entered to get here: a path built while sampling could otherwise loop forever. */
  depth: number
  /** Steps taken since the last prompt came out (shared by the whole expansion). */
  idle: { steps: number }
  /** Whether values carry the wildcard draws behind them (pieces.ts). */
  record: boolean
}

export const MAX_WILDCARD_DEPTH = 64
/**
 * An endless part (`{@…}`, `{~…}`, or a variable holding one) inside a part that lists or
 * de-duplicates can search forever without producing anything new (the library then hangs).
 * After this many fruitless steps the expansion stops with an error instead.
 */
const MAX_IDLE_STEPS = 200_000

export function tick(ctx: Ctx, position?: number): void {
  if (++ctx.idle.steps > MAX_IDLE_STEPS) {
    throw new TemplateProblem(`no new prompt after ${MAX_IDLE_STEPS} steps: an endless \`{~…}\`/\`{@…}\` part (or a variable holding one) is listed inside a part that never runs out${position === undefined ? '' : ` (near position ${position})`}`, position)
  }
}

/** Marks that a prompt came out, so the idle count starts again. */
export function produced(ctx: Ctx): void {
  ctx.idle.steps = 0
}

const MARK: Record<string, Method> = { '!': 'comb', '~': 'rand', '@': 'cyc' }
const WRAP_MARKER = /[\u1801\u2026\u22ee\u22ef\u22f0\u22f1\ufe19]+|\.{3,}/
export const EMPTY: Seq = { kind: 'seq', nodes: [] }

export function asCommand(body: readonly TemplateNode[]): Command {
  return body.length === 1 ? body[0]! : { kind: 'seq', nodes: body }
}

export function markOf(cmd: Command): Method | undefined {
  if (cmd.kind === 'draw') return markOf(cmd.command)
  return (cmd.kind === 'variant' || cmd.kind === 'wildcard') && cmd.sampler ? MARK[cmd.sampler] : undefined
}

/** A part sampled by a random or cyclical sampler inside a combinatorial sequence. */
export function isEndless(cmd: Command, ctx: Ctx): boolean {
  return (markOf(cmd) ?? ctx.method) !== 'comb'
}

export function newContext(method: 'comb' | 'rand', library: WildcardLibrary, rng: Rng, record = false): Ctx {
  return { method, vars: new Map(), inUse: new Set(), library, rng, depth: 0, idle: { steps: 0 }, record }
}

/** A wildcard value as a command; an empty text gives no value at all (as in the library). */
export function valueCommand(text: string): Command | null {
  if (text === '') return null
  const parsed = parseTemplate(text)
  if (!parsed.ok) throw new TemplateProblem(`wildcard value "${text}": ${parsed.error.message}`)
  return asCommand(parsed.template.body)
}

/** A value wildcard `name` gave, recorded as its draw when the context records. */
export function asDraw(name: string, value: Piece, ctx: Ctx): Piece {
  return ctx.record ? drawn(name, value) : value
}

export function splitWrapper(text: string): [string, string] {
  const m = WRAP_MARKER.exec(text)
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, '']
}

export function iterate<T>(it: Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: () => it }
}

export function lonelyAssignment(position: number): TemplateProblem {
  return new TemplateProblem(`a variable assignment at position ${position} is the whole template, so there is nothing to output`, position)
}

export function drawWithoutReplacement(pick: Pick, wanted: number, rng: Rng): Choice[] {
  const pool = [...pick.options]
  const picked: Choice[] = []
  while (picked.length < wanted) {
    let total = 0
    for (const c of pool) if (c.weight > 0) total += c.weight
    if (total <= 0) {
      throw new TemplateProblem(`the variant at position ${pick.position} must draw ${wanted} options but only ${picked.length} have a weight above 0`, pick.position)
    }
    let r = rng.next() * total
    let index = -1
    for (let i = 0; i < pool.length; i++) {
      const w = pool[i]!.weight
      if (w <= 0) continue
      index = i
      r -= w
      if (r < 0) break
    }
    picked.push(pool[index]!)
    pool.splice(index, 1)
  }
  return picked
}
