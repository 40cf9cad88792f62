/**
 * ControlNet as an always-on script (sd-webui-controlnet): `alwayson_scripts.controlnet.args` is
 * a list of unit dicts with the extension's field names. Only enabled units are sent (a disabled
 * unit sends nothing, so the payload says what runs), each with its control image as bare base64
 * in `image` (the extension's current name; `input_image` is its deprecated alias).
 *
 * The engine never reads files: the caller puts the images in `ctx.controlImages`, keyed by the
 * unit's reference (`upload:<id>`, `stage:<id>`); `input` is the stage's own input image.
 */
import type { ControlNetUnit } from '../config/controlnet.ts'
import type { StageRequestContext } from './common.ts'
import type { ControlNetUnitArgs } from './schemas.ts'

/** Thrown when a unit's control image was not given to the builder. */
export class MissingControlImageError extends Error {
  constructor(readonly unitIndex: number, readonly ref: string) {
    super(ref === ''
      ? `ControlNet unit ${unitIndex + 1} has no control image: choose one`
      : `ControlNet unit ${unitIndex + 1}: the control image "${ref}" was not available`)
    this.name = 'MissingControlImageError'
  }
}

/** The enabled units of a config (absent in configs stored before ControlNet existed). */
export function enabledUnits(units: readonly ControlNetUnit[] | undefined): { unit: ControlNetUnit; index: number }[] {
  return (units ?? []).map((unit, index) => ({ unit, index })).filter((u) => u.unit.enabled)
}

function controlImage(ref: string, index: number, ctx: StageRequestContext): string {
  const image = ref === 'input' ? ctx.image : ref === '' ? undefined : ctx.controlImages?.[ref]
  if (image === undefined) throw new MissingControlImageError(index, ref)
  return image.base64
}

export function controlNetUnitArgs(unit: ControlNetUnit, index: number, ctx: StageRequestContext): ControlNetUnitArgs {
  const { image, ...rest } = unit
  return { ...rest, enabled: true, image: controlImage(image, index, ctx) }
}

/**
 * `{ alwayson_scripts: { controlnet: { args } } }` when a unit is enabled, else nothing (no
 * empty `alwayson_scripts` in a payload without ControlNet).
 */
export function controlNetKeys(units: readonly ControlNetUnit[] | undefined, ctx: StageRequestContext): { alwayson_scripts?: { controlnet: { args: ControlNetUnitArgs[] } } } {
  const active = enabledUnits(units)
  if (active.length === 0) return {}
  return { alwayson_scripts: { controlnet: { args: active.map(({ unit, index }) => controlNetUnitArgs(unit, index, ctx)) } } }
}
