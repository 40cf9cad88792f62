/**
 * Preview = what the WebUI returns: for each upscale mode, the request the engine builds is sent
 * to the simulated WebUI, and the image that comes back has the size the job preview shows
 * (engine upscaleOutputSize); an SD upscale re-diffuses as many tiles as the engine counts.
 * The simulator models A1111 on its own code, so a drift on either side fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { UPSCALE_DEFAULTS } from '../../../engine/config/defaults.ts'
import { UpscaleConfig } from '../../../engine/config/stages.ts'
import {
  buildUpscaleRequest, sdUpscaleGrid, upscaleOutputSize, type StageRequestContext,
} from '../../../engine/payloads/index.ts'
import type { SimHandle } from '../../../server/sim/index.ts'
import { png, post, sourceImage, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => {
  sim = await withSim({ stepMs: 0 })
})
afterAll(() => sim.close())

const input = { width: 200, height: 136 }
const ctx: StageRequestContext = {
  prompt: 'a harbour at dawn', negativePrompt: '', seed: 5,
  model: { checkpoint: '', vae: '', clipSkip: 1 },
  image: { base64: sourceImage(input.width, input.height), ...input },
}

const cases: [string, Partial<UpscaleConfig>][] = [
  ['single ×2', {}],
  ['single ×1.3 (floored to 8)', { factor: 1.3, upscaler: 'Lanczos' }],
  ['single to 300×300, cropped', { resize_mode: 1, upscaling_resize_w: 300, upscaling_resize_h: 300 }],
  ['single to 300×300, not cropped', { resize_mode: 1, upscaling_resize_w: 300, upscaling_resize_h: 300, upscaling_crop: false }],
  ['single with upscaler 2 blended', { upscaler_2: 'Nearest', extras_upscaler_2_visibility: 0.5, gfpgan_visibility: 0.3 }],
  ['whole-frame img2img ×1.5', { mode: 'img2img', factor: 1.5, steps: 4 }],
  ['sd-upscale ×2, 128² tiles', { mode: 'sd-upscale', tile_width: 128, tile_height: 128, tile_overlap: 32, steps: 4 }],
  ['sd-upscale ×1.7, 192×128 tiles', { mode: 'sd-upscale', factor: 1.7, tile_width: 192, tile_height: 128, tile_overlap: 16, steps: 4, upscaler: 'Lanczos' }],
  ['sd-upscale, upscaler None', { mode: 'sd-upscale', upscaler: 'None', tile_width: 128, tile_height: 128, steps: 4 }],
]

describe('the size the preview shows is the size the WebUI returns', () => {
  it.each(cases)('%s', async (_, patch) => {
    const config = UpscaleConfig.parse({ ...UPSCALE_DEFAULTS, ...patch })
    const req = buildUpscaleRequest(config, ctx)
    sim.resetStats()
    const r = await post(sim, req.endpoint, req.body)
    expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
    const b64 = req.endpoint === '/sdapi/v1/extra-single-image' ? r.body.image : r.body.images[0]
    const expected = upscaleOutputSize(config, input)
    expect(png(b64).size).toEqual(expected)
    if (config.mode === 'sd-upscale') {
      expect(sim.stats().sdUpscaleTiles).toBe(sdUpscaleGrid(expected, config.tile_width, config.tile_height, config.tile_overlap).tiles)
    }
  })
})
