/**
 * The simulator's SD upscale script (img2img `script_name: "sd upscale"`) and the extras fields
 * it checks as A1111 1.10 does.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, png, post, sourceImage, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => {
  sim = await withSim()
})
afterAll(() => sim.close())

const base = { prompt: 'a lighthouse', steps: 4, denoising_strength: 0.5, seed: 100 }
const sdUp = (image: string, args: unknown[], over: Record<string, unknown> = {}) =>
  post(sim, '/sdapi/v1/img2img', { ...base, init_images: [image], width: 128, height: 128, script_name: 'sd upscale', script_args: args, ...over })

describe('SD upscale script', () => {
  it('is listed among the img2img scripts, not the txt2img ones', async () => {
    const r = await get(sim, '/sdapi/v1/scripts')
    expect(r.body.img2img).toContain('sd upscale')
    expect(r.body.txt2img).not.toContain('sd upscale')
  })

  it('enlarges by the factor and re-diffuses every tile: 160×96 ×2 with 128² tiles, overlap 32 → 3×2 tiles', async () => {
    sim.resetStats()
    const r = await sdUp(sourceImage(160, 96), ['', 32, 'R-ESRGAN 4x+', 2])
    expect(r.status).toBe(200)
    expect(png(r.body.images[0]).size).toEqual({ width: 320, height: 192 })
    // cols = ceil((320-32)/(128-32)) = 3, rows = ceil((192-32)/96) = 2
    expect(sim.stats().sdUpscaleTiles).toBe(6)
    expect(sim.stats().generations).toBe(1)
  })

  it('reports the first tile’s infotext, with the script’s overlap and upscaler, and the tile size', async () => {
    const r = await sdUp(sourceImage(160, 96), ['', 32, 'r-esrgan 4x+', 2])
    const info = JSON.parse(r.body.info)
    expect(info.infotexts[0]).toContain('Size: 128x128')
    expect(info.infotexts[0]).toContain('Seed: 100')
    expect(info.infotexts[0]).toContain('SD upscale overlap: 32, SD upscale upscaler: R-ESRGAN 4x+')
    expect(info.extra_generation_params).toMatchObject({ 'SD upscale overlap': 32, 'SD upscale upscaler': 'R-ESRGAN 4x+' })
    // A combined image made by the script: A1111's API sends it without a parameters chunk.
    expect(png(r.body.images[0]).text.parameters).toBeUndefined()
  })

  it('takes the upscaler as an index into /sdapi/v1/upscalers as well as by name', async () => {
    const list = (await get(sim, '/sdapi/v1/upscalers')).body.map((u: { name: string }) => u.name)
    const r = await sdUp(sourceImage(64, 64), ['', 0, list.indexOf('Lanczos'), 2])
    expect(JSON.parse(r.body.info).infotexts[0]).toContain('SD upscale upscaler: Lanczos')
  })

  it('with upscaler None keeps the size (the script skips it)', async () => {
    const r = await sdUp(sourceImage(160, 96), ['', 32, 'None', 4])
    expect(png(r.body.images[0]).size).toEqual({ width: 160, height: 96 })
  })

  it('rejects an unknown script name with 422, as A1111 does', async () => {
    const r = await sdUp(sourceImage(64, 64), [], { script_name: 'sd upscaler' })
    expect([r.status, r.body.detail]).toEqual([422, "Script 'sd upscaler' not found"])
  })

  it('answers bad script_args with the Python error the script would raise', async () => {
    const img = sourceImage(64, 64)
    const err = async (args: unknown[]) => { const r = await sdUp(img, args); return [r.status, r.body.error] }
    expect(await err([])).toEqual([500, 'TypeError'])
    expect(await err(['', 64, 'R-ESRGAN 4x+'])).toEqual([500, 'TypeError'])
    expect(await err(['', '64', 'R-ESRGAN 4x+', 2])).toEqual([500, 'TypeError'])
    expect(await err(['', 64, 'R-ESRGAN 4x+', '2'])).toEqual([500, 'TypeError'])
    expect(await err(['', 64, 'Foo 9x', 2])).toEqual([500, 'ValueError'])
    expect(await err(['', 64, 99, 2])).toEqual([500, 'IndexError'])
    // Overlap as large as the tile: split_grid divides by zero.
    expect(await err(['', 128, 'Lanczos', 2])).toEqual([500, 'ZeroDivisionError'])
  })
})

describe('extras, as A1111 1.10 checks and sizes them', () => {
  it('an unknown upscaler 2 fails the call even at visibility 0', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(64, 48), upscaler_1: 'Lanczos', upscaler_2: 'Foo', extras_upscaler_2_visibility: 0 })
    expect([r.status, r.body.errors]).toEqual([500, 'could not find upscaler named Foo'])
  })

  it('refuses a visibility outside 0..1 and a resize mode other than 0 or 1, naming the field', async () => {
    const bad = async (body: Record<string, unknown>) => {
      const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(64, 48), upscaler_1: 'Lanczos', ...body })
      return [r.status, r.body.detail?.[0]?.loc]
    }
    expect(await bad({ extras_upscaler_2_visibility: 1.5 })).toEqual([422, ['body', 'extras_upscaler_2_visibility']])
    expect(await bad({ resize_mode: 2 })).toEqual([422, ['body', 'resize_mode']])
    expect(await bad({ upscaling_crop: 'maybe' })).toEqual([422, ['body', 'upscaling_crop']])
  })

  it('blends upscaler 2 in and names it', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(64, 48), upscaler_1: 'Lanczos', upscaler_2: 'Nearest', extras_upscaler_2_visibility: 0.4 })
    expect(r.body.html_info).toBe('<p>Postprocess upscale by: 2, Postprocess upscaler: Lanczos, Postprocess upscaler 2: Nearest</p>')
  })

  it('floors a scaled side to a multiple of 8 (Upscaler.upscale)', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(101, 60), upscaler_1: 'Lanczos', upscaling_resize: 1.5 })
    expect(png(r.body.image).size).toEqual({ width: 144, height: 88 })
  })

  it('resize mode 1 without crop covers the target and keeps the aspect ratio', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(64, 48), upscaler_1: 'Lanczos', resize_mode: 1, upscaling_resize_w: 200, upscaling_resize_h: 200, upscaling_crop: false })
    expect(r.body.html_info).toBe('<p>Postprocess upscale to: 200x200, Postprocess upscaler: Lanczos</p>')
    // scale max(200/64, 200/48) = 4.1667 → 266.7×200 → 264×200
    expect(png(r.body.image).size).toEqual({ width: 264, height: 200 })
  })
})
