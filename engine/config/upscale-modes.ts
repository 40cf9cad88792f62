/**
 * Which upscale fields each mode sends (see engine/payloads/upscale.ts): `single` is the extras
 * upscaler with face restoration; `img2img` re-diffuses, so it has sampling fields instead.
 * Fields of the mode not selected are not sent: the inspector hides them and the compiler warns
 * when one is set (engine/compile/mode-warnings.ts).
 */
import type { UpscaleConfig } from './stages.ts'

type Field = keyof UpscaleConfig

export const UPSCALE_MODE_FIELDS: Readonly<Record<UpscaleConfig['mode'], readonly Field[]>> = {
  single: ['gfpgan_visibility', 'codeformer_visibility', 'codeformer_weight'],
  img2img: ['denoising_strength', 'steps', 'sampler_name', 'scheduler', 'cfg_scale', 'seed'],
}

/** The fields a given mode does not send. */
export function fieldsNotSentIn(mode: UpscaleConfig['mode']): readonly Field[] {
  return mode === 'single' ? UPSCALE_MODE_FIELDS.img2img : UPSCALE_MODE_FIELDS.single
}
