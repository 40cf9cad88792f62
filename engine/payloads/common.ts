/**
 * The per-job context every builder takes, and the small rules the builders share (model
 * override, prompt joining, seed choice), kept in one place so the four builders cannot disagree.
 */
import type { OverrideSettings } from './schemas.ts'

/** The model a job runs with. */
export interface ModelChoice {
  /** '' = leave the loaded checkpoint. */
  checkpoint: string
  /** '' = none chosen: sent as `Automatic`. */
  vae: string
  clipSkip: number
}

/** A stage's input image: bare base64 (no `data:` prefix) and its pixel size. */
export interface StageImage {
  base64: string
  width: number
  height: number
}

export interface StageRequestContext {
  /** The job's final positive prompt. */
  prompt: string
  /**
   * The job's negative prompt (global + row). The txt2img builder appends its config's
   * `negative_prompt` unless this already ends with it, so either convention gives one copy.
   */
  negativePrompt: string
  /**
   * Concrete (never -1): the compiler draws it, so preview and run agree. For a stage after the
   * root it is the seed of the image it works on (job seed + image index).
   */
  seed: number
  /** Which image of the root's batch this request works on (0 for the root itself). */
  imageIndex?: number
  model: ModelChoice
  /** The previous stage's output; required by every stage except txt2img. */
  image?: StageImage
  /** An inpainting img2img's mask as bare base64 PNG, at the input image's size (engine/payloads/inpaint.ts). */
  mask?: string
  /** ControlNet images by unit reference (`upload:<id>`, `stage:<id>`), attached by the caller. */
  controlImages?: Readonly<Record<string, StageImage>>
}

/** Thrown when a stage that works on an image is built without one. */
export class MissingInputImageError extends Error {
  constructor(readonly stage: string) {
    super(`the ${stage} stage needs an input image (ctx.image) and none was given`)
    this.name = 'MissingInputImageError'
  }
}

export function requireImage(ctx: StageRequestContext, stage: string): StageImage {
  if (ctx.image === undefined) throw new MissingInputImageError(stage)
  return ctx.image
}

const isBlank = (s: string): boolean => s.trim() === ''

/** `base, extra` when both have text, otherwise whichever has text (never a dangling ", "). */
export function joinPrompt(base: string, extra: string): string {
  if (isBlank(extra)) return base
  if (isBlank(base)) return extra
  return `${base}, ${extra}`
}

/**
 * -1 means "the seed of the image this stage works on" (ctx.seed). A seed set on the stage is
 * the seed of image 0; image i gets seed + i, as A1111 numbers a batch.
 */
export function stageSeed(configSeed: number, ctx: StageRequestContext): number {
  if (configSeed === -1) return ctx.seed
  return (configSeed + (ctx.imageIndex ?? 0)) % 4294967294
}

/** '' (inherit / not set) goes out as A1111's `Automatic` label, which it accepts (§2.5). */
export function schedulerValue(scheduler: string): string {
  return scheduler === '' ? 'Automatic' : scheduler
}

/** A stage's own model/VAE when set, else the job's. */
export function pickModel(
  stage: { model: string; vae: string },
  job: ModelChoice,
  clipSkip: number = job.clipSkip,
): ModelChoice {
  return {
    checkpoint: stage.model !== '' ? stage.model : job.checkpoint,
    vae: stage.vae !== '' ? stage.vae : job.vae,
    clipSkip,
  }
}

/**
 * Model, VAE and clip skip as `override_settings` (A1111 drops top-level `sd_model`/`sd_vae`,
 * which is how the original's model choice never took effect). Every request states all three:
 * since we do not restore settings afterwards (see NO_RESTORE), a value an earlier request left
 * (ours or anyone's) would otherwise decide this one. No VAE chosen is `Automatic` (the
 * checkpoint's own VAE), never "leave it". The checkpoint is '' only when compiled without the
 * WebUI's lists (the server always resolves it, see engine/resources), and is then left out.
 */
export function modelOverrides(model: ModelChoice): OverrideSettings {
  const o: OverrideSettings = {}
  if (model.checkpoint !== '') o.sd_model_checkpoint = model.checkpoint
  o.sd_vae = model.vae !== '' ? model.vae : 'Automatic'
  o.CLIP_stop_at_last_layers = model.clipSkip
  return o
}

/**
 * `override_settings_restore_afterwards: false`. With A1111's default (true) every request that
 * overrides `sd_model_checkpoint` loads that model, generates, then loads the previous one back:
 * two model loads (seconds to minutes each) per request, and the next request of the same job
 * loads it yet again. Leaving the override in place lets consecutive jobs on one model skip every
 * reload; since every request states the settings it cares about, nothing depends on the leftover.
 */
export const NO_RESTORE = { override_settings_restore_afterwards: false } as const

/** Keys every generation request carries about seeds and outputs (never null `do_not_save_*`). */
export function fixedGenerationKeys(seed: number) {
  return {
    seed,
    // No variation unless the stage asks for one (generation-extras.ts overrides these two then).
    subseed: -1,
    subseed_strength: 0,
  }
}

/** Images come back in the response; the WebUI writes nothing to its own outputs folder. */
export const OUTPUT_KEYS = { send_images: true, save_images: false } as const

/** Stable Diffusion works on 8-pixel latents; A1111 would floor, we round to the nearest. */
export function roundTo8(n: number): number {
  return Math.max(8, Math.round(n / 8) * 8)
}
