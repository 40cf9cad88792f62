/**
 * Labels, hints and choices of the img2img `inpaint` block, in A1111's inpaint-tab words, so a
 * person coming from A1111 finds the settings under the names they know. The mask itself is
 * painted or uploaded in the panel below the form (inspector/mask); `mask_id` has no form row.
 */
import { MASK_MODES, MASKED_CONTENT } from '../../../engine/config/inpaint.ts'

export const INPAINT_LABELS: Record<string, string> = {
  inpaint: 'Inpainting', mask_id: 'Mask id', mask_blur: 'Mask blur', inpainting_fill: 'Masked content',
  inpaint_full_res: 'Only masked', inpaint_full_res_padding: 'Only masked padding', inpainting_mask_invert: 'Mask mode',
}

export const INPAINT_HINTS: Record<string, string> = {
  inpaint_full_res: 'off = Whole picture; on = re-draw the masked area at full size',
  inpaint_full_res_padding: 'pixels around the mask, with Only masked',
}

export const INPAINT_CHOICES: Record<string, readonly string[]> = {
  inpainting_fill: MASKED_CONTENT,
  inpainting_mask_invert: MASK_MODES,
}
