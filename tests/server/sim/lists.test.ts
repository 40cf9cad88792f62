import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, post, withSim } from './helpers.ts'

let sim: SimHandle
beforeAll(async () => { sim = await withSim() })
afterAll(() => sim.close())

describe('simulated WebUI: lists and options', () => {
  it('lists checkpoints with titles "name [shorthash]"', async () => {
    const r = await get(sim, '/sdapi/v1/sd-models')
    expect(r.status).toBe(200)
    expect(r.body.length).toBeGreaterThanOrEqual(4)
    for (const m of r.body) {
      expect(Object.keys(m)).toEqual(['title', 'model_name', 'hash', 'sha256', 'filename', 'config'])
      expect(m.title).toBe(`${m.filename.split('/Stable-diffusion/')[1]} [${m.hash}]`)
      expect(m.hash).toMatch(/^[0-9a-f]{10}$/)
      expect(m.sha256.startsWith(m.hash)).toBe(true)
      expect(m.filename.startsWith('/')).toBe(true)
    }
    expect(r.body[0].title).toBe('v1-5-pruned-emaonly.safetensors [6ce0161689]')
    expect(r.body.some((m: any) => m.title.startsWith('sdxl/'))).toBe(true)
  })

  it('lists the 1.10 samplers in order with aliases and string options', async () => {
    const r = await get(sim, '/sdapi/v1/samplers')
    expect(r.body.map((s: any) => s.name)).toEqual([
      'DPM++ 2M', 'DPM++ SDE', 'DPM++ 2M SDE', 'DPM++ 2M SDE Heun', 'DPM++ 2S a', 'DPM++ 3M SDE',
      'Euler a', 'Euler', 'LMS', 'Heun', 'DPM2', 'DPM2 a', 'DPM fast', 'DPM adaptive', 'Restart',
      'DDIM', 'DDIM CFG++', 'PLMS', 'UniPC', 'LCM',
    ])
    expect(r.body[0]).toEqual({ name: 'DPM++ 2M', aliases: ['k_dpmpp_2m'], options: { scheduler: 'karras' } })
    expect(r.body[1].options.second_order).toBe('True')
  })

  it('lists the 1.10 schedulers', async () => {
    const r = await get(sim, '/sdapi/v1/schedulers')
    expect(r.body.map((s: any) => s.name)).toEqual([
      'automatic', 'uniform', 'karras', 'exponential', 'polyexponential', 'sgm_uniform', 'kl_optimal',
      'align_your_steps', 'simple', 'normal', 'ddim', 'beta',
    ])
    expect(r.body[2]).toEqual({ name: 'karras', label: 'Karras', aliases: null, default_rho: 7, need_inner_model: false })
    expect(r.text).toContain('"default_rho":7.0')
    expect(r.body[5].aliases).toEqual(['SGMUniform'])
  })

  it('serves the other lists', async () => {
    const ups = await get(sim, '/sdapi/v1/upscalers')
    expect(ups.body.map((u: any) => u.name)).toContain('R-ESRGAN 4x+')
    expect(Object.keys(ups.body[0])).toEqual(['name', 'model_name', 'model_path', 'model_url', 'scale'])
    expect((await get(sim, '/sdapi/v1/latent-upscale-modes')).body[0]).toEqual({ name: 'Latent' })
    const vae = await get(sim, '/sdapi/v1/sd-vae')
    expect(vae.body[0]).toEqual({ model_name: 'vae-ft-mse-840000-ema-pruned.safetensors', filename: expect.stringMatching(/^\//) })
    expect((await get(sim, '/sdapi/v1/sd-modules')).status).toBe(404)
    const emb = await get(sim, '/sdapi/v1/embeddings')
    expect(Object.keys(emb.body)).toEqual(['loaded', 'skipped'])
    expect(emb.body.loaded.EasyNegative).toMatchObject({ shape: 768, vectors: 8 })
    const loras = await get(sim, '/sdapi/v1/loras')
    expect(Object.keys(loras.body[0])).toEqual(['name', 'alias', 'path', 'metadata'])
    expect((await get(sim, '/adetailer/v1/ad_model')).body.ad_model).toContain('face_yolov8n.pt')
    expect((await get(sim, '/adetailer/v1/ad_model')).body.ad_model).not.toContain('None')
    expect((await get(sim, '/adetailer/v1/version')).body).toEqual({ version: '25.3.0' })
    expect((await get(sim, '/internal/ping')).body).toEqual({})
    for (const p of ['refresh-checkpoints', 'refresh-vae', 'refresh-embeddings', 'refresh-loras']) {
      const r = await post(sim, `/sdapi/v1/${p}`)
      expect([r.status, r.text]).toEqual([200, 'null'])
    }
  })

  it('answers 404 and 405 like FastAPI', async () => {
    const r404 = await get(sim, '/sdapi/v1/nope')
    expect([r404.status, r404.body]).toEqual([404, { detail: 'Not Found' }])
    const r405 = await get(sim, '/sdapi/v1/txt2img')
    expect([r405.status, r405.body]).toEqual([405, { detail: 'Method Not Allowed' }])
  })

  it('returns options with ints as floats and the checkpoint title', async () => {
    const r = await get(sim, '/sdapi/v1/options')
    expect(r.body.sd_model_checkpoint).toBe('v1-5-pruned-emaonly.safetensors [6ce0161689]')
    expect(r.text).toContain('"CLIP_stop_at_last_layers":1.0')
    expect(r.body.samples_format).toBe('png')
    expect(r.body.enable_pnginfo).toBe(true)
    expect(r.body.sd_vae).toBe('Automatic')
  })

  it('POST options: null with 200, KeyError, unknown checkpoint, switch cost under the lock', async () => {
    sim.resetStats()
    const ok = await post(sim, '/sdapi/v1/options', { CLIP_stop_at_last_layers: 2 })
    expect([ok.status, ok.text]).toEqual([200, 'null'])
    expect((await get(sim, '/sdapi/v1/options')).text).toContain('"CLIP_stop_at_last_layers":2.0')
    const bad = await post(sim, '/sdapi/v1/options', { no_such_option: 1 })
    expect([bad.status, bad.body]).toEqual([500, { error: 'KeyError', detail: '', body: '', errors: "'no_such_option'" }])
    const missing = await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: 'nope.safetensors' })
    expect([missing.status, missing.body]).toEqual([500, { error: 'RuntimeError', detail: '', body: '', errors: "model 'nope.safetensors' not found" }])
    const t = performance.now()
    // Any alias works: here the basename without extension.
    expect((await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: 'dreamshaper_8' })).status).toBe(200)
    expect(performance.now() - t).toBeGreaterThanOrEqual(18)
    expect((await get(sim, '/sdapi/v1/options')).body.sd_model_checkpoint).toMatch(/^dreamshaper_8\.safetensors \[/)
    // Already loaded: no switch.
    expect((await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: 'dreamshaper_8.safetensors' })).status).toBe(200)
    expect(sim.stats().modelSwitches).toBe(1)
    expect(sim.stats().busyMs).toBeGreaterThanOrEqual(18)
    await post(sim, '/sdapi/v1/options', { sd_model_checkpoint: '6ce0161689', CLIP_stop_at_last_layers: 1 })
    expect(sim.stats().currentModel).toBe('v1-5-pruned-emaonly.safetensors [6ce0161689]')
  })

  it('counts requests by path in /sim/stats', async () => {
    sim.resetStats()
    await get(sim, '/sdapi/v1/samplers')
    await get(sim, '/sdapi/v1/samplers')
    const stats = await get(sim, '/sim/stats')
    expect(stats.body.requests['/sdapi/v1/samplers']).toBe(2)
    expect(stats.body.requests['/sim/stats']).toBeUndefined()
  })
})

describe('--nowebui', () => {
  it('has no /internal/ping but the API works', async () => {
    const s = await withSim({ nowebui: true })
    try {
      expect((await get(s, '/internal/ping')).status).toBe(404)
      expect((await get(s, '/sdapi/v1/progress')).status).toBe(200)
    } finally {
      await s.close()
    }
  })
})
