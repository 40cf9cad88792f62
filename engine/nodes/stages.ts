/**
 * The stage kinds. Their params are the stage's config *layer*: a field present is "set" on the
 * node (layer 6 of the merge, DESIGN §3), a field absent is inherited from the lower layers.
 */
import { z } from 'zod'
import { defineNodeKind, type PortDef } from './define.ts'
import { AdetailerLayer, Img2ImgLayer, Txt2ImgLayer, UpscaleLayer, VideoLayer } from '../config/stages.ts'
import { Id } from '../graph/schema.ts'

const configIn: PortDef = { name: 'config', type: 'config', label: 'Presets', many: true, required: false }
const imageIn: PortDef = { name: 'image', type: 'image', label: 'Image', required: true }
const imageOut: PortDef = { name: 'image', type: 'image', label: 'Image', required: false }

export const Txt2ImgParams = Txt2ImgLayer.extend({
  /** A prompt typed on the node, used when nothing is wired into its prompts input. */
  prompt: z.string().max(10_000).optional(),
})
export type Txt2ImgParams = z.infer<typeof Txt2ImgParams>

export const txt2imgKind = defineNodeKind<Txt2ImgParams>({
  kind: 'txt2img',
  version: 1,
  label: 'txt2img',
  description: 'Generates images from prompts: model, sampler, steps, CFG, size, seed, hires fix, refiner.',
  role: 'stage',
  inputs: [{ name: 'prompts', type: 'prompts', label: 'Prompts', required: true, many: true }, configIn],
  outputs: [imageOut],
  params: Txt2ImgParams,
  defaults: () => ({}),
  inputRequired: (port, p) => (port === 'prompts' ? !p.prompt?.trim() : false),
  summary: (p) => compact([p.model, p.sampler_name, p.steps && `${p.steps} steps`, p.cfg_scale && `CFG ${p.cfg_scale}`, p.width && p.height && `${p.width}×${p.height}`, p.hires?.enabled && 'hires fix', controlNetSummary(p.controlnet)]),
})

export const Img2ImgParams = Img2ImgLayer.extend({
  /** An earlier output (artifact id) to start from when no image is wired in. */
  sourceImage: Id.optional(),
})
export type Img2ImgParams = z.infer<typeof Img2ImgParams>

export const img2imgKind = defineNodeKind<Img2ImgParams>({
  kind: 'img2img',
  version: 1,
  label: 'img2img',
  description: 'Re-diffuses each incoming image: denoise, steps, CFG, sampler, resize, prompt adjustments.',
  role: 'stage',
  inputs: [imageIn, { name: 'prompts', type: 'prompts', label: 'Prompts', required: false, many: true }, configIn],
  outputs: [imageOut],
  params: Img2ImgParams,
  defaults: () => ({}),
  inputRequired: (port, p) => (port === 'image' ? !p.sourceImage : false),
  summary: (p) => compact([p.denoising_strength !== undefined && `denoise ${p.denoising_strength}`, p.steps && `${p.steps} steps`, p.sourceImage && `from ${p.sourceImage}`, p.inpaint?.mask_id && 'inpaint mask', controlNetSummary(p.controlnet)]),
})

export type AdetailerParams = z.infer<typeof AdetailerLayer>
export const adetailerKind = defineNodeKind<AdetailerParams>({
  kind: 'adetailer',
  version: 1,
  label: 'ADetailer',
  description: 'Finds faces, hands or people in each image and re-draws them: one to four detection passes.',
  role: 'stage',
  inputs: [imageIn, configIn],
  outputs: [imageOut],
  params: AdetailerLayer,
  defaults: () => ({}),
  summary: (p) => (p.passes?.length ? p.passes.map((x, i) => `pass ${i + 1}: ${x.ad_model ?? 'inherited'}`) : ['passes inherited']),
})

export type UpscaleParams = z.infer<typeof UpscaleLayer>
export const upscaleKind = defineNodeKind<UpscaleParams>({
  kind: 'upscale',
  version: 1,
  label: 'Upscale',
  description: 'Enlarges each image: the extras upscaler (single), a whole-frame re-diffusion at the factor (img2img), or A1111\'s tiled SD upscale script (sd-upscale).',
  role: 'stage',
  inputs: [imageIn, configIn],
  outputs: [imageOut],
  params: UpscaleLayer,
  defaults: () => ({}),
  summary: (p) => compact([p.mode, p.upscaler, p.factor && `×${p.factor}`]),
})

export type VideoParams = z.infer<typeof VideoLayer>
export const videoKind = defineNodeKind<VideoParams>({
  kind: 'video',
  version: 1,
  label: 'Video',
  description: 'Assembles every image that reaches it in one run into a video with ffmpeg (mp4, webm or gif).',
  role: 'run-stage',
  inputs: [{ name: 'image', type: 'image', label: 'Frames', many: true, required: true }, configIn],
  outputs: [{ name: 'video', type: 'video', label: 'Video', required: false }],
  params: VideoLayer,
  defaults: () => ({}),
  summary: (p) => compact([p.codec, p.fps && `${p.fps} fps`, p.mode]),
})

/** `ControlNet: canny, depth_midas` for the units set on the node (enabled ones). */
function controlNetSummary(units: { enabled?: boolean; module?: string }[] | undefined): string | undefined {
  const on = (units ?? []).filter((u) => u.enabled !== false)
  return on.length ? `ControlNet: ${on.map((u) => u.module ?? 'inherited').join(', ')}` : undefined
}

function compact(items: unknown[]): string[] {
  return items.filter((x): x is string => typeof x === 'string' && x.length > 0)
}
