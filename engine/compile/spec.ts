/**
 * What compilation produces: StageExecutionPlans, JobSpecs and the RunSpec (DESIGN §4).
 * These schemas are the contract with the server (which stores JobSpecs and reads them back)
 * and the editor (which previews them), so the types are inferred from them.
 */
import { z } from 'zod'
import { Graph } from '../graph/schema.ts'

export const GraphErrorCode = z.enum([
  'invalid-graph', 'duplicate-id', 'unknown-kind', 'invalid-params', 'dangling-edge', 'unknown-port',
  'type-mismatch', 'too-many-edges', 'duplicate-edge', 'cycle', 'missing-input', 'unknown-pack', 'empty-pack',
  'pack-problem', 'unknown-preset', 'invalid-sweep', 'template', 'no-stage', 'unexpanded-prompt', 'no-prompts',
  'unknown-resource', 'unknown-mask', 'unknown-source-image',
  'controlnet',
  // A Forge-only setting while every WebUI is A1111 (engine/resources/flavour.ts).
  'needs-forge',
])
export const GraphError = z.strictObject({
  code: GraphErrorCode,
  message: z.string(),
  nodeId: z.string().optional(),
  edgeId: z.string().optional(),
  port: z.string().optional(),
  field: z.string().optional(),
})
export type GraphError = z.infer<typeof GraphError>

export const GraphWarning = z.strictObject({
  code: z.string(),
  message: z.string(),
  nodeId: z.string().optional(),
  field: z.string().optional(),
})
export type GraphWarning = z.infer<typeof GraphWarning>

export const StageKindName = z.enum(['txt2img', 'img2img', 'adetailer', 'upscale'])

export const ResolvedStageConfig = z.strictObject({
  kind: z.enum(['txt2img', 'img2img', 'adetailer', 'upscale', 'video']),
  values: z.record(z.string(), z.unknown()),
  provenance: z.record(z.string(), z.string()),
})

export const StagePlan = z.strictObject({
  stageId: z.string(),
  kind: StageKindName,
  label: z.string(),
  config: ResolvedStageConfig,
  /** The stage whose images this one consumes; null for the root. */
  inputFrom: z.string().nullable(),
  requiresInputImage: z.boolean(),
  producesImage: z.literal(true),
  /** A prompt wired into this stage (img2img's prompts input) replacing the job's prompt for it. */
  prompt: z.string().optional(),
  negativePrompt: z.string().optional(),
  /** An earlier artifact a root img2img starts from. */
  sourceImage: z.string().optional(),
  /** WebUI calls and images this stage makes for one job (known at compile time: batch sizes are concrete). */
  calls: z.int(),
  images: z.int(),
})
export type StagePlan = z.infer<typeof StagePlan>

export const StageExecutionPlan = z.strictObject({
  rootId: z.string(),
  stages: z.array(StagePlan).min(1),
})
export type StageExecutionPlan = z.infer<typeof StageExecutionPlan>

export const RandomizerSummary = z.strictObject({
  /** Randomizer node ids that shaped this variant, outermost last. */
  nodes: z.array(z.string()),
  mode: z.string().optional(),
  /** The template before expansion. */
  template: z.string(),
  slots: z.record(z.string(), z.string()),
  sweeps: z.record(z.string(), z.unknown()),
  seedMode: z.string().optional(),
})
export type RandomizerSummary = z.infer<typeof RandomizerSummary>

export const JobSpec = z.strictObject({
  jobId: z.string(),
  runId: z.string(),
  graphId: z.string(),
  graphHash: z.string(),
  rootId: z.string(),
  packId: z.string().nullable(),
  rowIndex: z.int().nullable(),
  prompt: z.string(),
  negativePrompt: z.string(),
  seed: z.int(),
  variantIndex: z.int(),
  variantTotal: z.int(),
  batchIndex: z.int(),
  batchTotal: z.int(),
  loras: z.array(z.strictObject({ name: z.string(), weight: z.number() })),
  embeddings: z.array(z.string()),
  plan: StageExecutionPlan,
  randomizerSummary: RandomizerSummary,
  outputDir: z.string(),
  /**
   * The run seed the job was compiled with (its drawn seeds and prompt draws follow from it):
   * a PNG carries it in its job chunk, so the graph restored from it previews this very job.
   * Optional: JobSpecs stored before it existed lack it.
   */
  runSeed: z.int().optional(),
  /**
   * The value each `__wildcard__` of the main prompt drew, recorded by the randomizer's
   * expansion as it drew (name as written → the text the value expanded to; a wildcard drawn
   * several times records its values in text order joined with ` + `; nested wildcards are
   * recorded too; rules in engine/prompts/pieces.ts). Insights and grids read it as
   * `wildcard.<name>`. Optional: absent when nothing was drawn and on JobSpecs stored before it existed.
   */
  wildcards: z.record(z.string(), z.string()).optional(),
  /** `{stage}` and `{index}` are filled in by the executor for each image. */
  filenameTemplate: z.string(),
  createdAt: z.string(),
})
export type JobSpec = z.infer<typeof JobSpec>

export const VideoFrameSource = z.strictObject({ stageId: z.string(), jobIds: z.array(z.string()) })
export const VideoSpec = z.strictObject({
  stageId: z.string(),
  label: z.string(),
  config: ResolvedStageConfig,
  /** Frames, in order: for each source stage (edge order), every image it makes in job order. */
  sources: z.array(VideoFrameSource),
  frames: z.int(),
  outputDir: z.string(),
})
export type VideoSpec = z.infer<typeof VideoSpec>

export const RunTotals = z.strictObject({
  jobs: z.int(),
  webuiCalls: z.int(),
  images: z.int(),
  videos: z.int(),
})
export type RunTotals = z.infer<typeof RunTotals>

export const RunSpec = z.strictObject({
  runId: z.string(),
  graphId: z.string(),
  graphHash: z.string(),
  runSeed: z.int(),
  createdAt: z.string(),
  graph: Graph,
  jobs: z.array(JobSpec),
  videos: z.array(VideoSpec),
  totals: RunTotals,
})
export type RunSpec = z.infer<typeof RunSpec>
