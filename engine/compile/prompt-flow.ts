/**
 * Evaluates the prompt side of the graph: pack nodes emit their rows, randomizers expand them,
 * bypassed randomizers pass them through. Each node is evaluated once and memoised, so a pack
 * feeding two txt2img nodes is read once.
 */
import { hasDynamicSyntax, validateTemplate } from '../prompts/index.ts'
import { findSlots, type Pack } from '../packs/index.ts'
import type { PackParams, PackSelection } from '../nodes/pack.ts'
import type { RandomizerParams } from '../nodes/randomizer.ts'
import type { CompileContext } from './context.ts'
import { describeNode, type GraphIndex, type IndexedNode } from './graph-index.ts'
import type { PromptEntry } from './prompt-entry.ts'
import { expandEntries } from './randomize.ts'
import type { GraphError, GraphWarning } from './spec.ts'

export interface PromptFlow {
  /** The entries arriving at a node's `prompts` input (empty when nothing valid arrives). */
  entriesInto(node: IndexedNode): PromptEntry[]
}

export function createPromptFlow(index: GraphIndex, ctx: CompileContext, errors: GraphError[], warnings: GraphWarning[]): PromptFlow {
  const memo = new Map<string, PromptEntry[]>()

  const outputOf = (nodeId: string): PromptEntry[] => {
    const cached = memo.get(nodeId)
    if (cached) return cached
    memo.set(nodeId, []) // guards against re-entry; cycles are reported elsewhere
    const n = index.nodes.get(nodeId)
    let result: PromptEntry[] = []
    if (n && n.params !== undefined) {
      if (n.kind.kind === 'pack') result = n.node.bypassed ? [] : packEntries(n, ctx, errors)
      else if (n.kind.kind === 'randomizer') {
        const input = entriesInto(n)
        result = n.node.bypassed ? input : expandEntries(n, n.params as RandomizerParams, input, ctx, errors, warnings)
      }
    }
    memo.set(nodeId, result)
    return result
  }

  // Several wires into one prompts input concatenate, in edge order (graph-index sorts them).
  const entriesInto = (node: IndexedNode): PromptEntry[] => {
    const edges = node.inputs.get('prompts') ?? []
    return edges.length === 1 ? outputOf(edges[0]!.source) : edges.flatMap((e) => outputOf(e.source))
  }

  return { entriesInto }
}

function packEntries(n: IndexedNode, ctx: CompileContext, errors: GraphError[]): PromptEntry[] {
  const params = n.params as PackParams
  const where = describeNode(n)
  if (params.packs.length === 0) {
    errors.push({ code: 'unknown-pack', nodeId: n.node.id, field: 'packs', message: `${where}: choose a prompt pack.` })
    return []
  }
  const entries: PromptEntry[] = []
  const seen = new Set<string>()
  for (const [p, selection] of params.packs.entries()) {
    const field = `packs.${p}`
    if (seen.has(selection.packId)) {
      // Twice the same pack would make the same jobs twice (same ids): refuse rather than dedupe silently.
      errors.push({ code: 'pack-problem', nodeId: n.node.id, field: `${field}.packId`, message: `${where}: pack "${selection.packId}" is chosen twice; choose its rows once.` })
      continue
    }
    seen.add(selection.packId)
    entries.push(...selectionEntries(n, selection, field, ctx, errors))
  }
  return entries
}

function selectionEntries(n: IndexedNode, selection: PackSelection, field: string, ctx: CompileContext, errors: GraphError[]): PromptEntry[] {
  const where = describeNode(n)
  if (!selection.packId) {
    errors.push({ code: 'unknown-pack', nodeId: n.node.id, field: `${field}.packId`, message: `${where}: choose a prompt pack.` })
    return []
  }
  const pack: Pack | undefined = Object.hasOwn(ctx.packs, selection.packId) ? ctx.packs[selection.packId] : undefined
  if (!pack) {
    errors.push({ code: 'unknown-pack', nodeId: n.node.id, field: `${field}.packId`, message: `${where}: there is no prompt pack "${selection.packId}" in the library.` })
    return []
  }
  if (pack.rows.length === 0) {
    errors.push({ code: 'empty-pack', nodeId: n.node.id, field: `${field}.packId`, message: `${where}: pack "${selection.packId}" has no rows.` })
    return []
  }
  const wanted = selection.rows.length ? selection.rows : pack.rows.map((_, i) => i)
  const entries: PromptEntry[] = []
  for (const [i, rowIndex] of wanted.entries()) {
    const row = pack.rows[rowIndex]
    if (!row) {
      // Never clamp to the last row (the original did): a wrong index is the user's to fix.
      errors.push({ code: 'pack-problem', nodeId: n.node.id, field: `${field}.rows.${i}`, message: `${where}: pack "${pack.id}" has ${pack.rows.length} rows; there is no row ${rowIndex + 1}.` })
      continue
    }
    // Negatives with {…}, __wildcard__ or [[slot]] are expanded per job (see field-prompts.ts).
    entries.push({
      // The pack id is part of the key: two packs' row 0 are different jobs.
      key: `${n.node.id}:${pack.id}:${rowIndex}`,
      packId: pack.id,
      rowIndex,
      row,
      template: row.text,
      text: row.text,
      matrix: pack.matrix.enabled ? pack.matrix.slots : undefined,
      packLayer: pack.config,
      configKey: `pack:${pack.id}`,
      variantIndex: 0,
      variantTotal: 1,
      summary: { nodes: [], slots: {}, sweeps: {} },
    })
  }
  return entries
}

/** The entry of a txt2img node's own prompt, used when nothing is wired into its prompts input. */
export function inlineEntry(n: IndexedNode, prompt: string, ctx: CompileContext, errors: GraphError[]): PromptEntry[] {
  if (hasDynamicSyntax(prompt) || findSlots(prompt).length > 0) {
    const problems = validateTemplate(prompt, ctx.wildcards)
    const detail = problems[0] ? ` (${problems[0].message})` : ''
    errors.push({ code: 'unexpanded-prompt', nodeId: n.node.id, field: 'prompt', message: `${describeNode(n)}: the prompt uses {…}, __wildcard__ or [[slot]] syntax${detail}; wire a pack through a randomizer to expand it.` })
    return []
  }
  return [{
    key: `${n.node.id}:prompt`,
    packId: null,
    rowIndex: null,
    row: null,
    template: prompt,
    text: prompt,
    configKey: 'inline',
    variantIndex: 0,
    variantTotal: 1,
    summary: { nodes: [], slots: {}, sweeps: {} },
  }]
}
