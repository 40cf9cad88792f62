import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { png, post, withSim } from './helpers.ts'

let sim: SimHandle
let image: string
beforeAll(async () => {
  sim = await withSim()
  image = (await post(sim, '/sdapi/v1/txt2img', { prompt: 'a cat', steps: 2, seed: 9, width: 64, height: 48 })).body.images[0]
})
afterAll(() => sim.close())

describe('extras', () => {
  it('upscales by a factor and keeps the input parameters, adding postprocessing', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image, upscaler_1: 'R-ESRGAN 4x+', upscaling_resize: 2 })
    expect(r.status).toBe(200)
    expect(r.body.html_info).toBe('<p>Postprocess upscale by: 2, Postprocess upscaler: R-ESRGAN 4x+</p>')
    const out = png(r.body.image)
    expect(out.size).toEqual({ width: 128, height: 96 })
    expect(out.text.parameters).toBe(png(image).text.parameters)
    expect(out.text.postprocessing).toBe('Postprocess upscale by: 2, Postprocess upscaler: R-ESRGAN 4x+')
  })

  it('resizes to w×h in mode 1 and reports the crop', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image, resize_mode: 1, upscaling_resize_w: 100, upscaling_resize_h: 60, upscaler_1: 'Lanczos' })
    expect(r.body.html_info).toBe('<p>Postprocess upscale to: 100x60, Postprocess crop to: 100x60, Postprocess upscaler: Lanczos</p>')
    expect(png(r.body.image).size).toEqual({ width: 100, height: 60 })
  })

  it('does nothing with upscaler None: "<p></p>" and the same size', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image })
    expect(r.body.html_info).toBe('<p></p>')
    expect(png(r.body.image).size).toEqual({ width: 64, height: 48 })
  })

  it('reports face restoration', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image, codeformer_visibility: 1, codeformer_weight: 0.5 })
    expect(r.body.html_info).toBe('<p>CodeFormer visibility: 1, CodeFormer weight: 0.5</p>')
  })

  it('processes a batch', async () => {
    const r = await post(sim, '/sdapi/v1/extra-batch-images', { imageList: [{ data: image, name: 'a.png' }, { data: image, name: 'b.png' }], upscaler_1: 'Nearest', upscaling_resize: 3 })
    expect(r.status).toBe(200)
    expect(r.body.images.map((b: string) => png(b).size)).toEqual([{ width: 192, height: 144 }, { width: 192, height: 144 }])
    const bad = await post(sim, '/sdapi/v1/extra-batch-images', { imageList: [{ name: 'a.png' }] })
    expect([bad.status, bad.body.detail[0].loc]).toEqual([422, ['body', 'imageList', 0, 'data']])
  })

  it('takes the queue lock (counted as busy time)', async () => {
    sim.resetStats()
    await post(sim, '/sdapi/v1/extra-single-image', { image, upscaler_1: 'Lanczos' })
    expect(sim.stats().busyMs).toBeGreaterThan(0)
  })
})
