import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, png, post, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim({ flavor: 'forge', auth: 'u:p' }) })
afterAll(() => sim.close())

const auth = { authorization: 'Basic ' + Buffer.from('u:p').toString('base64') }

describe('Forge flavor', () => {
  it('serves /sd-modules instead of /sd-vae', async () => {
    expect((await get(sim, '/sdapi/v1/sd-vae', auth)).status).toBe(404)
    const r = await get(sim, '/sdapi/v1/sd-modules', auth)
    expect(r.body.map((m: any) => m.model_name)).toEqual(expect.arrayContaining(['ae.safetensors', 'clip_l.safetensors']))
  })

  it('has the extra samplers and schedulers, with boolean sampler options', async () => {
    const s = (await get(sim, '/sdapi/v1/samplers', auth)).body
    expect(s.map((x: any) => x.name)).toEqual(expect.arrayContaining(['HeunPP2', 'IPNDM', 'IPNDM_V', 'DEIS']))
    expect(s.find((x: any) => x.name === 'DPM++ SDE').options.second_order).toBe(true)
    const sch = (await get(sim, '/sdapi/v1/schedulers', auth)).body.map((x: any) => x.name)
    expect(sch).toEqual(expect.arrayContaining(['turbo', 'align_your_steps_GITS', 'align_your_steps_11', 'align_your_steps_32']))
  })

  it('uses FastAPI/pydantic v2 error shapes', async () => {
    const r401 = await get(sim, '/sdapi/v1/sd-models')
    expect([r401.status, r401.body]).toEqual([401, { detail: 'Not authenticated' }])
    const r422 = await post(sim, '/sdapi/v1/txt2img', { steps: 'abc' }, auth)
    expect([r422.status, r422.body]).toEqual([422, { detail: [{ type: 'int_parsing', loc: ['body', 'steps'], msg: 'Input should be a valid integer, unable to parse string as an integer', input: 'abc' }] }])
    const r500 = await post(sim, '/sdapi/v1/txt2img', { steps: 1, enable_hr: true, denoising_strength: 0.5, hr_upscaler: 'Foo' }, auth)
    expect([r500.status, r500.body]).toEqual([500, { error: 'Exception', detail: '', body: '', message: 'could not find upscaler named Foo' }])
    const r404 = await post(sim, '/sdapi/v1/img2img', {}, auth)
    expect([r404.status, r404.body]).toEqual([404, { detail: 'Init image not found' }])
    const bad = await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: 'X' }, auth)
    expect([bad.status, bad.body]).toEqual([500, { error: 'RuntimeError', detail: '', body: '', message: "model 'X' not found" }])
  })

  it('accepts Forge fields, returns extra_images and a Forge version', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 32, height: 32, distilled_cfg_scale: 3.5 }, auth)
    expect(r.status).toBe(200)
    expect(r.body.extra_images).toEqual([])
    expect(r.body.parameters.distilled_cfg_scale).toBe(3.5)
    expect(png(r.body.images[0]).text.parameters).toMatch(/Version: f2\.0\.1v1\.10\.1/)
    const opts = (await get(sim, '/sdapi/v1/options', auth)).body
    expect(opts.forge_additional_modules).toEqual([])
    expect('sd_vae' in opts).toBe(false)
  })

  it('allows upscaling_resize above 8 (only > 0)', async () => {
    const img = (await post(sim, '/sdapi/v1/txt2img', { steps: 1, width: 8, height: 8 }, auth)).body.images[0]
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: img, upscaler_1: 'Lanczos', upscaling_resize: 10 }, auth)
    expect(r.status).toBe(200)
    expect(png(r.body.image).size).toEqual({ width: 80, height: 80 })
  })
})
