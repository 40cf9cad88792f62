import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { png, post, sourceImage, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim() })
afterAll(() => sim.close())

const init = sourceImage(96, 64)
const i2i = (args: unknown[], extra: object = {}) =>
  post(sim, '/sdapi/v1/img2img', { prompt: 'portrait', steps: 10, seed: 5, init_images: [init], alwayson_scripts: { ADetailer: { args } }, ...extra })
const params = (r: { body: { images: string[] } }) => png(r.body.images[0]!).text.parameters!

describe('ADetailer via alwayson_scripts', () => {
  it('runs a valid tab and writes its infotext keys (defaults of optional keys omitted)', async () => {
    const r = await i2i([true, false, { ad_model: 'face_yolov8n.pt', ad_denoising_strength: 0.4 }])
    expect(r.status).toBe(200)
    expect(params(r)).toContain(
      'Denoising strength: 0.75, ADetailer model: face_yolov8n.pt, ADetailer confidence: 0.3, ADetailer dilate erode: 4, ADetailer mask blur: 4, ' +
      'ADetailer denoising strength: 0.4, ADetailer inpaint only masked: True, ADetailer inpaint padding: 32, ADetailer version: 25.3.0, Version: v1.10.1',
    )
    expect(JSON.parse(r.body.info).extra_generation_params['ADetailer model']).toBe('face_yolov8n.pt')
  })

  it('changes the image compared with the same request without ADetailer', async () => {
    const a = await i2i([true, false, { ad_model: 'face_yolov8n.pt' }])
    const b = await i2i([false, false, { ad_model: 'face_yolov8n.pt' }])
    expect(a.body.images[0]).not.toBe(b.body.images[0])
    expect(params(b)).not.toContain('ADetailer')
  })

  it('skips a tab with a forbidden key (ad_mask_only_top_k_largest) and suffixes later tabs by position', async () => {
    const r = await i2i([true, false,
      { ad_model: 'face_yolov8n.pt', ad_mask_only_top_k_largest: 1 },
      { ad_model: 'hand_yolov8n.pt', ad_prompt: 'detailed hands' },
      { ad_model: 'person_yolov8n-seg.pt', ad_confidence: 0.5 },
    ])
    expect(r.status).toBe(200)
    const text = params(r)
    expect(text).not.toContain('face_yolov8n.pt')
    expect(text).toContain('ADetailer model: hand_yolov8n.pt, ADetailer prompt: detailed hands, ADetailer confidence: 0.3')
    expect(text).toContain('ADetailer model 2nd: person_yolov8n-seg.pt, ADetailer confidence 2nd: 0.5')
  })

  it('skips out-of-range values; no valid tab means no ADetailer, still 200', async () => {
    const r = await i2i([true, false, { ad_model: 'face_yolov8n.pt', ad_confidence: 1.5 }, { ad_model: 'face_yolov8n.pt', ad_mask_merge_invert: 'Bogus' }])
    expect(r.status).toBe(200)
    expect(params(r)).not.toContain('ADetailer')
  })

  it('runs only with args[0] true; the old [dict] form counts as enabled; ad_model None does nothing', async () => {
    expect(params(await i2i([false, false, { ad_model: 'face_yolov8n.pt' }]))).not.toContain('ADetailer')
    expect(params(await i2i([{ ad_model: 'face_yolov8n.pt' }]))).toContain('ADetailer model: face_yolov8n.pt')
    expect(params(await i2i([true, false, { ad_model: 'None' }]))).not.toContain('ADetailer')
    expect(params(await i2i([true, false, { ad_model: 'face_yolov8n.pt', ad_tab_enable: false }]))).not.toContain('ADetailer')
  })

  it('drops dicts beyond 2 + ad_max_models slots', async () => {
    const tabs = ['face_yolov8n.pt', 'face_yolov8s.pt', 'hand_yolov8n.pt', 'person_yolov8n-seg.pt', 'person_yolov8s-seg.pt'].map((ad_model) => ({ ad_model }))
    const text = params(await i2i([true, false, ...tabs]))
    expect(text).toContain('ADetailer model 4th: person_yolov8n-seg.pt')
    expect(text).not.toContain('person_yolov8s-seg.pt')
  })

  it('honours skip_img2img: output keeps the input size and skips the full-frame pass', async () => {
    const t = performance.now()
    const slow = await i2i([true, false, { ad_model: 'face_yolov8n.pt' }], { steps: 150, width: 48, height: 48 })
    const full = performance.now() - t
    const t2 = performance.now()
    const skip = await i2i([true, true, { ad_model: 'face_yolov8n.pt' }], { steps: 150, width: 48, height: 48 })
    const skipped = performance.now() - t2
    expect(png(slow.body.images[0]).size).toEqual({ width: 48, height: 48 })
    expect(png(skip.body.images[0]).size).toEqual({ width: 96, height: 64 })
    expect(skipped).toBeLessThan(full)
  })

  it('works on txt2img too, with the ADetailer keys after the hires keys', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', {
      steps: 4, width: 32, height: 32, enable_hr: true, denoising_strength: 0.4,
      alwayson_scripts: { ADetailer: { args: [true, false, { ad_model: 'mediapipe_face_full', ad_use_steps: true, ad_steps: 12 }] } },
    })
    expect(params(r)).toMatch(/Hires upscaler: Latent, ADetailer model: mediapipe_face_full, .*ADetailer use separate steps: True, ADetailer steps: 12, ADetailer version: 25\.3\.0, Version/)
  })
})
