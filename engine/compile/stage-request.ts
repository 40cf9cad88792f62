/**
 * The exact request one stage of one job sends for one incoming image: the single function the
 * executor and the job preview both call (preview = queue = executor), so the per-image seed, the
 * stage's prompt and its model state cannot differ between them.
 */
import { buildStageRequest, type ModelChoice, type StageImage, type StageRequestContext, type WebuiRequest, type WebuiStage } from '../payloads/index.ts'
import { MAX_SEED } from '../util/rng.ts'
import type { JobSpec, StagePlan } from './spec.ts'

const str = (v: unknown): string => (typeof v === 'string' ? v : '')

/**
 * The model state a stage's request states: its own resolved `model`, `vae` and `clip_skip`
 * (the compiler fills them in for every re-diffusing stage, inherited from the stage that made
 * the image). A JobSpec stored before that existed falls back to the root's, as it ran then.
 */
export function stageModel(spec: JobSpec, stage: StagePlan): ModelChoice {
  const root = spec.plan.stages[0]!.config.values
  // Compiled before stages carried their model state: every stage ran on the root's.
  const own = 'clip_skip' in stage.config.values ? stage.config.values : root
  const clip = own.clip_skip
  // '' can only have come down unchanged from the root (a stage that names its own model passes
  // that name on), so the root's checkpoint is the one to state, e.g. once the compiler has
  // replaced the root's '' with the checkpoint the WebUI has loaded.
  const checkpoint = str(own.model) !== '' ? str(own.model) : str(root.model)
  return { checkpoint, vae: str(own.vae), clipSkip: typeof clip === 'number' ? clip : 1 }
}

/**
 * Image `index` of a job's batch has seed `seed + index` (A1111's all_seeds), and so does every
 * later stage that processes it: each non-root stage makes one image per incoming image, so the
 * k-th call of any stage works on image k of the root's batch. With a variation seed on the root,
 * A1111 gives every image of the batch the same seed (the subseeds count up instead), so they
 * all carry the job's seed.
 */
export function imageSeed(spec: JobSpec, index: number): number {
  const strength = spec.plan.stages[0]?.config.values.subseed_strength
  if (typeof strength === 'number' && strength > 0) return spec.seed
  return (spec.seed + index) % MAX_SEED
}

export function stageRequestContext(spec: JobSpec, stage: StagePlan, index: number, image?: StageImage, mask?: string, controlImages?: Readonly<Record<string, StageImage>>): StageRequestContext {
  const root = stage.inputFrom === null
  // An img2img with batch size n makes images i×n … i×n+n-1 from incoming image i; A1111 numbers
  // the batch's seeds itself, so the call starts at the seed of its first output.
  const batch = stage.kind === 'img2img' ? stage.config.values.batch_size : undefined
  const first = index * (typeof batch === 'number' && batch > 1 ? batch : 1)
  return {
    prompt: stage.prompt ?? spec.prompt,
    negativePrompt: stage.negativePrompt ?? spec.negativePrompt,
    // The root's builder adds the batch offsets itself (A1111 does): it gets the job's seed.
    seed: root ? spec.seed : imageSeed(spec, first),
    imageIndex: root ? 0 : first,
    model: stageModel(spec, stage),
    ...(image ? { image } : {}),
    ...(mask !== undefined ? { mask } : {}),
    ...(controlImages ? { controlImages } : {}),
  }
}

/**
 * The request of `stage` for the `index`-th image it receives (0 for the root). `mask`: the bytes
 * (base64) of the stage's inpaint mask, when it has one (engine/compile/masks.ts). `controlImages`
 * holds the ControlNet images its units reference (see controlImageRefs).
 */
export function stageRequest(spec: JobSpec, stage: StagePlan, index: number, image?: StageImage, mask?: string, controlImages?: Readonly<Record<string, StageImage>>): WebuiRequest {
  return buildStageRequest({ kind: stage.kind, config: stage.config.values } as unknown as WebuiStage, stageRequestContext(spec, stage, index, image, mask, controlImages))
}
