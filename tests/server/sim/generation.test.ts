import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { decodePng } from '../../../server/png/synth.ts'
import { get, png, post, sourceImage, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim() })
afterAll(() => sim.close())

const INFO_KEYS = [
  'prompt', 'all_prompts', 'negative_prompt', 'all_negative_prompts', 'seed', 'all_seeds', 'subseed', 'all_subseeds',
  'subseed_strength', 'width', 'height', 'sampler_name', 'cfg_scale', 'steps', 'batch_size', 'restore_faces',
  'face_restoration_model', 'sd_model_name', 'sd_model_hash', 'sd_vae_name', 'sd_vae_hash', 'seed_resize_from_w',
  'seed_resize_from_h', 'denoising_strength', 'extra_generation_params', 'index_of_first_image', 'infotexts', 'styles',
  'job_timestamp', 'clip_skip', 'is_using_inpainting_conditioning', 'version',
]

describe('txt2img', () => {
  it('writes the §6 infotext exactly, in the PNG and in info', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { prompt: 'a cat', negative_prompt: 'blurry', steps: 20, seed: 123, sampler_name: 'DPM++ 2M' })
    expect(r.status).toBe(200)
    const expected = 'a cat\nNegative prompt: blurry\nSteps: 20, Sampler: DPM++ 2M, Schedule type: Karras, CFG scale: 7, Seed: 123, Size: 512x512, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1'
    expect(png(r.body.images[0]).text).toEqual({ parameters: expected })
    const info = JSON.parse(r.body.info)
    expect(Object.keys(info)).toEqual(INFO_KEYS)
    expect(info.infotexts).toEqual([expected])
    expect(info).toMatchObject({ seed: 123, all_seeds: [123], width: 512, height: 512, sampler_name: 'DPM++ 2M', version: 'v1.10.1', denoising_strength: null, clip_skip: 1 })
    expect(info.job_timestamp).toMatch(/^\d{14}$/)
    // info is Python json.dumps output; parameters echo the request model with defaults.
    expect(r.body.info).toContain('"cfg_scale": 7.0')
    expect(r.body.parameters).toMatchObject({ prompt: 'a cat', steps: 20, seed: 123, sampler_index: 'Euler', denoising_strength: null, enable_hr: false, override_settings_restore_afterwards: true })
    expect(r.text).toContain('"cfg_scale":7.0')
  })

  it('defaults to Euler with "Schedule type: Automatic", omits the negative line, coerces "20"', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { prompt: 'x', steps: '3', seed: '5', width: 64, height: 32, unknown_key: 1, styles: null })
    expect(r.status).toBe(200)
    expect(png(r.body.images[0]).text.parameters).toBe('x\nSteps: 3, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: 5, Size: 64x32, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Version: v1.10.1')
    expect(png(r.body.images[0]).size).toEqual({ width: 64, height: 32 })
  })

  it('is deterministic per seed', async () => {
    const req = { prompt: 'a lighthouse', steps: 2, seed: 42, width: 96, height: 64 }
    const a = await post(sim, '/sdapi/v1/txt2img', req)
    const b = await post(sim, '/sdapi/v1/txt2img', req)
    const c = await post(sim, '/sdapi/v1/txt2img', { ...req, seed: 43 })
    expect(a.body.images[0]).toBe(b.body.images[0])
    const pa = decodePng(Buffer.from(a.body.images[0], 'base64'))
    const pc = decodePng(Buffer.from(c.body.images[0], 'base64'))
    if (!pa.ok || !pc.ok) throw new Error('decode')
    expect(Buffer.compare(Buffer.from(pa.value.pixels), Buffer.from(pc.value.pixels))).not.toBe(0)
  })

  it('makes batch_size × n_iter images with seeds seed+i, and random seeds for -1', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { prompt: 'p', steps: 2, seed: 10, batch_size: 2, n_iter: 2, width: 32, height: 32 })
    expect(r.body.images).toHaveLength(4)
    const info = JSON.parse(r.body.info)
    expect(info.all_seeds).toEqual([10, 11, 12, 13])
    expect(info.all_subseeds).toEqual(info.all_subseeds.map((_: number, i: number) => info.all_subseeds[0] + i))
    expect(info.infotexts[3]).toContain('Seed: 13')
    const rnd = JSON.parse((await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32 })).body.info)
    expect(rnd.seed).toBeGreaterThanOrEqual(0)
    expect(rnd.seed).toBeLessThan(4294967294)
    const varr = JSON.parse((await post(sim, '/sdapi/v1/txt2img', { steps: 1, seed: 7, subseed: 100, subseed_strength: 0.5, batch_size: 2, width: 32, height: 32 })).body.info)
    expect(varr.all_seeds).toEqual([7, 7])
    expect(varr.all_subseeds).toEqual([100, 101])
    expect(varr.infotexts[1]).toContain('Variation seed: 101, Variation seed strength: 0.5')
  })

  it('hires fix: scaled output, first-pass Size, hires keys in order', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', {
      prompt: 'a cat', steps: 4, seed: 1, width: 64, height: 48, enable_hr: true, hr_scale: 2, denoising_strength: 0.5,
      hr_upscaler: 'R-ESRGAN 4x+', hr_second_pass_steps: 3,
    })
    expect(r.status).toBe(200)
    const out = png(r.body.images[0])
    expect(out.size).toEqual({ width: 128, height: 96 })
    expect(out.text.parameters).toBe('a cat\nSteps: 4, Sampler: Euler, Schedule type: Automatic, CFG scale: 7, Seed: 1, Size: 64x48, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.5, Hires upscale: 2, Hires steps: 3, Hires upscaler: R-ESRGAN 4x+, Version: v1.10.1')
    const info = JSON.parse(r.body.info)
    expect([info.width, info.height]).toEqual([64, 48])
    expect(info.extra_generation_params).toEqual({ 'Hires upscale': 2, 'Hires steps': 3, 'Hires upscaler': 'R-ESRGAN 4x+' })
    const resized = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 64, height: 48, enable_hr: true, hr_resize_x: 100, denoising_strength: 0.3 })
    expect(png(resized.body.images[0]).size).toEqual({ width: 100, height: 75 })
    expect(png(resized.body.images[0]).text.parameters).toContain('Hires resize: 100x0, Hires upscaler: Latent')
  })

  it('writes Clip skip, VAE, LoRA/TI hashes and quotes values with commas or colons', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', {
      prompt: 'a cat <lora:add_detail:0.8>', negative_prompt: 'EasyNegative', steps: 2, seed: 3, width: 32, height: 32,
      override_settings: { CLIP_stop_at_last_layers: 2, sd_vae: 'vae-ft-mse-840000-ema-pruned.safetensors' },
    })
    const text = png(r.body.images[0]).text.parameters!
    expect(text).toMatch(/Model: v1-5-pruned-emaonly, VAE hash: [0-9a-f]{10}, VAE: vae-ft-mse-840000-ema-pruned, Clip skip: 2, Lora hashes: "add_detail: [0-9a-f]{12}", TI hashes: "EasyNegative: [0-9a-f]{12}", Version/)
    // override_settings are restored afterwards.
    expect((await get(sim, '/sdapi/v1/options')).body.CLIP_stop_at_last_layers).toBe(1)
  })

  it('send_images false gives no images; save_images prepends a grid', async () => {
    const none = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, send_images: false })
    expect(none.body.images).toEqual([])
    const g = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, batch_size: 3, save_images: true })
    expect(g.body.images).toHaveLength(4)
    expect(png(g.body.images[0]).size).toEqual({ width: 64, height: 64 })
    expect(JSON.parse(g.body.info).index_of_first_image).toBe(1)
  })

  it('fills unset fields from `infotext`', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { infotext: 'a fox\nSteps: 3, Sampler: Euler a, Seed: 77, Size: 48x40', width: 32 })
    const info = JSON.parse(r.body.info)
    expect([info.prompt, info.steps, info.seed, info.sampler_name, info.width, info.height]).toEqual(['a fox', 3, 77, 'Euler a', 32, 40])
  })
})

describe('model switching via override_settings', () => {
  it('switches, costs modelSwitchMs, and restores afterwards unless told not to', async () => {
    sim.resetStats()
    const title = 'dreamshaper_8.safetensors'
    const t = performance.now()
    const r = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, override_settings: { sd_model_checkpoint: title } })
    expect(performance.now() - t).toBeGreaterThanOrEqual(38)
    expect(png(r.body.images[0]).text.parameters).toContain('Model: dreamshaper_8')
    expect(sim.stats().modelSwitches).toBe(2) // there and back
    expect(sim.stats().currentModel).toMatch(/^v1-5/)
    await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, override_settings: { sd_model_checkpoint: title }, override_settings_restore_afterwards: false })
    expect(sim.stats().modelSwitches).toBe(3)
    expect(sim.stats().currentModel).toMatch(/^dreamshaper_8/)
    // Already loaded: free.
    await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, override_settings: { sd_model_checkpoint: title }, override_settings_restore_afterwards: false })
    expect(sim.stats().modelSwitches).toBe(3)
    // Unknown checkpoint: silently ignored.
    const u = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, override_settings: { sd_model_checkpoint: 'nope' } })
    expect(u.status).toBe(200)
    expect(sim.stats().modelSwitches).toBe(3)
    await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: 'v1-5-pruned-emaonly.safetensors' })
    expect(sim.stats().generations).toBe(4)
  })
})

describe('img2img and png-info', () => {
  it('keeps the input size unless width/height are given', async () => {
    const init = sourceImage(200, 120)
    const keep = await post(sim, '/sdapi/v1/img2img', { init_images: [init], steps: 4, seed: 1, prompt: 'p' })
    expect(keep.status).toBe(200)
    expect(png(keep.body.images[0]).size).toEqual({ width: 200, height: 120 })
    expect(png(keep.body.images[0]).text.parameters).toContain('Size: 200x120, Model hash: 6ce0161689, Model: v1-5-pruned-emaonly, Denoising strength: 0.75, Version')
    expect(keep.body.parameters.init_images).toBeNull()
    const resized = await post(sim, '/sdapi/v1/img2img', { init_images: ['data:image/png;base64,' + init], width: 64, height: 96, denoising_strength: 0.3, include_init_images: true })
    expect(png(resized.body.images[0]).size).toEqual({ width: 64, height: 96 })
    expect(resized.body.parameters.init_images).toHaveLength(1)
    const two = await post(sim, '/sdapi/v1/img2img', { init_images: [init, sourceImage(200, 120, 9)], batch_size: 2, steps: 1 })
    expect(two.body.images).toHaveLength(2)
    const rep = await post(sim, '/sdapi/v1/img2img', { init_images: [init], batch_size: 3, steps: 1 })
    expect(rep.body.images).toHaveLength(3)
  })

  it('inpaints with a mask and writes the mask keys', async () => {
    const r = await post(sim, '/sdapi/v1/img2img', { init_images: [sourceImage(64, 64)], mask: sourceImage(64, 64, 5), steps: 2, inpainting_fill: 1 })
    // A1111 writes no "Masked content" for original (inpainting_fill 1): sim/inpaint.test.ts has the rest.
    expect(png(r.body.images[0]).text.parameters).toContain('Mask blur: 4, Inpaint area: Only masked, Masked area padding: 0, Version')
  })

  it('png-info parses what txt2img wrote', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { prompt: 'a cat, sitting', negative_prompt: 'blurry', steps: 20, seed: 123, sampler_name: 'DPM++ 2M', width: 64, height: 64 })
    const info = await post(sim, '/sdapi/v1/png-info', { image: r.body.images[0] })
    expect(info.status).toBe(200)
    expect(info.body.info).toBe(JSON.parse(r.body.info).infotexts[0])
    expect(info.body.items).toEqual({})
    expect(info.body.parameters).toMatchObject({
      Prompt: 'a cat, sitting', 'Negative prompt': 'blurry', Steps: '20', Sampler: 'DPM++ 2M', 'Schedule type': 'Karras',
      'CFG scale': '7', Seed: '123', 'Size-1': '64', 'Size-2': '64', 'Model hash': '6ce0161689', 'Clip skip': '1', RNG: 'GPU',
    })
    expect((await post(sim, '/sdapi/v1/png-info', { image: '' })).body).toEqual({ info: '', items: {}, parameters: {} })
  })
})
