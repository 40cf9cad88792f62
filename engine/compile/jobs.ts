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
import { expandField, expandPlan, planFields, type FieldProblem, type JobVariant } from './field-prompts.ts'
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
  /** img2img stages whose own prompts input replaces the job's prompt: the one entry wired in. */
  stagePrompts: ReadonlyMap<string, PromptEntry>
}

export function buildJobsForRoot(input: JobBuildInput, root: IndexedNode, entries: PromptEntry[], out: JobSpec[]): void {
  const { index, ctx, resolver, errors } = input
  const tree = stageTree(index, root)
  const plans = new Map<string, SharedPlan>()
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
    let shared = plans.get(entry.configKey)
    if (!shared) {
      const plan = buildPlan(root, tree, entry, resolver, input.stagePrompts, ctx.globalNegative)
      shared = { plan, fields: planFields(plan, finalStagePrompts(input.stagePrompts)), expanded: new Map() }
      plans.set(entry.configKey, shared)
    }
    const plan = shared.plan
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
      const variant: JobVariant = { slots: entry.summary.slots, runSeed: ctx.runSeed, jobKey, wildcards: ctx.wildcards }
      const negative = expandField(negativePrompt, variant, root.node.id, 'negative_prompt')
      const expanded = expandPlan(plan, shared.fields, variant)
      const problems = [...expanded.problems, ...(negative.ok ? [] : [{ nodeId: root.node.id, field: 'negative_prompt', message: negative.message }])]
      if (problems.length || !negative.ok) {
        for (const p of problems) reportField(input, reported, p)
        continue
      }
      const jobPlan = internPlan(shared, expanded.plan)
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
        negativePrompt: negative.text,
        seed,
        variantIndex: entry.variantIndex,
        variantTotal: entry.variantTotal,
        batchIndex: b,
        batchTotal,
        ...networksOf(entry, jobPlan, input.stagePrompts),
        plan: jobPlan,
        randomizerSummary: summary,
        ...(entry.summary.wildcards ? { wildcards: entry.summary.wildcards } : {}),
        outputDir: input.outputDir,
        runSeed: ctx.runSeed,
        filenameTemplate: filenameTemplate(entry, b, jobId),
        createdAt: ctx.now,
      })
    }
  }
}

interface SharedPlan {
  plan: StageExecutionPlan
  /** Its prompt-bearing fields that hold our syntax, expanded per job. */
  fields: ReturnType<typeof planFields>
  /** Expanded copies, by their expanded texts: jobs that drew the same texts share one. */
  expanded: Map<string, StageExecutionPlan>
}

function internPlan(shared: SharedPlan, plan: StageExecutionPlan): StageExecutionPlan {
  if (plan === shared.plan) return plan
  // Every field expandPlan may change (field-prompts.ts), so two jobs share a plan only when all are equal.
  const hires = (s: StagePlan) => s.config.values.hires as { prompt?: string; negative_prompt?: string } | undefined
  const key = JSON.stringify(plan.stages.map((s) => [s.prompt, s.negativePrompt, s.config.values.prompt_adjust, s.config.values.negative_adjust, s.config.values.passes, hires(s)?.prompt, hires(s)?.negative_prompt]))
  const hit = shared.expanded.get(key)
  if (hit) return hit
  const frozen = Object.freeze(plan)
  shared.expanded.set(key, frozen)
  return frozen
}

function reportField(input: JobBuildInput, reported: Set<string>, p: FieldProblem): void {
  const key = `${p.nodeId}\0${p.field}\0${p.message}`
  if (reported.has(key)) return
  reported.add(key)
  const n = input.index.nodes.get(p.nodeId)
  const where = n ? describeNode(n) : p.nodeId
  input.errors.push({ code: 'template', nodeId: p.nodeId, field: p.field, ...(p.port ? { port: p.port } : {}), message: `${where}: ${p.field === 'prompts' ? 'the prompt wired in' : p.field} ${p.message.startsWith('uses') ? '' : 'cannot be expanded: '}${p.message}.` })
}

/** Stage prompts a randomizer produced are final (they may hold escaped braces): never expanded again. */
function finalStagePrompts(stagePrompts: ReadonlyMap<string, PromptEntry>): Set<string> {
  return new Set([...stagePrompts].filter(([, e]) => e.summary.nodes.length > 0).map(([id]) => id))
}

/** LoRAs and embeddings of the job's row and of every row wired into a stage of its plan. */
function networksOf(entry: PromptEntry, plan: StageExecutionPlan, stagePrompts: ReadonlyMap<string, PromptEntry>): Pick<JobSpec, 'loras' | 'embeddings'> {
  const rows = [entry.row, ...plan.stages.map((s) => stagePrompts.get(s.stageId)?.row)].filter((r) => r != null)
  const loras: JobSpec['loras'] = []
  const embeddings: string[] = []
  for (const row of rows) {
    for (const l of row.loras) if (!loras.some((x) => x.name === l.name && x.weight === l.weight)) loras.push(l)
    for (const e of [...row.positiveEmbeddings, ...row.negativeEmbeddings]) if (!embeddings.includes(e)) embeddings.push(e)
  }
  return { loras, embeddings }
}

/** A prompt entry wired into a later stage, assembled like a root's: embeddings, text, LoRAs; global negative, row negatives. */
function stagePromptOf(entry: PromptEntry, globalNegative: string): { prompt: string; negativePrompt: string } {
  if (!entry.row) return { prompt: entry.text, negativePrompt: joinNonEmpty([globalNegative]) }
  return { prompt: assemblePrompt(entry.row, entry.text), negativePrompt: assembleNegative(entry.row, { globalNegative, configNegative: '' }) }
}

function buildPlan(root: IndexedNode, tree: ReturnType<typeof stageTree>, entry: PromptEntry, resolver: ConfigResolver, stagePrompts: ReadonlyMap<string, PromptEntry>, globalNegative: string): StageExecutionPlan {
  const imagesOf = new Map<string, number>()
  const stages: StagePlan[] = tree.map(({ node, inputFrom }) => {
    const config = resolver.resolve(node, entry)
    const values = config.values as Record<string, unknown>
    const calls = inputFrom === null ? 1 : imagesOf.get(inputFrom)!
    // txt2img and img2img make batch_size images per call (issue 11: img2img batch size).
    const perCall = node.kind.kind === 'txt2img' || node.kind.kind === 'img2img' ? ((values.batch_size as number | undefined) ?? 1) : 1
    const images = calls * perCall
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
      ...(stagePrompts.has(node.node.id) ? stagePromptOf(stagePrompts.get(node.node.id)!, globalNegative) : {}),
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
