/**
 * The inpaint keys of an img2img request (webui-api.md §2.2). The engine knows the mask only by
 * id; whoever sends the request (the server's executor) puts the mask's bytes in `ctx.mask`, and
 * the job preview puts a named placeholder there, as it does for the input image.
 */
import type { InpaintConfig } from '../config/inpaint.ts'
import type { StageRequestContext } from './common.ts'

/** Thrown when a stage with a mask id is built without the mask's bytes. */
export class MissingMaskError extends Error {
  constructor(readonly maskId: string) {
    super(`the img2img stage inpaints with mask ${maskId} but no mask image (ctx.mask) was given`)
    this.name = 'MissingMaskError'
  }
}

export interface InpaintKeys {
  mask: string
  mask_blur: number
  inpainting_fill: number
  inpaint_full_res: boolean
  inpaint_full_res_padding: number
  inpainting_mask_invert: number
}

/**
 * Every inpaint key, stated in full, when the stage has a mask; none at all without one (a plain
 * img2img carries no inpaint settings that could look like they did something). `inpaint` is
 * optional because a JobSpec stored before inpainting existed has no such block.
 */
export function inpaintKeys(inpaint: InpaintConfig | undefined, ctx: StageRequestContext): InpaintKeys | Record<string, never> {
  if (!inpaint || inpaint.mask_id === '') return {}
  if (ctx.mask === undefined) throw new MissingMaskError(inpaint.mask_id)
  return {
    mask: ctx.mask,
    // One int sets A1111's mask_blur_x and mask_blur_y alike.
    mask_blur: inpaint.mask_blur,
    inpainting_fill: inpaint.inpainting_fill,
    inpaint_full_res: inpaint.inpaint_full_res,
    inpaint_full_res_padding: inpaint.inpaint_full_res_padding,
    inpainting_mask_invert: inpaint.inpainting_mask_invert,
  }
}
