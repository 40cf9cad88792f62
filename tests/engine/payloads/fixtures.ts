/** Shared inputs and key checks for the payload tests (not a test file itself). */
import {
  ADETAILER_DEFAULTS, ADETAILER_PASS_DEFAULTS, IMG2IMG_DEFAULTS, TXT2IMG_DEFAULTS, UPSCALE_DEFAULTS,
} from '../../../engine/config/defaults.ts'
import {
  AdetailerConfig, Img2ImgConfig, Txt2ImgConfig, UpscaleConfig,
  type AdetailerPass,
} from '../../../engine/config/stages.ts'
import {
  ADETAILER_ARG_KEYS, ADETAILER_FORBIDDEN_KEYS, ALWAYSON_SCRIPT_TITLES, CONTROLNET_UNIT_KEYS, EXTRAS_SINGLE_IMAGE_FIELDS,
  FORGE_ONLY_REQUEST_FIELDS, IMG2IMG_FIELDS, OVERRIDE_OPTION_KEYS, TXT2IMG_FIELDS,
  type StageImage, type StageRequestContext, type WebuiRequest,
} from '../../../engine/payloads/index.ts'

export const IMAGE: StageImage = { base64: 'iVBORw0KGgoAAAANSUhEUg==', width: 832, height: 1216 }

export const CTX: StageRequestContext = {
  prompt: 'a red fox in snow',
  negativePrompt: 'blurry',
  seed: 1234,
  model: { checkpoint: 'sdxl_base.safetensors', vae: 'sdxl_vae.safetensors', clipSkip: 2 },
}
export const CTX_IMG: StageRequestContext = { ...CTX, image: IMAGE }

/** Configs go through their zod schema so a fixture can never be one the engine would refuse. */
export const txt2img = (patch: Partial<Txt2ImgConfig> = {}): Txt2ImgConfig =>
  Txt2ImgConfig.parse({ ...structuredClone(TXT2IMG_DEFAULTS), ...patch })
export const img2img = (patch: Partial<Img2ImgConfig> = {}): Img2ImgConfig =>
  Img2ImgConfig.parse({ ...structuredClone(IMG2IMG_DEFAULTS), ...patch })
export const upscale = (patch: Partial<UpscaleConfig> = {}): UpscaleConfig =>
  UpscaleConfig.parse({ ...structuredClone(UPSCALE_DEFAULTS), ...patch })
export const pass = (patch: Partial<AdetailerPass> = {}): AdetailerPass =>
  ({ ...structuredClone(ADETAILER_PASS_DEFAULTS), ...patch })
export const adetailer = (patch: Partial<AdetailerConfig> = {}): AdetailerConfig =>
  AdetailerConfig.parse({ ...structuredClone(ADETAILER_DEFAULTS), ...patch })

export const HIRES_ON = { ...TXT2IMG_DEFAULTS.hires, enabled: true }
export const REFINER_ON = { enabled: true, checkpoint: 'sdxl_refiner.safetensors', switch_at: 0.75 }

const FIELDS: Record<WebuiRequest['endpoint'], ReadonlySet<string>> = {
  '/sdapi/v1/txt2img': TXT2IMG_FIELDS,
  '/sdapi/v1/img2img': IMG2IMG_FIELDS,
  '/sdapi/v1/extra-single-image': EXTRAS_SINGLE_IMAGE_FIELDS,
}

/**
 * Every key of a request that A1111 / ADetailer would not know, as "where: key" strings
 * (empty = all good). Covers the body, override_settings, alwayson script titles, the ADetailer
 * args layout and each tab dict.
 */
export function unknownKeys(req: WebuiRequest): string[] {
  const bad: string[] = []
  const body = req.body as Record<string, unknown>
  // Forge-only keys (distilled CFG) are known to Forge; routing keeps such jobs off A1111.
  const forge = req.endpoint !== '/sdapi/v1/extra-single-image' ? FORGE_ONLY_REQUEST_FIELDS : new Set<string>()
  for (const k of Object.keys(body)) if (!FIELDS[req.endpoint].has(k) && !forge.has(k)) bad.push(`body: ${k}`)
  const overrides = body.override_settings
  if (overrides !== undefined) {
    for (const k of Object.keys(overrides as object)) {
      if (!OVERRIDE_OPTION_KEYS.has(k)) bad.push(`override_settings: ${k}`)
    }
  }
  const scripts = body.alwayson_scripts as Record<string, { args: unknown[] }> | undefined
  if (scripts !== undefined) {
    for (const [title, { args }] of Object.entries(scripts)) {
      if (!ALWAYSON_SCRIPT_TITLES.has(title)) bad.push(`alwayson_scripts: ${title}`)
      if (title === 'controlnet') {
        for (const [i, unit] of args.entries()) {
          for (const k of Object.keys(unit as object)) if (!CONTROLNET_UNIT_KEYS.has(k)) bad.push(`controlnet unit ${i}: ${k}`)
        }
        continue
      }
      if (typeof args[0] !== 'boolean' || typeof args[1] !== 'boolean') bad.push(`${title}: leading bools`)
      for (const [i, tab] of args.slice(2).entries()) {
        for (const k of Object.keys(tab as object)) {
          if (!ADETAILER_ARG_KEYS.has(k) || ADETAILER_FORBIDDEN_KEYS.has(k)) bad.push(`${title} tab ${i}: ${k}`)
        }
      }
    }
  }
  return bad
}

/** Paths of every null or undefined value, nested (A1111 takes null as "option default"). */
export function nullPaths(value: unknown, path = ''): string[] {
  if (value === null || value === undefined) return [path]
  if (typeof value !== 'object') return []
  return Object.entries(value).flatMap(([k, v]) => nullPaths(v, `${path}.${k}`))
}
