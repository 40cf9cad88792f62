/**
 * The bytes of a stage's inpaint mask, resolved when the request is built (the engine only knows
 * the id, engine/compile/masks.ts). A mask whose size differs from the image it is sent with is
 * stretched to the image's size first (nearest pixel, so it stays black and white): A1111 would
 * resize it itself for "Whole picture" but computes the "Only masked" crop in the mask's own
 * pixels, which goes wrong when the sizes differ. A mask of the right size goes out untouched.
 */
import { createHash } from 'node:crypto'
import type { DataPaths } from '../data/paths.ts'
import { readMask } from '../library/masks.ts'
import { resizeMask } from '../png/mask.ts'
import { decodePng, encodePng, type RawImage } from '../png/synth.ts'

export interface StageMask {
  id: string
  bytes: Buffer
  image: RawImage
  /** Per image size, what is sent (memoised: every image of a batch usually has one size). */
  sized: Map<string, SentMask>
}

export interface SentMask {
  base64: string
  /** sha256 of the bytes sent: the stage-cache key and the manifest name the mask by it. */
  hash: string
}

/** Reads a stored mask; throws a sentence for the job's error when it is gone or broken. */
export async function loadStageMask(paths: DataPaths, id: string): Promise<StageMask> {
  const bytes = await readMask(paths, id)
  if (!bytes) throw new Error(`the inpaint mask ${id} is no longer in the data folder (library/masks)`)
  // Decoded here (a few ms) so a damaged file fails the stage before anything is sent.
  const png = decodePng(bytes)
  if (!png.ok) throw new Error(`the inpaint mask ${id} is not a readable PNG any more (${png.error})`)
  return { id, bytes, image: png.value, sized: new Map() }
}

/** The mask as sent with an image of `width`×`height`. */
export function maskForImage(mask: StageMask, width: number, height: number): SentMask {
  const key = `${width}x${height}`
  let sent = mask.sized.get(key)
  if (!sent) {
    const same = mask.image.width === width && mask.image.height === height
    const bytes = same ? mask.bytes : encodePng(resizeMask(mask.image, width, height))
    sent = {
      base64: bytes.toString('base64'),
      hash: createHash('sha256').update(bytes).digest('hex'),
    }
    mask.sized.set(key, sent)
  }
  return sent
}
