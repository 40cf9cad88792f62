/**
 * Inpainting on an img2img stage (issue 11 §2): one nested block of the img2img config, merged
 * field by field like `hires`. The mask itself is a PNG in the data folder (`library/masks/`),
 * referenced here by its id; the engine never holds its bytes (it stays pure). The server puts
 * the bytes in the request as `mask` when it sends it (server/exec/masks.ts).
 *
 * Field names are A1111's img2img request keys (webui-api.md §2.2), so a preset file and a
 * payload use the same words.
 */
import { z } from 'zod'

/** `mask-` + 24 hex digits of the sha256 of the stored PNG: the same mask is stored once. */
export const MASK_ID_PATTERN = /^mask-[0-9a-f]{24}$/
export const MaskId = z.string().regex(MASK_ID_PATTERN, 'must be a mask id like "mask-" followed by 24 hex digits')

/** A1111's `inpainting_fill`: what the masked area starts from. */
export const MASKED_CONTENT = ['fill', 'original', 'latent noise', 'latent nothing'] as const
/** A1111's `inpainting_mask_invert`. */
export const MASK_MODES = ['Inpaint masked', 'Inpaint not masked'] as const

export const InpaintConfig = z.strictObject({
  /** '' = no mask: a plain img2img, none of the inpaint keys are sent. */
  mask_id: z.union([z.literal(''), MaskId]),
  /** Gaussian blur radius of the mask edge, in pixels (A1111 sends it as mask_blur_x/_y). */
  mask_blur: z.int().min(0).max(64),
  /** 0 fill, 1 original, 2 latent noise, 3 latent nothing. */
  inpainting_fill: z.int().min(0).max(3),
  /** true = "Only masked": the masked area (plus padding) is re-drawn at the full size, then pasted back. */
  inpaint_full_res: z.boolean(),
  inpaint_full_res_padding: z.int().min(0).max(256),
  /** 0 = white is re-drawn, 1 = black is re-drawn. */
  inpainting_mask_invert: z.int().min(0).max(1),
})
export type InpaintConfig = z.infer<typeof InpaintConfig>

export const InpaintLayer = InpaintConfig.partial()

/**
 * A1111's UI defaults (not its API defaults, which are fill / only masked / padding 0): they are
 * what a person moving from the inpaint tab expects, and we always send every key, so the WebUI
 * receives exactly what the inspector shows.
 */
export const INPAINT_DEFAULTS: InpaintConfig = {
  mask_id: '',
  mask_blur: 4,
  inpainting_fill: 1,
  inpaint_full_res: false,
  inpaint_full_res_padding: 32,
  inpainting_mask_invert: 0,
}
