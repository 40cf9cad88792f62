/**
 * zod schemas for every WebUI response this client reads (reference §2, §5, §7).
 *
 * They are strict about what we use and lenient about the rest: unknown keys are kept or
 * ignored rather than rejected (Forge and newer A1111 add fields), and fields the reference
 * says may be null are nullable. A 2xx that does not fit becomes a `bad_response` error.
 */
import { z } from 'zod'

const b64 = z.string()
const anyRecord = z.record(z.string(), z.unknown())

// #region lists

/** `title` lacks " [hash]" and hash/sha256 are null while the sha256 is not cached yet. */
export const SdModel = z.looseObject({
  title: z.string(),
  model_name: z.string(),
  hash: z.string().nullable().optional(),
  sha256: z.string().nullable().optional(),
  filename: z.string(),
  config: z.string().nullable().optional(),
})
export type SdModel = z.infer<typeof SdModel>
export const SdModelList = z.array(SdModel)

/** A1111's `/sd-vae` and Forge's `/sd-modules` share this shape. */
export const SdModule = z.looseObject({ model_name: z.string(), filename: z.string() })
export type SdModule = z.infer<typeof SdModule>
export const SdModuleList = z.array(SdModule)

/** A1111 sends option values as strings ("True"), Forge as booleans. */
export const Sampler = z.looseObject({
  name: z.string(),
  aliases: z.array(z.string()).nullable().optional(),
  options: z.record(z.string(), z.union([z.string(), z.boolean(), z.number(), z.null()])).nullable().optional(),
})
export type Sampler = z.infer<typeof Sampler>
export const SamplerList = z.array(Sampler)

export const Scheduler = z.looseObject({
  name: z.string(),
  label: z.string(),
  aliases: z.array(z.string()).nullable().optional(),
  default_rho: z.number().nullable().optional(),
  need_inner_model: z.boolean().nullable().optional(),
})
export type Scheduler = z.infer<typeof Scheduler>
export const SchedulerList = z.array(Scheduler)

export const Upscaler = z.looseObject({
  name: z.string(),
  model_name: z.string().nullable().optional(),
  model_path: z.string().nullable().optional(),
  model_url: z.string().nullable().optional(),
  scale: z.number().nullable().optional(),
})
export type Upscaler = z.infer<typeof Upscaler>
export const UpscalerList = z.array(Upscaler)

export const LatentUpscaleMode = z.looseObject({ name: z.string() })
export type LatentUpscaleMode = z.infer<typeof LatentUpscaleMode>
export const LatentUpscaleModeList = z.array(LatentUpscaleMode)
/** GET /sdapi/v1/prompt-styles: `{name, prompt, negative_prompt}` per style. */
export const PromptStyleList = z.array(z.looseObject({ name: z.string(), prompt: z.string().nullable().optional(), negative_prompt: z.string().nullable().optional() }))

export const Embedding = z.looseObject({
  step: z.number().nullable().optional(),
  sd_checkpoint: z.string().nullable().optional(),
  sd_checkpoint_name: z.string().nullable().optional(),
  shape: z.number().nullable().optional(),
  vectors: z.number().nullable().optional(),
})
export const Embeddings = z.looseObject({
  loaded: z.record(z.string(), Embedding),
  skipped: z.record(z.string(), Embedding),
})
export type Embeddings = z.infer<typeof Embeddings>

export const Lora = z.looseObject({
  name: z.string(),
  alias: z.string().nullable().optional(),
  path: z.string().nullable().optional(),
  metadata: anyRecord.nullable().optional(),
})
export type Lora = z.infer<typeof Lora>
export const LoraList = z.array(Lora)

export const AdetailerModels = z.looseObject({ ad_model: z.array(z.string()) })
export type AdetailerModels = z.infer<typeof AdetailerModels>
/** sd-webui-controlnet: `GET /controlnet/module_list` (also `module_detail`) and `/controlnet/model_list`. */
export const ControlNetModules = z.looseObject({ module_list: z.array(z.string()) })
export const ControlNetModels = z.looseObject({ model_list: z.array(z.string()) })

// #endregion

// #region options

/**
 * The options dict is open-ended; the keys we act on are typed. Ints arrive as floats
 * (`CLIP_stop_at_last_layers: 1.0`), which JSON and zod both read as plain numbers.
 */
export const Options = z.looseObject({
  sd_model_checkpoint: z.string().nullable().optional(),
  sd_checkpoint_hash: z.string().nullable().optional(),
  sd_vae: z.string().nullable().optional(),
  CLIP_stop_at_last_layers: z.number().nullable().optional(),
  samples_format: z.string().nullable().optional(),
  enable_pnginfo: z.boolean().nullable().optional(),
  forge_additional_modules: z.array(z.string()).nullable().optional(),
})
export type Options = z.infer<typeof Options>

/** POST options, refresh-*, skip answer `null`; interrupt answers `{}`; accept either. */
export const Nothing = z.union([z.null(), z.undefined(), anyRecord]).transform(() => null)

// #endregion

// #region generation

/**
 * The `info` string, parsed. Only what the engine may read is typed; everything is optional so
 * a fork that drops a key does not cost the user their images.
 */
export const GenerationInfo = z.looseObject({
  prompt: z.string().optional(),
  negative_prompt: z.string().optional(),
  seed: z.number().optional(),
  all_seeds: z.array(z.number()).optional(),
  subseed: z.number().optional(),
  all_subseeds: z.array(z.number()).optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  sampler_name: z.string().nullable().optional(),
  cfg_scale: z.number().nullable().optional(),
  steps: z.number().nullable().optional(),
  sd_model_name: z.string().nullable().optional(),
  sd_model_hash: z.string().nullable().optional(),
  sd_vae_name: z.string().nullable().optional(),
  denoising_strength: z.number().nullable().optional(),
  index_of_first_image: z.number().optional(),
  infotexts: z.array(z.string()).optional(),
  clip_skip: z.number().nullable().optional(),
  job_timestamp: z.string().optional(),
  version: z.string().optional(),
})
export type GenerationInfo = z.infer<typeof GenerationInfo>

function parseInfo(raw: string | null | undefined): GenerationInfo | null {
  if (!raw) return null
  try {
    const r = GenerationInfo.safeParse(JSON.parse(raw))
    return r.success ? r.data : null
  } catch {
    return null
  }
}

/**
 * txt2img and img2img answer alike. `images` is [] with `send_images: false`; Forge adds
 * `extra_images`. `info` is a JSON string; it is parsed here, and a parse failure leaves
 * `info: null` with `infoText` kept, because the images are what the user paid GPU time for.
 */
export const GenerationResponse = z
  .looseObject({
    images: z.array(b64).nullable().optional(),
    parameters: anyRecord.nullable().optional(),
    info: z.string().nullable().optional(),
  })
  .transform((r) => ({
    images: r.images ?? [],
    parameters: r.parameters ?? {},
    infoText: r.info ?? '',
    info: parseInfo(r.info),
  }))
export type GenerationResponse = z.output<typeof GenerationResponse>

export const ExtraSingleResponse = z.looseObject({ html_info: z.string().nullable().optional(), image: b64 }).transform((r) => ({
  htmlInfo: r.html_info ?? '',
  image: r.image,
}))
export type ExtraSingleResponse = z.output<typeof ExtraSingleResponse>

export const ExtraBatchResponse = z
  .looseObject({ html_info: z.string().nullable().optional(), images: z.array(b64) })
  .transform((r) => ({ htmlInfo: r.html_info ?? '', images: r.images }))
export type ExtraBatchResponse = z.output<typeof ExtraBatchResponse>

// #endregion

// #region progress

/**
 * After a job ends only `job`/`job_count` reset; the other fields keep their last values, so
 * every field defaults rather than being required.
 */
export const ProgressState = z.looseObject({
  skipped: z.boolean().nullable().optional(),
  interrupted: z.boolean().nullable().optional(),
  stopping_generation: z.boolean().nullable().optional(),
  job: z.string().nullable().optional(),
  job_count: z.number().nullable().optional(),
  job_timestamp: z.string().nullable().optional(),
  job_no: z.number().nullable().optional(),
  sampling_step: z.number().nullable().optional(),
  sampling_steps: z.number().nullable().optional(),
})
export type ProgressState = z.infer<typeof ProgressState>

export const Progress = z.looseObject({
  progress: z.number(),
  eta_relative: z.number().nullable().optional(),
  state: ProgressState.nullable().optional(),
  current_image: b64.nullable().optional(),
  textinfo: z.string().nullable().optional(),
})
export type Progress = z.infer<typeof Progress>

// #endregion

export const PngInfo = z.looseObject({
  info: z.string().nullable().optional(),
  items: anyRecord.nullable().optional(),
  parameters: anyRecord.nullable().optional(),
}).transform((r) => ({ info: r.info ?? '', items: r.items ?? {}, parameters: r.parameters ?? {} }))
export type PngInfo = z.output<typeof PngInfo>

/** Turns a zod failure into the short "where: what" text used in `bad_response` messages. */
export function describeIssues(error: z.ZodError): string {
  const issues = error.issues.slice(0, 3).map((i) => {
    const path = i.path
      .map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? String(p) : `.${String(p)}`))
      .join('')
    return `${path || '(root)'}: ${i.message}`
  })
  const more = error.issues.length > 3 ? ` (and ${error.issues.length - 3} more)` : ''
  return issues.join('; ') + more
}
