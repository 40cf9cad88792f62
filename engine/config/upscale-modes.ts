/**
 * Which upscale fields each mode sends (see engine/payloads/upscale.ts and sd-upscale.ts):
 * - `single` is the extras upscaler, with a second blended upscaler, a target size and face
 *   restoration;
 * - `img2img` re-diffuses the whole frame at once at factor × size: one img2img call, no tiles.
 *   It is what the mode has always meant, so graphs and presets stored before `sd-upscale`
 *   existed keep doing exactly what they did (no migration);
 * - `sd-upscale` is A1111's built-in "SD upscale" script: the upscaler enlarges the image, then
 *   each overlapping tile (tile_width × tile_height) is re-diffused and the tiles are blended
 *   back. Memory stays at one tile whatever the final size, which is why people use it for big
 *   outputs; the whole-frame mode sees the full composition at once instead.
 * Fields of the modes not selected are not sent: the inspector hides them and the compiler warns
 * when one is set (engine/compile/mode-warnings.ts).
 */
import type { UpscaleConfig } from './stages.ts'

type Field = keyof UpscaleConfig
export type UpscaleMode = UpscaleConfig['mode']

export const UPSCALE_MODES: readonly UpscaleMode[] = ['single', 'img2img', 'sd-upscale']

const SAMPLING: readonly Field[] = ['denoising_strength', 'steps', 'sampler_name', 'scheduler', 'cfg_scale', 'seed']

/** The fields only some modes send (mode, upscaler and factor are sent by every mode). */
export const UPSCALE_MODE_FIELDS: Readonly<Record<UpscaleMode, readonly Field[]>> = {
  single: [
    'gfpgan_visibility', 'codeformer_visibility', 'codeformer_weight', 'upscaler_2',
    'extras_upscaler_2_visibility', 'upscale_first', 'resize_mode', 'upscaling_resize_w',
    'upscaling_resize_h', 'upscaling_crop',
  ],
  img2img: SAMPLING,
  'sd-upscale': [...SAMPLING, 'tile_overlap', 'tile_width', 'tile_height'],
}

/** The fields a given mode does not send. */
export function fieldsNotSentIn(mode: UpscaleMode): readonly Field[] {
  const sent = new Set(UPSCALE_MODE_FIELDS[mode])
  const other = UPSCALE_MODES.filter((m) => m !== mode).flatMap((m) => UPSCALE_MODE_FIELDS[m])
  return [...new Set(other)].filter((f) => !sent.has(f))
}

/** Whether the mode runs a diffusion (and so has a sampler, a seed and the parent's model). */
export function upscaleDiffuses(mode: unknown): boolean {
  return mode === 'img2img' || mode === 'sd-upscale'
}

/**
 * The fields a resolved upscale config does not send: those of the other modes and, in `single`
 * mode, the side of the resize choice not taken (`factor` when resizing to a size; the size and
 * crop when scaling by the factor).
 */
export function fieldsNotSent(values: { mode: UpscaleMode; resize_mode?: number }): readonly Field[] {
  const out = [...fieldsNotSentIn(values.mode)]
  if (values.mode === 'single') {
    out.push(...(values.resize_mode === 1 ? ['factor'] as const : ['upscaling_resize_w', 'upscaling_resize_h', 'upscaling_crop'] as const))
  }
  return out
}
