/**
 * JobSpecs: one per root × prompt variant × batch run, each carrying its concrete prompt,
 * negative prompt, seed and the (shared) StageExecutionPlan of its root.
 */
import { assembleNegative, assemblePrompt } from '../packs/index.ts'
import { hasDynamicSyntax } from '../prompts/index.ts'
import { findSlots } from '../packs/index.ts'
import type { Txt2ImgConfig } from '../config/stages.ts'
import { hashString } from '../util/hash.ts'
import type { CompileContext } from './context.ts'
import { describeNode, type GraphIndex, type IndexedNode } from './graph-index.ts'
import type { PromptEntry } from './prompt-entry.ts'
import { applyInheritance } from './inherit.ts'
import { resolveSeed } from './seeds.ts'
import type { ConfigResolver } from './stage-config.ts'
import { stageTree } from './stage-tree.ts'
import type { GraphError, JobSpec, StageExecutionPlan, StagePlan } from './spec.ts'

export interface JobBuildInput {
  index: GraphIndex
  ctx: CompileContext
  resolver: ConfigResolver
  runId: string
  graphId: string
  graphHash: string
  outputDir: string
  errors: GraphError[]
  /** img2img stages whose own prompts input replaces the job's prompt. */
  stagePrompts: ReadonlyMap<string, string>
}

export function buildJobsForRoot(input: JobBuildInput, root: IndexedNode, entries: PromptEntry[], out: JobSpec[]): void {
  const { index, ctx, resolver, errors } = input
  const tree = stageTree(index, root)
  const plans = new Map<string, StageExecutionPlan>()
  const reported = new Set<string>()

  for (const entry of entries) {
    // Text a randomizer produced is final (it may hold escaped braces); raw rows must be plain.
    if (entry.summary.nodes.length === 0 && (hasDynamicSyntax(entry.text) || findSlots(entry.text).length > 0)) {
      const key = entry.packId !== null ? `${entry.packId}:${entry.rowIndex}` : entry.key
      if (!reported.has(key)) {
        reported.add(key)
        const where = entry.packId !== null ? `row ${entry.rowIndex! + 1} of pack "${entry.packId}"` : 'its prompt'
        errors.push({ code: 'unexpanded-prompt', nodeId: root.node.id, port: 'prompts', message: `${describeNode(root)}: ${where} uses {…}, __wildcard__ or [[slot]] syntax; put a randomizer between the pack and this stage to expand it.` })
      }
      continue
    }
    let plan = plans.get(entry.configKey)
    if (!plan) {
      plan = buildPlan(root, tree, entry, resolver, input.stagePrompts)
      plans.set(entry.configKey, plan)
    }
    const rootValues = plan.stages[0]!.config.values as Partial<Txt2ImgConfig>
    const batchTotal = rootValues.batch_runs ?? 1
    const batchSize = rootValues.batch_size ?? 1
    const prompt = entry.row ? assemblePrompt(entry.row, entry.text) : entry.text
    const negativePrompt = entry.row
      ? assembleNegative(entry.row, { globalNegative: ctx.globalNegative, configNegative: rootValues.negative_prompt ?? '' })
      : joinNonEmpty([ctx.globalNegative, rootValues.negative_prompt ?? ''])
    const summary = {
      nodes: entry.summary.nodes,
      mode: entry.summary.mode,
      template: entry.template,
      slots: entry.summary.slots,
      sweeps: entry.summary.sweeps,
      seedMode: entry.seedPolicy?.mode,
    }
    for (let b = 0; b < batchTotal; b++) {
      const jobKey = `${input.graphHash}|${ctx.runSeed}|${root.node.id}|${entry.key}|${b}`
      const jobId = hashString(jobKey)
      const seed = resolveSeed({ entry, configSeed: rootValues.seed ?? -1, batchIndex: b, batchTotal, batchSize, runSeed: ctx.runSeed, jobKey })
      out.push({
        jobId,
        runId: input.runId,
        graphId: input.graphId,
        graphHash: input.graphHash,
        rootId: root.node.id,
        packId: entry.packId,
        rowIndex: entry.rowIndex,
        prompt,
        negativePrompt,
        seed,
        variantIndex: entry.variantIndex,
        variantTotal: entry.variantTotal,
        batchIndex: b,
        batchTotal,
        loras: entry.row?.loras ?? [],
        embeddings: entry.row ? [...entry.row.positiveEmbeddings, ...entry.row.negativeEmbeddings] : [],
        plan,
        randomizerSummary: summary,
        outputDir: input.outputDir,
        filenameTemplate: filenameTemplate(entry, b, jobId),
        createdAt: ctx.now,
      })
    }
  }
}

function buildPlan(root: IndexedNode, tree: ReturnType<typeof stageTree>, entry: PromptEntry, resolver: ConfigResolver, stagePrompts: ReadonlyMap<string, string>): StageExecutionPlan {
  const imagesOf = new Map<string, number>()
  const stages: StagePlan[] = tree.map(({ node, inputFrom }) => {
    const config = resolver.resolve(node, entry)
    const values = config.values as Record<string, unknown>
    const calls = inputFrom === null ? 1 : imagesOf.get(inputFrom)!
    const images = node.kind.kind === 'txt2img' ? calls * ((values.batch_size as number) ?? 1) : calls
    imagesOf.set(node.node.id, images)
    const sourceImage = inputFrom === null ? (node.params as { sourceImage?: string }).sourceImage : undefined
    return {
      stageId: node.node.id,
      kind: node.kind.kind as StagePlan['kind'],
      label: node.node.label ?? node.kind.label,
      config: config as StagePlan['config'],
      inputFrom,
      requiresInputImage: inputFrom !== null || sourceImage !== undefined,
      producesImage: true as const,
      ...(stagePrompts.has(node.node.id) ? { prompt: stagePrompts.get(node.node.id)! } : {}),
      ...(sourceImage !== undefined ? { sourceImage } : {}),
      calls,
      images,
    }
  })
  return Object.freeze({ rootId: root.node.id, stages: applyInheritance(stages) })
}

/**
 * Unique per job (the job id is in it), readable when sorted: pack row, variant and batch first.
 * The executor fills `{stage}` and `{index}` (image index within the stage).
 */
function filenameTemplate(entry: PromptEntry, batch: number, jobId: string): string {
  const row = entry.rowIndex === null ? 'p00' : `p${String(entry.rowIndex + 1).padStart(2, '0')}`
  const variant = `v${String(entry.variantIndex + 1).padStart(3, '0')}`
  const b = `b${String(batch + 1).padStart(2, '0')}`
  return `${row}_${variant}_${b}_${jobId.slice(0, 8)}_{stage}_{index}.png`
}

function joinNonEmpty(parts: string[]): string {
  return parts.map((p) => p.trim()).filter(Boolean).join(', ')
}
