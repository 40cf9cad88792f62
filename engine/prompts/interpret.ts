/**
 * The general sampler: every template feature, in the reference library's semantics, as lazy
 * streams. Used for random mode, and for combinatorial mode when a template needs more than the
 * fast compiler offers (variables, `%{…}` wraps, `{~…}`/`{@…}` samplers, wildcard variables or
 * paths built from variants).
 *
 * Three samplers, chosen per node by its `!`/`~`/`@` mark (else inherited):
 * - combinatorial: every expansion once, last part fastest; a `~`/`@` part inside a sequence
 *   gives one new value per listed prompt;
 * - random: endless independent draws; a variant draws its pick count uniformly in the
 *   (clamped) range, then that many options without replacement by weight (a lone option is
 *   always itself); a wildcard draws a value (by weight when weights differ);
 * - cyclical: endless round-robin over the options (or pick combinations, or wildcard values),
 *   each option itself cycling.
 * A `!` inside random or cyclical parts stays random/cyclical. Variables: `${x=…}` in a
 * sequence is set before any part of it is sampled and re-evaluated at every use; `${x=!…}` is
 * evaluated once (in random mode once per batch of prompts).
 */
import { soleWildcard, type TemplateNode, type VariantNode, type WildcardNode } from './ast.ts'
import { contentKey, joinPicks, orderedPicks, repeatByWeight } from './join.ts'
import { parseTemplate } from './parse.ts'
import type { WildcardEntry, WildcardLibrary } from './wildcards.ts'
import type { Rng } from '../util/rng.ts'

/** A problem only sampling can find (an unset variable, a weight-0 draw); becomes a TemplateError. */
export class TemplateProblem extends Error {
  constructor(message: string, readonly position?: number) {
    super(message)
  }
}

type Method = 'comb' | 'rand' | 'cyc'
type Seq = { kind: 'seq'; nodes: readonly TemplateNode[] }
/** The library's command: one node, or a sequence of them. */
type Command = TemplateNode | Seq
interface Choice { weight: number; command: Command; key: string }
interface Pick { options: Choice[]; min: number; max: number; separator: string; position: number }

interface Ctx {
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
}

const MAX_WILDCARD_DEPTH = 64
/**
 * An endless part (`{@…}`, `{~…}`, or a variable holding one) inside a part that lists or
 * de-duplicates can search forever without producing anything new (the library then hangs).
 * After this many fruitless steps the expansion stops with an error instead.
 */
const MAX_IDLE_STEPS = 200_000

function tick(ctx: Ctx, position?: number): void {
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
const EMPTY: Seq = { kind: 'seq', nodes: [] }

export function asCommand(body: readonly TemplateNode[]): Command {
  return body.length === 1 ? body[0]! : { kind: 'seq', nodes: body }
}

function markOf(cmd: Command): Method | undefined {
  return (cmd.kind === 'variant' || cmd.kind === 'wildcard') && cmd.sampler ? MARK[cmd.sampler] : undefined
}

/** A part sampled by a random or cyclical sampler inside a combinatorial sequence. */
function isEndless(cmd: Command, ctx: Ctx): boolean {
  return (markOf(cmd) ?? ctx.method) !== 'comb'
}

/** The values of a command under its own sampler (finite for combinatorial, endless otherwise). */
export function streamOf(cmd: Command, ctx: Ctx): Iterator<string> {
  let method = markOf(cmd) ?? ctx.method
  // A finite sampler cannot nest in an endless one: the enclosing one goes on.
  if (method === 'comb' && ctx.method !== 'comb') method = ctx.method
  const inner = method === ctx.method ? ctx : { ...ctx, method }
  return method === 'comb' ? combinations(cmd, inner) : endless(cmd, inner)
}

export function newContext(method: 'comb' | 'rand', library: WildcardLibrary, rng: Rng): Ctx {
  return { method, vars: new Map(), inUse: new Set(), library, rng, depth: 0, idle: { steps: 0 } }
}

/** A wildcard value as a command; an empty text gives no value at all (as in the library). */
function valueCommand(text: string): Command | null {
  if (text === '') return null
  const parsed = parseTemplate(text)
  if (!parsed.ok) throw new TemplateProblem(`wildcard value "${text}": ${parsed.error.message}`)
  return asCommand(parsed.template.body)
}

function first(cmd: Command, ctx: Ctx): string {
  const r = streamOf(cmd, ctx).next()
  return r.done ? '' : r.value
}

function wildcardName(node: WildcardNode, ctx: Ctx): string {
  return node.dynamic ? first(asCommand(node.path), ctx) : node.name
}

function wildcardEntries(node: WildcardNode, ctx: Ctx): { name: string; entries: readonly WildcardEntry[] } {
  const name = wildcardName(node, ctx)
  const entries = ctx.library.entries(name)
  if (!entries || entries.length === 0) {
    throw new TemplateProblem(`${entries ? 'wildcard with no values' : 'unknown wildcard'} \`__${name}__\` at position ${node.position}`, node.position)
  }
  return { name, entries }
}

/** The context a wildcard's values are sampled in: its `(name=value)` variables, one level deeper. */
function withBindings(node: WildcardNode, ctx: Ctx): Ctx {
  if (ctx.depth >= MAX_WILDCARD_DEPTH) {
    throw new TemplateProblem(`wildcards nested more than ${MAX_WILDCARD_DEPTH} deep at position ${node.position} (a wildcard that includes itself?)`, node.position)
  }
  if (node.bindings.length === 0) return { ...ctx, depth: ctx.depth + 1 }
  const vars = new Map(ctx.vars)
  for (const b of node.bindings) vars.set(b.name, asCommand(b.value))
  return { ...ctx, vars, depth: ctx.depth + 1 }
}

/** `{2$$__colors__}`: the wildcard's values become equally weighted options. */
function pickOf(node: VariantNode, ctx: Ctx): Pick {
  const lone = soleWildcard(node)
  if (!lone) {
    return { options: node.options.map((o) => ({ weight: o.weight, command: asCommand(o.body), key: contentKey(o.body) })), min: node.min, max: node.max, separator: node.separator, position: node.position }
  }
  const { entries } = wildcardEntries(lone, ctx)
  const options: Choice[] = []
  for (const text of repeatByWeight(entries)) options.push({ weight: 1, command: valueCommand(text) ?? EMPTY, key: text })
  return { options, min: Math.min(node.min, entries.length), max: Math.min(node.max, entries.length), separator: node.separator, position: node.position }
}

/** The variables a sequence sets, applied before any of its parts is sampled. */
function applyAssignments(nodes: readonly TemplateNode[], ctx: Ctx): { parts: TemplateNode[]; ctx: Ctx } {
  const parts: TemplateNode[] = []
  let vars: Map<string, Command> | undefined
  for (const node of nodes) {
    if (node.kind !== 'set') { parts.push(node); continue }
    vars ??= new Map(ctx.vars)
    if (node.keepExisting && ctx.vars.has(node.name)) { vars.set(node.name, ctx.vars.get(node.name)!); continue }
    const value = asCommand(node.value)
    vars.set(node.name, node.immediate ? { kind: 'text', text: first(value, ctx) } : value)
  }
  return { parts, ctx: vars ? { ...ctx, vars } : ctx }
}

function variableStream(node: Extract<TemplateNode, { kind: 'get' }>, ctx: Ctx): Iterator<string> {
  let value = ctx.vars.get(node.name)
  if (value !== undefined && value.kind === 'seq' && value.nodes.length === 0) value = undefined
  if (value === undefined && node.fallback) value = asCommand(node.fallback)
  if (value === undefined) throw new TemplateProblem(`variable \`${node.name}\` at position ${node.position} is not set (set it with \`\${${node.name}=…}\` or give a default \`\${${node.name}:…}\`)`, node.position)
  if (ctx.inUse.has(node.name)) throw new TemplateProblem(`variable \`${node.name}\` refers to itself`, node.position)
  return streamOf(value, { ...ctx, inUse: new Set([...ctx.inUse, node.name]) })
}

function splitWrapper(text: string): [string, string] {
  const m = WRAP_MARKER.exec(text)
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, '']
}

function iterate<T>(it: Iterator<T>): Iterable<T> {
  return { [Symbol.iterator]: () => it }
}

// ---- combinatorial ---------------------------------------------------------------------------

function* combinations(cmd: Command, ctx: Ctx): Generator<string> {
  switch (cmd.kind) {
    case 'text': yield cmd.text; return
    case 'seq': yield* sequenceCombinations(cmd.nodes, ctx); return
    case 'variant': yield* pickCombinations(pickOf(cmd, ctx), ctx); return
    case 'wildcard': {
      const { entries } = wildcardEntries(cmd, ctx)
      const inner = withBindings(cmd, ctx)
      for (const text of repeatByWeight(entries)) {
        const value = valueCommand(text)
        if (value) yield* iterate(streamOf(value, inner))
      }
      return
    }
    case 'get': yield* iterate(variableStream(cmd, ctx)); return
    case 'set': throw lonelyAssignment(cmd.position)
    case 'wrap':
      for (const w of iterate(streamOf(asCommand(cmd.wrapper), ctx))) {
        const [before, after] = splitWrapper(w)
        for (const inner of iterate(streamOf(asCommand(cmd.inner), ctx))) yield before + inner + after
      }
  }
}

function lonelyAssignment(position: number): TemplateProblem {
  return new TemplateProblem(`a variable assignment at position ${position} is the whole template, so there is nothing to output`, position)
}

function* sequenceCombinations(nodes: readonly TemplateNode[], outer: Ctx): Generator<string> {
  const { parts, ctx } = applyAssignments(nodes, outer)
  // Endless parts keep one stream each for the whole listing: one new value per prompt.
  const endlessStreams = new Map<number, Iterator<string>>()
  const valueOf = (i: number): string => {
    let s = endlessStreams.get(i)
    if (s === undefined) { s = streamOf(parts[i]!, ctx); endlessStreams.set(i, s) }
    const r = s.next()
    return r.done ? '' : r.value
  }
  function* from(i: number): Generator<string> {
    if (i === parts.length) { yield ''; return }
    const part = parts[i]!
    if (isEndless(part, ctx)) {
      for (const rest of from(i + 1)) yield valueOf(i) + rest
      return
    }
    for (const head of iterate(streamOf(part, ctx))) {
      tick(ctx)
      for (const rest of from(i + 1)) yield head + rest
    }
  }
  yield* from(0)
}

function* pickCombinations(pick: Pick, ctx: Ctx): Generator<string> {
  const n = pick.options.length
  if (n === 0) return
  const seen = new Set<string>()
  for (let k = Math.min(pick.min, n); k <= Math.min(pick.max, n); k++) {
    for (const picked of orderedPicks(pick.options.map((o) => o.key), k)) {
      const commands = picked.map((i) => pick.options[i]!.command)
      for (const texts of optionProduct(commands, 0, ctx)) {
        tick(ctx, pick.position)
        // A pick whose texts repeat is dropped (the library de-duplicates, then checks the size).
        if (new Set(texts).size !== k) continue
        const key = `${k}\u0000${texts.join('\u0000')}`
        if (seen.has(key)) continue
        seen.add(key)
        yield joinPicks(texts, pick.separator)
      }
    }
  }
}

function* optionProduct(commands: readonly Command[], i: number, ctx: Ctx): Generator<string[]> {
  if (i === commands.length) { yield []; return }
  const stream = streamOf(commands[i]!, ctx)
  if (isEndless(commands[i]!, ctx)) {
    for (const rest of optionProduct(commands, i + 1, ctx)) {
      const r = stream.next()
      yield r.done ? rest : [r.value, ...rest]
    }
    return
  }
  for (const head of iterate(stream)) {
    for (const rest of optionProduct(commands, i + 1, ctx)) yield [head, ...rest]
  }
}

// ---- random and cyclical -----------------------------------------------------------------------

function* endless(cmd: Command, ctx: Ctx): Generator<string> {
  switch (cmd.kind) {
    case 'text': for (;;) yield cmd.text
    case 'seq': {
      const { parts, ctx: inner } = applyAssignments(cmd.nodes, ctx)
      const streams = parts.map((p) => streamOf(p, inner))
      for (;;) {
        let out = ''
        for (const s of streams) {
          const r = s.next()
          if (r.done) return
          out += r.value
        }
        yield out
      }
    }
    case 'variant': {
      const pick = pickOf(cmd, ctx)
      yield* ctx.method === 'rand' ? randomPicks(pick, ctx) : cyclicPicks(pick, ctx)
      return
    }
    case 'wildcard':
      yield* ctx.method === 'rand' ? randomValues(cmd, ctx) : cyclicValues(cmd, ctx)
      return
    case 'get': yield* iterate(variableStream(cmd, ctx)); return
    case 'set': throw lonelyAssignment(cmd.position)
    case 'wrap': {
      if (ctx.method === 'cyc') throw new TemplateProblem(`\`%{…}\` at position ${cmd.position} cannot be used with the cyclical sampler \`@\``, cmd.position)
      const wrappers = streamOf(asCommand(cmd.wrapper), ctx)
      const inners = streamOf(asCommand(cmd.inner), ctx)
      for (;;) {
        const w = wrappers.next(), inner = inners.next()
        if (w.done || inner.done) return
        const [before, after] = splitWrapper(w.value)
        yield before + inner.value + after
      }
    }
  }
}

function* randomPicks(pick: Pick, ctx: Ctx): Generator<string> {
  const n = pick.options.length
  if (n === 0) return
  // A lone option is always itself, whatever the bounds say (library behaviour).
  if (n === 1) { yield* iterate(streamOf(pick.options[0]!.command, ctx)); return }
  const low = Math.min(pick.min, n), high = Math.min(pick.max, n)
  for (;;) {
    const wanted = low + ctx.rng.int(high - low + 1)
    const chosen = drawWithoutReplacement(pick, wanted, ctx.rng)
    const texts: string[] = []
    for (const c of chosen) {
      const r = streamOf(c.command, ctx).next()
      if (!r.done) texts.push(r.value)
    }
    yield texts.length === 0 ? '' : joinPicks(texts, pick.separator)
  }
}

function drawWithoutReplacement(pick: Pick, wanted: number, rng: Rng): Choice[] {
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

function* randomValues(node: WildcardNode, ctx: Ctx): Generator<string> {
  const { entries } = wildcardEntries(node, ctx)
  const inner = withBindings(node, ctx)
  const varied = entries.some((e) => e.weight !== entries[0]!.weight)
  let total = 0
  for (const e of entries) total += Math.max(0, e.weight)
  for (;;) {
    let entry = entries[ctx.rng.int(entries.length)]!
    if (varied) {
      let r = ctx.rng.next() * total
      for (const e of entries) {
        if (e.weight <= 0) continue
        entry = e
        r -= e.weight
        if (r < 0) break
      }
    }
    const value = valueCommand(entry.text)
    if (value === null) continue
    const r = streamOf(value, inner).next()
    if (!r.done) yield r.value
  }
}

function* cyclicPicks(pick: Pick, ctx: Ctx): Generator<string> {
  const n = pick.options.length
  if (n === 0) return
  const samplers: (() => string)[] = []
  for (let k = Math.min(pick.min, n); k <= Math.min(pick.max, n); k++) {
    for (const picked of orderedPicks(pick.options.map((o) => o.key), k)) {
      const commands = picked.map((i) => pick.options[i]!.command)
      let streams: Iterator<string>[] | undefined
      samplers.push(() => {
        streams ??= commands.map((c) => streamOf(c, ctx))
        const texts = streams.map((s) => { const r = s.next(); return r.done ? '' : r.value })
        return joinPicks(texts, pick.separator)
      })
    }
  }
  for (let i = 0; ; i++) yield samplers[i % samplers.length]!()
}

function* cyclicValues(node: WildcardNode, ctx: Ctx): Generator<string> {
  const { entries } = wildcardEntries(node, ctx)
  const inner = withBindings(node, ctx)
  const streams: Iterator<string>[] = []
  for (const text of repeatByWeight(entries)) {
    const value = valueCommand(text)
    if (value) streams.push(streamOf(value, inner))
  }
  if (streams.length === 0) return
  for (let i = 0; ; i++) {
    const r = streams[i % streams.length]!.next()
    if (r.done) return
    yield r.value
  }
}
