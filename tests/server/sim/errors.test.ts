import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { a1111Error, get, httpError, png, post, sourceImage, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim() })
afterAll(() => sim.close())

const small = { width: 32, height: 32, steps: 2 }
const t2i = (body: object) => post(sim, '/sdapi/v1/txt2img', { ...small, ...body })
const params = (r: { body: { images: string[] } }) => png(r.body.images[0]!).text.parameters!

describe('§3 error table (A1111 1.10)', () => {
  it('unknown sampler_name → no error, falls back to DPM++ 2M', async () => {
    const r = await t2i({ sampler_name: 'Nope' })
    expect(r.status).toBe(200)
    expect(params(r)).toContain('Sampler: DPM++ 2M, Schedule type: Karras')
  })

  it('legacy "DPM++ 2M Karras" splits into sampler + scheduler; aliases resolve', async () => {
    expect(params(await t2i({ sampler_name: 'DPM++ 2M Karras' }))).toContain('Sampler: DPM++ 2M, Schedule type: Karras')
    expect(params(await t2i({ sampler_name: 'k_euler_a' }))).toContain('Sampler: Euler a, Schedule type: Automatic')
    expect(params(await t2i({ sampler_name: 'Euler', scheduler: 'Exponential' }))).toContain('Schedule type: Exponential')
  })

  it('unknown scheduler → Automatic, no error', async () => {
    const r = await t2i({ sampler_name: 'Euler a', scheduler: 'bogus' })
    expect(r.status).toBe(200)
    expect(params(r)).toContain('Schedule type: Automatic')
  })

  it('unknown hr_sampler_name → 500 AssertionError', async () => {
    const r = await t2i({ enable_hr: true, denoising_strength: 0.5, hr_sampler_name: 'Nope' })
    expect([r.status, r.body]).toEqual([500, a1111Error('AssertionError', 'bad sampler name: Nope')])
  })

  it('unknown hr_upscaler → 500', async () => {
    const r = await t2i({ enable_hr: true, denoising_strength: 0.5, hr_upscaler: 'Foo' })
    expect([r.status, r.body]).toEqual([500, a1111Error('Exception', 'could not find upscaler named Foo')])
  })

  it('unknown hr_checkpoint_name / refiner_checkpoint → 500', async () => {
    const r = await t2i({ enable_hr: true, denoising_strength: 0.5, hr_checkpoint_name: 'x.safetensors' })
    expect([r.status, r.body]).toEqual([500, a1111Error('Exception', 'Could not find checkpoint with name x.safetensors')])
    const r2 = await t2i({ refiner_checkpoint: 'nope-xl', refiner_switch_at: 0.8 })
    expect([r2.status, r2.body]).toEqual([500, a1111Error('Exception', 'Could not find checkpoint with name nope-xl')])
    // get_closet_checkpoint_match also takes the shortest title that contains the name.
    const part = await t2i({ refiner_checkpoint: 'pruned', refiner_switch_at: 0.8 })
    expect(params(part)).toMatch(/Refiner: v1-5-pruned-emaonly\.safetensors \[[0-9a-f]{10}\]/)
    const ok = await t2i({ refiner_checkpoint: 'dreamshaper_8', refiner_switch_at: 0.8 })
    expect(params(ok)).toMatch(/Refiner: dreamshaper_8\.safetensors \[[0-9a-f]{10}\], Refiner switch at: 0\.8/)
  })

  it('enable_hr without denoising_strength → 500 TypeError', async () => {
    const r = await t2i({ enable_hr: true })
    expect(r.status).toBe(500)
    expect(r.body.error).toBe('TypeError')
  })

  it('unknown script_name or alwayson_scripts key → 422 "Script \'X\' not found"', async () => {
    const r = await t2i({ script_name: 'nope' })
    expect([r.status, r.body]).toEqual([422, httpError("Script 'nope' not found")])
    const r2 = await t2i({ alwayson_scripts: { Nope: { args: [] } } })
    expect([r2.status, r2.body]).toEqual([422, httpError("Script 'Nope' not found")])
    expect((await t2i({ script_name: 'x/y/z plot' })).status).toBe(200)
    expect((await t2i({ alwayson_scripts: { adetailer: { args: [false] } } })).status).toBe(200)
  })

  it('selectable script given as alwayson → 422', async () => {
    const r = await t2i({ alwayson_scripts: { 'X/Y/Z plot': { args: [] } } })
    expect([r.status, r.body]).toEqual([422, httpError('Cannot have a selectable script in the always on scripts params')])
  })

  it('bad base64 → 500 "Invalid encoded image"; missing init_images → 404', async () => {
    const r = await post(sim, '/sdapi/v1/img2img', { init_images: ['not an image!!'] })
    expect([r.status, r.body]).toEqual([500, httpError('Invalid encoded image')])
    const r2 = await post(sim, '/sdapi/v1/img2img', { prompt: 'x' })
    expect([r2.status, r2.body]).toEqual([404, httpError('Init image not found')])
    const r3 = await post(sim, '/sdapi/v1/img2img', { init_images: null })
    expect(r3.status).toBe(404)
  })

  it('more init images than batch_size → 500', async () => {
    const img = sourceImage(32, 32)
    const r = await post(sim, '/sdapi/v1/img2img', { init_images: [img, img, img], batch_size: 2 })
    expect(r.status).toBe(500)
    expect(r.body.error).toBe('RuntimeError')
  })

  it('URL input with requests disabled → 500 "Requests not allowed"; local URLs are forbidden', async () => {
    const url = 'http://127.0.0.1:1/x.png'
    const r = await post(sim, '/sdapi/v1/img2img', { init_images: [url] })
    expect([r.status, r.body]).toEqual([500, httpError('Request to local resource not allowed')])
    await post(sim, '/sdapi/v1/options', { api_enable_requests: false })
    const r2 = await post(sim, '/sdapi/v1/img2img', { init_images: [url] })
    expect([r2.status, r2.body]).toEqual([500, httpError('Requests not allowed')])
    await post(sim, '/sdapi/v1/options', { api_enable_requests: true })
  })

  it('unknown override_settings key → 500 KeyError; POST options unknown checkpoint → 500 RuntimeError', async () => {
    const r = await t2i({ override_settings: { bogus_option: 1 } })
    expect([r.status, r.body]).toEqual([500, a1111Error('KeyError', "'bogus_option'")])
    // The failed job still ends: /progress is idle again.
    expect((await get(sim, '/sdapi/v1/progress')).body.state.job_count).toBe(0)
    const r2 = await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: 'X' })
    expect([r2.status, r2.body]).toEqual([500, a1111Error('RuntimeError', "model 'X' not found")])
  })

  it('an exception inside ADetailer (unknown ad_model) is logged; the request is still 200', async () => {
    const r = await post(sim, '/sdapi/v1/img2img', {
      ...small, init_images: [sourceImage(32, 32)], alwayson_scripts: { ADetailer: { args: [true, false, { ad_model: 'nope.pt' }] } },
    })
    expect(r.status).toBe(200)
    expect(params(r)).not.toContain('ADetailer')
  })

  it('extras: unknown upscaler → 500 AssertionError', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(32, 32), upscaler_1: 'Foo' })
    expect([r.status, r.body]).toEqual([500, a1111Error('AssertionError', 'could not find upscaler named Foo')])
  })
})

describe('validation (422, pydantic v1 format)', () => {
  it('reports a non-integer steps', async () => {
    const r = await t2i({ steps: 'abc' })
    expect([r.status, r.body]).toEqual([422, { detail: [{ loc: ['body', 'steps'], msg: 'value is not a valid integer', type: 'type_error.integer' }] }])
  })

  it('collects every problem at once', async () => {
    const r = await t2i({ steps: 'x', cfg_scale: 'y', restore_faces: 'maybe', styles: 'nope', override_settings: 3 })
    expect(r.status).toBe(422)
    // In model field order, as pydantic reports them.
    expect(r.body.detail.map((d: any) => [d.loc[1], d.type])).toEqual([
      ['styles', 'type_error.list'], ['steps', 'type_error.integer'], ['cfg_scale', 'type_error.float'],
      ['restore_faces', 'type_error.bool'], ['override_settings', 'type_error.dict'],
    ])
  })

  it('answers malformed JSON with value_error.jsondecode, and a non-object body with type_error.dict', async () => {
    const r = await post(sim, '/sdapi/v1/txt2img', '{"prompt": ')
    expect(r.status).toBe(422)
    expect(r.body.detail[0]).toMatchObject({ loc: ['body', expect.any(Number)], type: 'value_error.jsondecode', msg: expect.stringMatching(/^Expecting value: line 1 column \d+ \(char \d+\)$/) })
    const r2 = await post(sim, '/sdapi/v1/txt2img', '[1,2]')
    expect([r2.status, r2.body]).toEqual([422, { detail: [{ loc: ['body'], msg: 'value is not a valid dict', type: 'type_error.dict' }] }])
  })

  it('is lenient: unknown keys ignored, null allowed, strings coerced', async () => {
    const r = await t2i({ foo: 'bar', sampler_name: null, steps: '2', cfg_scale: '6.5', restore_faces: null, tiling: 'false' })
    expect(r.status).toBe(200)
    expect(r.body.parameters).toMatchObject({ steps: 2, cfg_scale: 6.5, sampler_name: null, tiling: false })
    expect(r.body.parameters.foo).toBeUndefined()
  })

  it('checks extras ranges and required fields', async () => {
    const r = await post(sim, '/sdapi/v1/extra-single-image', { image: sourceImage(32, 32), upscaling_resize: 9 })
    expect(r.status).toBe(422)
    expect(r.body.detail[0]).toMatchObject({ loc: ['body', 'upscaling_resize'], type: 'value_error.number.not_le' })
    const r2 = await post(sim, '/sdapi/v1/extra-batch-images', {})
    expect([r2.status, r2.body]).toEqual([422, { detail: [{ loc: ['body', 'imageList'], msg: 'field required', type: 'value_error.missing' }] }])
  })
})

