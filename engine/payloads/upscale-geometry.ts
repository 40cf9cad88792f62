/**
 * The size an upscale stage makes and, for SD upscale, its tiles: what A1111 1.10 does with the
 * request we send, so the job preview shows the size the WebUI will return. The simulator
 * implements the same behaviour independently (server/sim/sd-upscale.ts, routes/extras.ts) and a
 * test holds the two together.
 */
import type { UpscaleConfig } from '../config/stages.ts'
import { roundTo8 } from './common.ts'

export interface ImageSize { width: number; height: number }

/** A1111's `Upscaler.upscale`: factor × side, floored to a multiple of 8. */
function upscalerSize(input: ImageSize, factor: number): ImageSize {
  return { width: Math.floor((input.width * factor) / 8) * 8, height: Math.floor((input.height * factor) / 8) * 8 }
}

/**
 * The tile grid of A1111's SD upscale (`images.split_grid`): tiles of tile_w × tile_h that
 * overlap by `overlap` pixels, as many as cover the image. Each tile is one img2img sampling.
 */
export function sdUpscaleGrid(image: ImageSize, tileWidth: number, tileHeight: number, overlap: number): { cols: number; rows: number; tiles: number } {
  const cols = Math.max(1, Math.ceil((image.width - overlap) / (tileWidth - overlap)))
  const rows = Math.max(1, Math.ceil((image.height - overlap) / (tileHeight - overlap)))
  return { cols, rows, tiles: cols * rows }
}

type SizeFields = Pick<UpscaleConfig, 'mode' | 'upscaler' | 'factor' | 'resize_mode' | 'upscaling_resize_w' | 'upscaling_resize_h' | 'upscaling_crop'>

/** The size of the image an upscale stage returns for an input of `input`. */
export function upscaleOutputSize(c: SizeFields, input: ImageSize): ImageSize {
  switch (c.mode) {
    case 'img2img':
      return { width: roundTo8(input.width * c.factor), height: roundTo8(input.height * c.factor) }
    case 'sd-upscale':
      // The script skips the upscaler named None, so the image keeps its size (a compile warning says so).
      return c.upscaler === 'None' ? input : upscalerSize(input, c.factor)
    case 'single': {
      // Upscaler 1 None: the extras upscale does nothing at all.
      if (c.upscaler === 'None') return input
      if (c.resize_mode !== 1) return upscalerSize(input, c.factor)
      if (c.upscaling_crop) return { width: c.upscaling_resize_w, height: c.upscaling_resize_h }
      // Without crop the image is scaled to cover the target, keeping its aspect ratio.
      return upscalerSize(input, Math.max(c.upscaling_resize_w / input.width, c.upscaling_resize_h / input.height))
    }
  }
}
