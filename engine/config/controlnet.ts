/**
 * ControlNet units (sd-webui-controlnet): the schema of one unit, its defaults, and the control
 * image reference. Units live on the diffusion stages themselves (`controlnet` on txt2img and
 * img2img), as in A1111's own tabs, not on a separate node kind: see docs/engine.md "ControlNet".
 *
 * Field names are the extension's own API names (`module`, `model`, `weight`, `guidance_start`…),
 * so a preset file or a payload reads the same words; the two enums use the extension's labels,
 * which it accepts as they are (it also takes 0-2; labels say what they mean in a file).
 */
import { z } from 'zod'

/** The extension's ResizeMode values, in its order (0, 1, 2). */
export const CONTROLNET_RESIZE_MODES = ['Just Resize', 'Crop and Resize', 'Resize and Fill'] as const
/** The extension's ControlMode values, in its order (0, 1, 2). */
export const CONTROLNET_CONTROL_MODES = ['Balanced', 'My prompt is more important', 'ControlNet is more important'] as const

/** A1111's default `control_net_unit_count` is 3; more units need a setting change on the WebUI. */
export const MAX_CONTROLNET_UNITS = 3

const refId = '[A-Za-z0-9][A-Za-z0-9_.-]{0,127}'
/**
 * Where a unit's control image comes from:
 * - `''`: none chosen yet (an enabled unit without one is a compile error);
 * - `input`: the image this stage receives (img2img: the earlier stage's output it re-diffuses);
 * - `upload:<id>`: an image uploaded into the data folder (`/api/uploads`);
 * - `stage:<nodeId>`: the output of an earlier stage of the same job (the image with the same
 *   index of that stage's batch).
 * The engine keeps only the reference; the server attaches the image at dispatch.
 */
export const ControlImageRef = z.string().max(140).regex(new RegExp(`^(|input|upload:${refId}|stage:${refId})$`), {
  message: 'must be "", "input", "upload:<id>" or "stage:<node id>"',
})
export type ControlImageRef = z.infer<typeof ControlImageRef>

export const ControlNetUnit = z.strictObject({
  enabled: z.boolean(),
  image: ControlImageRef,
  /** The preprocessor, as `/controlnet/module_list` names it (`none` = the image is the map). */
  module: z.string().min(1).max(200),
  /** As `/controlnet/model_list` names it (`control_v11p_sd15_canny [d14c016b]`); the hash is optional. */
  model: z.string().min(1).max(400),
  weight: z.number().min(0).max(2),
  resize_mode: z.enum(CONTROLNET_RESIZE_MODES),
  low_vram: z.boolean(),
  /** -1 = the preprocessor's own default (the extension replaces any value out of its range). */
  processor_res: z.int().min(-1).max(4096),
  threshold_a: z.number().min(-1).max(4096),
  threshold_b: z.number().min(-1).max(4096),
  guidance_start: z.number().min(0).max(1),
  guidance_end: z.number().min(0).max(1),
  control_mode: z.enum(CONTROLNET_CONTROL_MODES),
  pixel_perfect: z.boolean(),
})
export type ControlNetUnit = z.infer<typeof ControlNetUnit>

export const ControlNetUnits = z.array(ControlNetUnit).max(MAX_CONTROLNET_UNITS)
/** Layer form: merged into the units by index, field by field (like ADetailer passes). */
export const ControlNetUnitsLayer = z.array(ControlNetUnit.partial()).max(MAX_CONTROLNET_UNITS)

/** The extension's own defaults, except `image` (none chosen) and `enabled` (a unit you add is on). */
export const CONTROLNET_UNIT_DEFAULTS: ControlNetUnit = {
  enabled: true,
  image: '',
  module: 'none',
  model: 'None',
  weight: 1,
  resize_mode: 'Crop and Resize',
  low_vram: false,
  processor_res: -1,
  threshold_a: -1,
  threshold_b: -1,
  guidance_start: 0,
  guidance_end: 1,
  control_mode: 'Balanced',
  pixel_perfect: false,
}

/** The uploaded image id of a reference, or null. */
export function uploadIdOf(ref: string): string | null {
  return ref.startsWith('upload:') ? ref.slice('upload:'.length) : null
}

/** The stage id of a reference, or null. */
export function stageIdOf(ref: string): string | null {
  return ref.startsWith('stage:') ? ref.slice('stage:'.length) : null
}
