/**
 * compile(graph, context) → { run, errors, warnings }: the one pure function between a graph and
 * the queue (DESIGN §4). The editor previews exactly what the server will run because both call
 * this. It never throws on bad input: every problem comes back in `errors`, all at once. The run
 * is returned even when there are errors (the preview shows what is valid so far); the server
 * refuses to queue a run that has errors.
 */
import { parseGraph } from '../graph/migrations.ts'
import type { Graph } from '../graph/schema.ts'
import type { PresetParams } from '../nodes/preset.ts'
import type { Txt2ImgParams } from '../nodes/stages.ts'
import { hashValue } from '../util/hash.ts'
import type { CompileContext } from './context.ts'
import { describeNode, indexGraph, type GraphIndex, type IndexedNode } from './graph-index.ts'
import { buildJobsForRoot } from './jobs.ts'
import type { PromptEntry } from './prompt-entry.ts'
import { createPromptFlow, inlineEntry, type PromptFlow } from './prompt-flow.ts'
import { createConfigResolver, type ConfigResolver } from './stage-config.ts'
import { isRoot, videoSources } from './stage-tree.ts'
import type { GraphError, GraphWarning, JobSpec, RunSpec, VideoSpec } from './spec.ts'
import { upscaleChecks } from './upscale-checks.ts'
import { modeFieldWarnings } from './mode-warnings.ts'
import { sweepOverrideWarnings } from './warnings.ts'
import { resolveJobResources } from '../resources/pass.ts'
import { controlNetErrors } from './controlnet-check.ts'
import { checkMasks } from './masks.ts'
import { forgeOnlyErrors } from '../resources/flavour.ts'

export interface CompileResult {
  /** null only when the input is not a graph at all. */
  run: RunSpec | null
  errors: GraphError[]
  warnings: GraphWarning[]
}

export function compile(input: unknown, ctx: CompileContext): CompileResult {
  const parsed = parseGraph(input)
  if (!parsed.ok) {
    return {
      run: null,
      errors: parsed.problems.map((p) => ({ code: 'invalid-graph' as const, field: p.path, message: `${p.path || 'graph'}: ${p.message}` })),
      warnings: [],
    }
  }
  const graph = parsed.graph
  const errors: GraphError[] = []
  const warnings: GraphWarning[] = []
  const index = indexGraph(graph, errors)
  checkPresets(index, ctx, errors, warnings)
  const graphHash = contentHash(graph)
  const runId = ctx.runId ?? deriveRunId(ctx, graphHash)
  const outputDir = `outputs/${runId}`
  const jobs: JobSpec[] = []
  const videos: VideoSpec[] = []

  if (!index.hasCycle) {
    const flow = createPromptFlow(index, ctx, errors, warnings)
    const resolver = createConfigResolver(index, ctx)
    const roots = index.order.map((id) => index.nodes.get(id)!).filter(isRoot)
    if (roots.length === 0 && !errors.some((e) => e.code === 'missing-input' || e.code === 'invalid-params')) {
      errors.push({ code: 'no-stage', message: 'Nothing to run: add a txt2img node (or an img2img that starts from a stored image) and make sure it is not bypassed.' })
    }
    const stagePrompts = stagePromptOverrides(index, flow, errors)
    const jobInput = { index, ctx, resolver, runId, graphId: graph.id, graphHash, outputDir, errors, stagePrompts }
    for (const root of roots) buildJobsForRoot(jobInput, root, rootEntries(root, flow, ctx, errors), jobs)
    for (const id of index.order) {
      const n = index.nodes.get(id)!
      if (n.kind.kind === 'video' && !n.node.bypassed && n.params !== undefined) videos.push(videoSpec(index, n, jobs, resolver, outputDir, warnings))
    }
  }
  // Names resolved to what the WebUI lists (or errors) before anything else reads the plans.
  if (ctx.resources) resolveJobResources(jobs, ctx.resources, errors, warnings)
  errors.push(...controlNetErrors(jobs, ctx.uploads))
  if (ctx.masks) checkMasks(jobs, ctx.masks, errors)
  if (ctx.resources) forgeOnlyErrors(jobs, ctx.resources, errors)
  warnings.push(...sweepOverrideWarnings(jobs), ...modeFieldWarnings(jobs))
  upscaleChecks(jobs, errors, warnings)

  let webuiCalls = 0
  let images = 0
  for (const job of jobs) for (const s of job.plan.stages) { webuiCalls += s.calls; images += s.images }
  const run: RunSpec = {
    runId, graphId: graph.id, graphHash, runSeed: ctx.runSeed, createdAt: ctx.now, graph, jobs, videos,
    totals: { jobs: jobs.length, webuiCalls, images, videos: videos.length },
  }
  return { run, errors: inGraphOrder(errors, graph), warnings: inGraphOrder(warnings, graph) }
}

/** Problems listed in the order their nodes appear in the graph (graph-wide ones first), as a person reads it. */
function inGraphOrder<T extends { nodeId?: string }>(items: T[], graph: Graph): T[] {
  const position = new Map(graph.nodes.map((n, i) => [n.id, i]))
  const rank = (item: T): number => (item.nodeId === undefined ? -1 : position.get(item.nodeId) ?? -1)
  return items.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i).map((x) => x.item)
}

/** Layout (positions, viewport, names) does not change what runs, so it is not part of the hash. */
export function contentHash(graph: Graph): string {
  return hashValue({
    nodes: graph.nodes.map((n) => ({ id: n.id, kind: n.kind, params: n.params, bypassed: n.bypassed ?? false })),
    // `order` only when set, so graphs without it keep the hashes (and job ids) they had.
    edges: graph.edges.map((e) => (e.order === undefined ? [e.source, e.sourcePort, e.target, e.targetPort] : [e.source, e.sourcePort, e.target, e.targetPort, e.order])),
  })
}

function deriveRunId(ctx: CompileContext, graphHash: string): string {
  const stamp = ctx.now.replace(/[^0-9]/g, '').slice(0, 14).padEnd(14, '0')
  return `run-${stamp.slice(0, 8)}-${stamp.slice(8)}-${hashValue([graphHash, ctx.runSeed]).slice(0, 8)}`
}

function rootEntries(root: IndexedNode, flow: PromptFlow, ctx: CompileContext, errors: GraphError[]): PromptEntry[] {
  const wired = (root.inputs.get('prompts')?.length ?? 0) > 0
  if (wired) {
    const entries = flow.entriesInto(root)
    if (entries.length === 0 && !errors.length) {
      errors.push({ code: 'no-prompts', nodeId: root.node.id, port: 'prompts', message: `${describeNode(root)}: no prompts reach this stage (is the pack bypassed?).` })
    }
    return entries
  }
  const prompt = root.kind.kind === 'txt2img' ? ((root.params as Txt2ImgParams).prompt ?? '') : ''
  return inlineEntry(root, prompt, ctx, errors)
}

/** A non-root img2img may take its own prompt from its prompts input; it must carry exactly one. */
function stagePromptOverrides(index: GraphIndex, flow: PromptFlow, errors: GraphError[]): Map<string, PromptEntry> {
  const overrides = new Map<string, PromptEntry>()
  for (const n of index.nodes.values()) {
    if (n.kind.kind !== 'img2img' || isRoot(n) || !(n.inputs.get('prompts')?.length)) continue
    const entries = flow.entriesInto(n)
    if (entries.length !== 1) {
      errors.push({ code: 'no-prompts', nodeId: n.node.id, port: 'prompts', message: `${describeNode(n)}: a prompt wired into an img2img that follows another stage replaces the job's prompt, so it must be exactly one prompt (got ${entries.length}).` })
      continue
    }
    overrides.set(n.node.id, entries[0]!)
  }
  return overrides
}

function checkPresets(index: GraphIndex, ctx: CompileContext, errors: GraphError[], warnings: GraphWarning[]): void {
  for (const n of index.nodes.values()) {
    if (n.kind.kind !== 'preset' || n.params === undefined || n.node.bypassed) continue
    const id = (n.params as PresetParams).presetId
    if (!id) errors.push({ code: 'unknown-preset', nodeId: n.node.id, field: 'presetId', message: `${describeNode(n)}: choose a preset.` })
    else if (!Object.hasOwn(ctx.presets, id)) errors.push({ code: 'unknown-preset', nodeId: n.node.id, field: 'presetId', message: `${describeNode(n)}: there is no preset "${id}" in the library.` })
  }
  if (ctx.defaultPresetId && !Object.hasOwn(ctx.presets, ctx.defaultPresetId)) {
    warnings.push({ code: 'unknown-default-preset', message: `The default preset "${ctx.defaultPresetId}" is not in the library; built-in defaults are used.` })
  }
}

function videoSpec(index: GraphIndex, n: IndexedNode, jobs: JobSpec[], resolver: ConfigResolver, outputDir: string, warnings: GraphWarning[]): VideoSpec {
  const sources = videoSources(index, n).map((stageId) => ({
    stageId,
    jobIds: jobs.filter((j) => j.plan.stages.some((s) => s.stageId === stageId)).map((j) => j.jobId),
  }))
  let frames = 0
  for (const source of sources) {
    for (const job of jobs) {
      const stage = job.plan.stages.find((s) => s.stageId === source.stageId)
      if (stage) frames += stage.images
    }
  }
  if (frames === 0) warnings.push({ code: 'video-no-frames', nodeId: n.node.id, message: `${describeNode(n)}: no images reach this video.` })
  return { stageId: n.node.id, label: n.node.label ?? n.kind.label, config: resolver.resolve(n, null) as VideoSpec['config'], sources, frames, outputDir }
}
