/**
 * The simulated sd-webui-controlnet: its list endpoints, strict unit checks (422 naming the unit
 * and field), the `ControlNet <i>` infotext, a visible effect of the control image, and a WebUI
 * without the extension (endpoints 404, the script unknown).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, png, post, sourceImage, withSim } from './helpers.ts'
import { decodePng, encodePng } from '../../../server/png/synth.ts'

let sim: SimHandle
let bare: SimHandle
beforeAll(async () => {
  sim = await withSim()
  bare = await withSim({ controlnet: false })
})
afterAll(async () => {
  await sim.close()
  await bare.close()
})

const CANNY = 'control_v11p_sd15_canny [d14c016b]'
const unit = (over: Record<string, unknown> = {}) => ({
  enabled: true, image: sourceImage(64, 64, 9), module: 'canny', model: CANNY, weight: 1, resize_mode: 'Crop and Resize',
  low_vram: false, processor_res: -1, threshold_a: -1, threshold_b: -1, guidance_start: 0, guidance_end: 1,
  control_mode: 'Balanced', pixel_perfect: false, ...over,
})
const txt2img = (s: SimHandle, units: unknown[] | null, seed = 5) => post(s, '/sdapi/v1/txt2img', {
  prompt: 'a house', steps: 1, width: 64, height: 64, seed,
  ...(units ? { alwayson_scripts: { controlnet: { args: units } } } : {}),
})

describe('list endpoints', () => {
  it('lists modules (with their sliders) and models as name [hash]', async () => {
    const modules = await get(sim, '/controlnet/module_list')
    expect(modules.status).toBe(200)
    expect(modules.body.module_list).toEqual(expect.arrayContaining(['none', 'canny', 'depth_midas', 'openpose', 'tile_resample']))
    expect(modules.body.module_detail.canny.sliders.map((s: { name: string }) => s.name)).toEqual(['Preprocessor Resolution', 'Threshold A', 'Threshold B'])
    const models = await get(sim, '/controlnet/model_list')
    expect(models.body.model_list).toContain(CANNY)
    expect((await get(sim, '/controlnet/version')).body).toEqual({ version: 2 })
  })

  it('each instance has its own model list', async () => {
    const other = await withSim({ resources: { controlnetModels: ['control_v11f1p_sd15_depth [cfd03158]'] } })
    try {
      expect((await get(other, '/controlnet/model_list')).body).toEqual({ model_list: ['control_v11f1p_sd15_depth [cfd03158]'] })
      const r = await txt2img(other, [unit()])
      expect(r.status).toBe(422)
      expect(r.body.detail).toBe(`ControlNet unit 0: model(${CANNY}) not found in supported models.`)
    } finally {
      await other.close()
    }
  })
})

describe('a unit that runs', () => {
  it('writes the extension\'s infotext, with the preprocessor\'s defaults for -1 sliders', async () => {
    const r = await txt2img(sim, [unit({ weight: 0.8, guidance_end: 0.75, pixel_perfect: true })])
    expect(r.status).toBe(200)
    const text = png(r.body.images[0]).text.parameters!
    expect(text).toContain(`ControlNet 0: "Module: canny, Model: ${CANNY}, Weight: 0.8, Resize Mode: Crop and Resize, Processor Res: 512, Threshold A: 100.0, Threshold B: 200.0, Guidance Start: 0.0, Guidance End: 0.75, Pixel Perfect: True, Control Mode: Balanced"`)
  })

  it('accepts the model without its hash, the 0-2 forms of the enums and the legacy input_image', async () => {
    const { image, ...rest } = unit()
    const r = await txt2img(sim, [{ ...rest, input_image: image, model: 'control_v11p_sd15_canny', resize_mode: 0, control_mode: 2 }])
    expect(r.status).toBe(200)
    expect(png(r.body.images[0]).text.parameters).toContain(`Model: ${CANNY}, Weight: 1.0, Resize Mode: Just Resize`)
    expect(png(r.body.images[0]).text.parameters).toContain('Control Mode: ControlNet is more important')
  })

  it('changes the picture (the control image shows through), and a disabled unit changes nothing', async () => {
    const plain = (await txt2img(sim, null)).body.images[0]
    const off = (await txt2img(sim, [unit({ enabled: false })])).body.images[0]
    const on = (await txt2img(sim, [unit()])).body.images[0]
    expect(off).toBe(plain)
    expect(on).not.toBe(plain)
    expect(png(off).text.parameters).not.toContain('ControlNet')
  })

  it('with an inpainting mask, only the masked area is guided (the rest stays the source)', async () => {
    const src = Buffer.from(sourceImage(64, 64), 'base64')
    const maskPixels = new Uint8Array(64 * 64 * 4)
    for (let y = 0; y < 64; y++) for (let x = 0; x < 64; x++) maskPixels.set(x < 32 ? [255, 255, 255, 255] : [0, 0, 0, 255], (y * 64 + x) * 4)
    const mask = encodePng({ width: 64, height: 64, pixels: maskPixels }).toString('base64')
    const r = await post(sim, '/sdapi/v1/img2img', {
      init_images: [src.toString('base64')], mask, prompt: 'x', steps: 2, denoising_strength: 0.6,
      alwayson_scripts: { controlnet: { args: [unit({ weight: 2 })] } },
    })
    expect(r.status).toBe(200)
    const out = decodePng(Buffer.from(r.body.images[0], 'base64'))
    const before = decodePng(src)
    if (!out.ok || !before.ok) throw new Error('bad PNG')
    const at = (img: { pixels: Uint8Array }, x: number, y: number) => [...img.pixels.subarray((y * 64 + x) * 4, (y * 64 + x) * 4 + 3)]
    expect(at(out.value, 50, 10)).toEqual(at(before.value, 50, 10))
    expect(at(out.value, 10, 10)).not.toEqual(at(before.value, 10, 10))
  })

  it('img2img without an image in the unit uses the init image', async () => {
    const { image: _, ...rest } = unit()
    const r = await post(sim, '/sdapi/v1/img2img', { init_images: [sourceImage(64, 64)], prompt: 'x', steps: 2, alwayson_scripts: { ControlNet: { args: [rest] } } })
    expect(r.status).toBe(200)
    expect(png(r.body.images[0]).text.parameters).toContain('ControlNet 0: "Module: canny')
  })
})

describe('strict unit checks', () => {
  const cases: [string, Record<string, unknown>, string][] = [
    ['unknown key', { weigth: 1 }, 'ControlNet unit 0: unknown fields: weigth'],
    ['wrong type', { weight: 'heavy' }, 'ControlNet unit 0: weight: value is not a valid float'],
    ['out of range', { weight: 2.5 }, 'ControlNet unit 0: weight: ensure this value is less than or equal to 2'],
    ['unknown module', { module: 'cany' }, 'ControlNet unit 0: module(cany) not found in supported modules.'],
    ['unknown model', { model: 'control_nothing' }, 'ControlNet unit 0: model(control_nothing) not found in supported models.'],
    ['bad resize mode', { resize_mode: 'Stretch' }, 'ControlNet unit 0: resize_mode("Stretch") is not one of "Just Resize", "Crop and Resize", "Resize and Fill" (or 0-2)'],
    ['reversed guidance', { guidance_start: 0.8, guidance_end: 0.2 }, 'ControlNet unit 0: guidance_start(0.8) > guidance_end(0.2)'],
    ['no image on txt2img', { image: null }, 'ControlNet unit 0: ControlNet is enabled but no input image is given'],
    ['no model', { model: 'None' }, 'ControlNet unit 0: enabled with model "None": nothing would be applied'],
  ]
  for (const [name, over, detail] of cases) {
    it(`refuses ${name}`, async () => {
      const r = await txt2img(sim, [unit(over)])
      expect(r.status).toBe(422)
      expect(r.body.detail).toBe(detail)
    })
  }

  it('names the unit by its index, and refuses args that are not a list', async () => {
    const r = await txt2img(sim, [unit(), unit({ module: 'nope' })])
    expect(r.body.detail).toBe('ControlNet unit 1: module(nope) not found in supported modules.')
    const notList = await post(sim, '/sdapi/v1/txt2img', { prompt: 'x', steps: 1, width: 64, height: 64, alwayson_scripts: { controlnet: { args: unit() } } })
    expect(notList.status).toBe(422)
  })
})

describe('a WebUI without the extension', () => {
  it('has no ControlNet endpoints and does not know the script', async () => {
    expect((await get(bare, '/controlnet/model_list')).status).toBe(404)
    expect((await get(bare, '/controlnet/module_list')).status).toBe(404)
    const r = await txt2img(bare, [unit()])
    expect(r.status).toBe(422)
    expect(r.body.detail).toBe("Script 'controlnet' not found")
  })
})
