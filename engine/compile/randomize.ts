/**
 * The randomizer node: turns each incoming entry into variants, the product of
 *   [[slot]] matrix combinations × Dynamic Prompts expansions × config sweep values
 * (last axis varies fastest, like Dynamic Prompts), in one of three modes:
 *   combinatorial — the first `maxVariants` combinations, in order;
 *   random        — `maxVariants` seeded draws (weights respected, repeats possible);
 *   rotate        — one combination per entry: the n-th entry takes combination n (mod count).
 */
import { expandCombinatorialWithDraws, expandRandomWithDraws, hasDynamicSyntax, validateTemplate, type WildcardDraws } from '../prompts/index.ts'
import { findSlots, normalizeSlotName, substituteSlots } from '../packs/index.ts'
import type { RandomizerParams } from '../nodes/randomizer.ts'
import { createRng, seedFrom, type Rng } from '../util/rng.ts'
import type { CompileContext } from './context.ts'
import { describeNode, type IndexedNode } from './graph-index.ts'
import type { PromptEntry } from './prompt-entry.ts'
import { buildSweepAxes, combineLayers, type SweepAxis } from './sweeps.ts'
import type { GraphError, GraphWarning } from './spec.ts'

interface MatrixCombo {
  slots: Record<string, string>
  text: string
}

interface Choice {
  combo: MatrixCombo
  text: string
  /** What each `__wildcard__` of the text drew, recorded by the expansion ({} when none). */
  draws: WildcardDraws
  /** Index into each sweep axis. */
  sweep: number[]
}

export function expandEntries(
  n: IndexedNode, params: RandomizerParams, input: PromptEntry[], ctx: CompileContext,
  errors: GraphError[], warnings: GraphWarning[],
): PromptEntry[] {
  const sweepProblems: { field: string; message: string }[] = []
  const axes = buildSweepAxes(params.sweeps, sweepProblems)
  for (const p of sweepProblems) errors.push({ code: 'invalid-sweep', nodeId: n.node.id, field: p.field, message: `${describeNode(n)}: ${p.message}.` })
  if (sweepProblems.length) return []

  const drawSeed = params.drawSeed >= 0 ? params.drawSeed : seedFrom(ctx.runSeed, n.node.id, 'draw')
  const out: PromptEntry[] = []
  let truncated = 0
  input.forEach((entry, position) => {
    const combos = matrixCombos(n, params, entry, errors)
    if (!combos) return
    const templateProblems = combos.flatMap((c) => (hasDynamicSyntax(c.text) ? validateTemplate(c.text, ctx.wildcards) : []))
    if (templateProblems.length) {
      const where = entry.packId !== null ? ` (pack "${entry.packId}", row ${entry.rowIndex! + 1})` : ''
      for (const p of dedupe(templateProblems.map((t) => t.message))) {
        errors.push({ code: 'template', nodeId: n.node.id, message: `${describeNode(n)}${where}: ${p}` })
      }
      return
    }
    let choices: Choice[]
    if (params.mode === 'random') {
      choices = drawRandom(combos, axes, params.maxVariants, createRng(seedFrom(drawSeed, entry.key)), ctx)
    } else {
      const wanted = params.mode === 'rotate' ? position + 1 : params.maxVariants
      const all = enumerate(combos, axes, wanted, ctx)
      if (params.mode === 'combinatorial' && all.complete === false) truncated++
      choices = params.mode === 'rotate' ? [all.list[position % all.list.length]!] : all.list
    }
    const total = choices.length
    choices.forEach((choice, v) => out.push(toEntry(n, params, entry, choice, axes, v, total)))
  })
  if (truncated > 0) {
    warnings.push({ code: 'variants-capped', nodeId: n.node.id, field: 'maxVariants', message: `${describeNode(n)}: ${truncated} row(s) have more than ${params.maxVariants} combinations; only the first ${params.maxVariants} of each are used.` })
  }
  return out
}

function matrixCombos(n: IndexedNode, params: RandomizerParams, entry: PromptEntry, errors: GraphError[]): MatrixCombo[] | null {
  const used = findSlots(entry.text)
  if (used.length === 0) return [{ slots: {}, text: entry.text }]
  const where = entry.packId !== null ? `pack "${entry.packId}", row ${entry.rowIndex! + 1}` : 'the prompt'
  if (!params.useMatrix) {
    errors.push({ code: 'unexpanded-prompt', nodeId: n.node.id, field: 'useMatrix', message: `${describeNode(n)}: ${where} uses [[${used[0]}]], but this randomizer does not expand the matrix.` })
    return null
  }
  const matrix = entry.matrix
  const axes: { name: string; values: readonly string[] }[] = []
  for (const name of dedupe(used.map(normalizeSlotName))) {
    const slot = matrix?.find((s) => normalizeSlotName(s.name) === name)
    if (!slot || slot.values.length === 0) {
      errors.push({ code: 'unexpanded-prompt', nodeId: n.node.id, message: `${describeNode(n)}: ${where} uses [[${name}]], which the pack's matrix does not define.` })
      return null
    }
    axes.push({ name, values: slot.values })
  }
  const combos: MatrixCombo[] = []
  const counters = axes.map(() => 0)
  for (;;) {
    const values = new Map<string, string>()
    const slots: Record<string, string> = {}
    axes.forEach((a, i) => { values.set(a.name, a.values[counters[i]!]!); slots[a.name] = a.values[counters[i]!]! })
    const substituted = substituteSlots(entry.text, values)
    if (!substituted.ok) return null
    combos.push({ slots, text: substituted.text })
    let i = axes.length - 1
    while (i >= 0 && ++counters[i]! === axes[i]!.values.length) counters[i--] = 0
    if (i < 0) break
  }
  return combos
}

function enumerate(combos: MatrixCombo[], axes: SweepAxis[], limit: number, ctx: CompileContext): { list: Choice[]; complete: boolean } {
  const sweepCount = axes.reduce((n, a) => n * a.layers.length, 1)
  const list: Choice[] = []
  for (const combo of combos) {
    const remaining = limit - list.length
    if (remaining <= 0) return { list, complete: false }
    // One more than needed, so a row with more combinations than the cap is noticed.
    const expanded = expandText(combo.text, Math.ceil(remaining / sweepCount) + 1, ctx)
    for (let t = 0; t < expanded.prompts.length; t++) {
      for (let s = 0; s < sweepCount; s++) {
        if (list.length === limit) return { list, complete: false }
        list.push({ combo, text: expanded.prompts[t]!, draws: expanded.draws[t]!, sweep: sweepIndices(axes, s) })
      }
    }
  }
  return { list, complete: true }
}

function expandText(text: string, limit: number, ctx: CompileContext): { prompts: string[]; draws: WildcardDraws[] } {
  if (!hasDynamicSyntax(text)) return { prompts: [text], draws: [{}] }
  const result = expandCombinatorialWithDraws(text, { wildcards: ctx.wildcards, limit })
  return result.ok ? result : { prompts: [], draws: [] }
}

function drawRandom(combos: MatrixCombo[], axes: SweepAxis[], count: number, rng: Rng, ctx: CompileContext): Choice[] {
  const choices: Choice[] = []
  for (let i = 0; i < count; i++) {
    const combo = combos[rng.int(combos.length)]!
    let text = combo.text
    let draws: WildcardDraws = {}
    if (hasDynamicSyntax(text)) {
      const drawn = expandRandomWithDraws(text, { wildcards: ctx.wildcards, count: 1, rng })
      if (drawn.ok && drawn.prompts[0] !== undefined) { text = drawn.prompts[0]; draws = drawn.draws[0]! }
    }
    choices.push({ combo, text, draws, sweep: axes.map((a) => rng.int(a.layers.length)) })
  }
  return choices
}

function sweepIndices(axes: SweepAxis[], flat: number): number[] {
  const idx = new Array<number>(axes.length)
  for (let i = axes.length - 1; i >= 0; i--) {
    const size = axes[i]!.layers.length
    idx[i] = flat % size
    flat = Math.floor(flat / size)
  }
  return idx
}

function toEntry(n: IndexedNode, params: RandomizerParams, entry: PromptEntry, choice: Choice, axes: SweepAxis[], v: number, total: number): PromptEntry {
  let sweepLayer = entry.sweepLayer
  const sweeps: Record<string, unknown> = { ...entry.summary.sweeps }
  axes.forEach((axis, i) => {
    const k = choice.sweep[i]!
    sweepLayer = combineLayers(sweepLayer, axis.layers[k]!)
    sweeps[axis.path] = axis.values[k]
  })
  const sweepKey = choice.sweep.join('.')
  // A later randomizer sees text without wildcards left, so it keeps what an earlier one drew.
  const wildcards = { ...entry.summary.wildcards, ...choice.draws }
  return {
    ...entry,
    key: `${entry.key}/${n.node.id}:${v}`,
    text: choice.text,
    sweepLayer,
    sweepSource: axes.length ? `sweep:${n.node.id}` : entry.sweepSource,
    configKey: axes.length ? `${entry.configKey}|${n.node.id}:${sweepKey}` : entry.configKey,
    seedPolicy: { nodeId: n.node.id, mode: params.seedMode, baseSeed: params.baseSeed },
    variantIndex: v,
    variantTotal: total,
    summary: {
      nodes: [...entry.summary.nodes, n.node.id],
      mode: params.mode,
      slots: { ...entry.summary.slots, ...choice.combo.slots },
      sweeps,
      ...(Object.keys(wildcards).length > 0 ? { wildcards } : {}),
    },
  }
}

function dedupe<T>(items: T[]): T[] {
  return [...new Set(items)]
}
