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
 *
 * Values are `Piece`s (pieces.ts): when the context records, each wildcard value carries its
 * draw, and every join below carries the draws along, so a prompt knows what it drew.
 */
import { soleWildcard, type TemplateNode, type VariantNode, type WildcardNode } from './ast.ts'
import { contentKey, orderedPicks, repeatByWeight } from './join.ts'
import { concat, joinPieces, sharedDraws, textOf, withText, type Piece } from './pieces.ts'
import {
  asCommand, asDraw, drawWithoutReplacement, EMPTY, isEndless, iterate, lonelyAssignment, markOf, MAX_WILDCARD_DEPTH,
  splitWrapper, tick, TemplateProblem, valueCommand, type Choice, type Command, type Ctx, type Pick,
} from './sampling.ts'
import type { WildcardEntry } from './wildcards.ts'

export { asCommand, newContext, produced, TemplateProblem } from './sampling.ts'

/** The values of a command under its own sampler (finite for combinatorial, endless otherwise). */
export function streamOf(cmd: Command, ctx: Ctx): Iterator<Piece> {
  let method = markOf(cmd) ?? ctx.method
  // A finite sampler cannot nest in an endless one: the enclosing one goes on.
  if (method === 'comb' && ctx.method !== 'comb') method = ctx.method
  const inner = method === ctx.method ? ctx : { ...ctx, method }
  return method === 'comb' ? combinations(cmd, inner) : endless(cmd, inner)
}

function first(cmd: Command, ctx: Ctx): Piece {
  const r = streamOf(cmd, ctx).next()
  return r.done ? '' : r.value
}

/** The name as written, or as built (`__{a|b}__`); draws that only build a name are not in the prompt. */
function wildcardName(node: WildcardNode, ctx: Ctx): string {
  return node.dynamic ? textOf(first(asCommand(node.path), ctx)) : node.name
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
  const { name, entries } = wildcardEntries(lone, ctx)
  const options: Choice[] = []
  for (const text of repeatByWeight(entries)) {
    const command = valueCommand(text) ?? EMPTY
    options.push({ weight: 1, command: ctx.record ? { kind: 'draw', name, command } : command, key: text })
  }
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
    // Evaluated once: its draws are one draw wherever the variable is used.
    vars.set(node.name, node.immediate ? { kind: 'fixed', piece: sharedDraws(first(value, ctx)) } : value)
  }
  return { parts, ctx: vars ? { ...ctx, vars } : ctx }
}

function variableStream(node: Extract<TemplateNode, { kind: 'get' }>, ctx: Ctx): Iterator<Piece> {
  let value = ctx.vars.get(node.name)
  if (value !== undefined && value.kind === 'seq' && value.nodes.length === 0) value = undefined
  if (value === undefined && node.fallback) value = asCommand(node.fallback)
  if (value === undefined) throw new TemplateProblem(`variable \`${node.name}\` at position ${node.position} is not set (set it with \`\${${node.name}=…}\` or give a default \`\${${node.name}:…}\`)`, node.position)
  if (ctx.inUse.has(node.name)) throw new TemplateProblem(`variable \`${node.name}\` refers to itself`, node.position)
  return streamOf(value, { ...ctx, inUse: new Set([...ctx.inUse, node.name]) })
}

// ---- combinatorial ---------------------------------------------------------------------------

function* combinations(cmd: Command, ctx: Ctx): Generator<Piece> {
  switch (cmd.kind) {
    case 'text': yield cmd.text; return
    case 'fixed': yield cmd.piece; return
    case 'draw': for (const v of iterate(streamOf(cmd.command, ctx))) yield asDraw(cmd.name, v, ctx); return
    case 'seq': yield* sequenceCombinations(cmd.nodes, ctx); return
    case 'variant': yield* pickCombinations(pickOf(cmd, ctx), ctx); return
    case 'wildcard': {
      const { name, entries } = wildcardEntries(cmd, ctx)
      const inner = withBindings(cmd, ctx)
      for (const text of repeatByWeight(entries)) {
        const value = valueCommand(text)
        if (value) for (const v of iterate(streamOf(value, inner))) yield asDraw(name, v, ctx)
      }
      return
    }
    case 'get': yield* iterate(variableStream(cmd, ctx)); return
    case 'set': throw lonelyAssignment(cmd.position)
    case 'wrap':
      for (const w of iterate(streamOf(asCommand(cmd.wrapper), ctx))) {
        const [before, after] = splitWrapper(textOf(w))
        for (const inner of iterate(streamOf(asCommand(cmd.inner), ctx))) yield concat(concat(withText(w, before), inner), after)
      }
  }
}

function* sequenceCombinations(nodes: readonly TemplateNode[], outer: Ctx): Generator<Piece> {
  const { parts, ctx } = applyAssignments(nodes, outer)
  // Endless parts keep one stream each for the whole listing: one new value per prompt.
  const endlessStreams = new Map<number, Iterator<Piece>>()
  const valueOf = (i: number): Piece => {
    let s = endlessStreams.get(i)
    if (s === undefined) { s = streamOf(parts[i]!, ctx); endlessStreams.set(i, s) }
    const r = s.next()
    return r.done ? '' : r.value
  }
  function* from(i: number): Generator<Piece> {
    if (i === parts.length) { yield ''; return }
    const part = parts[i]!
    if (isEndless(part, ctx)) {
      for (const rest of from(i + 1)) yield concat(valueOf(i), rest)
      return
    }
    for (const head of iterate(streamOf(part, ctx))) {
      tick(ctx)
      for (const rest of from(i + 1)) yield concat(head, rest)
    }
  }
  yield* from(0)
}

function* pickCombinations(pick: Pick, ctx: Ctx): Generator<Piece> {
  const n = pick.options.length
  if (n === 0) return
  const seen = new Set<string>()
  for (let k = Math.min(pick.min, n); k <= Math.min(pick.max, n); k++) {
    for (const picked of orderedPicks(pick.options.map((o) => o.key), k)) {
      const commands = picked.map((i) => pick.options[i]!.command)
      for (const pieces of optionProduct(commands, 0, ctx)) {
        tick(ctx, pick.position)
        const texts = pieces.map(textOf)
        // A pick whose texts repeat is dropped (the library de-duplicates, then checks the size).
        if (new Set(texts).size !== k) continue
        const key = `${k}\u0000${texts.join('\u0000')}`
        if (seen.has(key)) continue
        seen.add(key)
        yield joinPieces(pieces, pick.separator)
      }
    }
  }
}

function* optionProduct(commands: readonly Command[], i: number, ctx: Ctx): Generator<Piece[]> {
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

function* endless(cmd: Command, ctx: Ctx): Generator<Piece> {
  switch (cmd.kind) {
    case 'text': for (;;) yield cmd.text
    case 'fixed': for (;;) yield cmd.piece
    case 'draw': for (const v of iterate(streamOf(cmd.command, ctx))) yield asDraw(cmd.name, v, ctx); return
    case 'seq': {
      const { parts, ctx: inner } = applyAssignments(cmd.nodes, ctx)
      const streams = parts.map((p) => streamOf(p, inner))
      for (;;) {
        let out: Piece = ''
        for (const s of streams) {
          const r = s.next()
          if (r.done) return
          out = concat(out, r.value)
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
        const [before, after] = splitWrapper(textOf(w.value))
        yield concat(concat(withText(w.value, before), inner.value), after)
      }
    }
  }
}

function* randomPicks(pick: Pick, ctx: Ctx): Generator<Piece> {
  const n = pick.options.length
  if (n === 0) return
  // A lone option is always itself, whatever the bounds say (library behaviour).
  if (n === 1) { yield* iterate(streamOf(pick.options[0]!.command, ctx)); return }
  const low = Math.min(pick.min, n), high = Math.min(pick.max, n)
  for (;;) {
    const wanted = low + ctx.rng.int(high - low + 1)
    const chosen = drawWithoutReplacement(pick, wanted, ctx.rng)
    const pieces: Piece[] = []
    for (const c of chosen) {
      const r = streamOf(c.command, ctx).next()
      if (!r.done) pieces.push(r.value)
    }
    yield pieces.length === 0 ? '' : joinPieces(pieces, pick.separator)
  }
}

function* randomValues(node: WildcardNode, ctx: Ctx): Generator<Piece> {
  const { name, entries } = wildcardEntries(node, ctx)
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
    if (!r.done) yield asDraw(name, r.value, ctx)
  }
}

function* cyclicPicks(pick: Pick, ctx: Ctx): Generator<Piece> {
  const n = pick.options.length
  if (n === 0) return
  const samplers: (() => Piece)[] = []
  for (let k = Math.min(pick.min, n); k <= Math.min(pick.max, n); k++) {
    for (const picked of orderedPicks(pick.options.map((o) => o.key), k)) {
      const commands = picked.map((i) => pick.options[i]!.command)
      let streams: Iterator<Piece>[] | undefined
      samplers.push(() => {
        streams ??= commands.map((c) => streamOf(c, ctx))
        return joinPieces(streams.map((s) => { const r = s.next(); return r.done ? '' : r.value }), pick.separator)
      })
    }
  }
  for (let i = 0; ; i++) yield samplers[i % samplers.length]!()
}

function* cyclicValues(node: WildcardNode, ctx: Ctx): Generator<Piece> {
  const { name, entries } = wildcardEntries(node, ctx)
  const inner = withBindings(node, ctx)
  const streams: Iterator<Piece>[] = []
  for (const text of repeatByWeight(entries)) {
    const value = valueCommand(text)
    if (value) streams.push(streamOf(value, inner))
  }
  if (streams.length === 0) return
  for (let i = 0; ; i++) {
    const r = streams[i % streams.length]!.next()
    if (r.done) return
    yield asDraw(name, r.value, ctx)
  }
}
