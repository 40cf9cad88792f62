/**
 * ControlNet images at dispatch: the engine's requests reference control images by id
 * (`upload:<id>`, `stage:<id>`, `input`); here, per call, the referenced images are loaded (an
 * upload from the data folder, an earlier stage's output of the same image index) and handed to
 * the request builder. For the manifest and the stage-cache key, each unit's base64 is replaced by
 * `sha256:<pixel hash>`, so the key changes exactly when a control image does.
 */
import { stageIdOf, uploadIdOf, type ControlNetUnit } from '../../engine/config/controlnet.ts'
import { enabledUnits } from '../../engine/payloads/controlnet.ts'
import type { StagePlan } from '../../engine/compile/spec.ts'
import type { DataPaths } from '../data/paths.ts'
import { readUpload } from '../data/uploads.ts'

export interface HashedImage {
  base64: string
  width: number
  height: number
  hash: string
}

export interface ControlImages {
  /** By reference, as the builder wants them (undefined when the stage has no unit needing one). */
  images: Record<string, HashedImage> | undefined
  /** base64 → pixel hash of every image a unit may carry (including the stage's own input). */
  hashes: Map<string, string>
}

/** Thrown when a referenced image is not there; the job fails with this message. */
export class ControlImageError extends Error {}

export async function loadControlImages(
  paths: DataPaths, stage: StagePlan, imageIndex: number, outputs: ReadonlyMap<string, readonly HashedImage[]>, input: HashedImage | undefined,
): Promise<ControlImages> {
  const hashes = new Map<string, string>()
  if (input) hashes.set(input.base64, input.hash)
  const units = (stage.config.values as { controlnet?: ControlNetUnit[] }).controlnet
  const active = enabledUnits(units)
  if (active.length === 0) return { images: undefined, hashes }
  const images: Record<string, HashedImage> = {}
  for (const { unit, index } of active) {
    const ref = unit.image
    if (ref in images) continue
    const upload = uploadIdOf(ref)
    const from = stageIdOf(ref)
    let image: HashedImage | undefined
    if (upload !== null) {
      const u = await readUpload(paths, upload)
      if (!u) throw new ControlImageError(`ControlNet unit ${index + 1}: the uploaded image "${upload}" is not in the data folder (deleted?)`)
      image = { base64: u.bytes.toString('base64'), width: u.width, height: u.height, hash: u.hash }
    } else if (from !== null) {
      const made = outputs.get(from)
      // Image k of this stage works on image k of the job's batch; an earlier stage that made one
      // image (e.g. a single extras upscale of a one-image batch) gives that one.
      image = made?.[imageIndex] ?? (made?.length === 1 ? made[0] : undefined)
      if (!image) throw new ControlImageError(`ControlNet unit ${index + 1}: stage "${from}" made no image ${imageIndex + 1} for this job`)
    }
    if (image) {
      images[ref] = image
      hashes.set(image.base64, image.hash)
    }
  }
  return { images, hashes }
}

/** The recorded body with each ControlNet unit's image replaced by `sha256:<hash>`. */
export function withoutControlImages(body: Record<string, unknown>, hashes: ReadonlyMap<string, string>): Record<string, unknown> {
  const scripts = body.alwayson_scripts as { controlnet?: { args: Record<string, unknown>[] } } | undefined
  const args = scripts?.controlnet?.args
  if (!args) return body
  const stripped = args.map((u) => ({ ...u, image: typeof u.image === 'string' ? `sha256:${hashes.get(u.image) ?? 'unknown'}` : u.image }))
  return { ...body, alwayson_scripts: { ...scripts, controlnet: { ...scripts.controlnet, args: stripped } } }
}
