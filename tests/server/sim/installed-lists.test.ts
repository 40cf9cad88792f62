/**
 * Each simulated WebUI has its own installed lists (start option, `/sim/control`), and treats
 * names it lacks as A1111 1.10 does: an unknown `sd_model_checkpoint` in override_settings is
 * dropped (HTTP 200, made on the loaded model, which the infotext names); an unknown `sd_vae`
 * quietly means no VAE; the infotext names the VAE used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SimHandle } from '../../../server/sim/index.ts'
import { get, png, post, withSim } from './helpers.ts'

let a: SimHandle
let b: SimHandle
beforeAll(async () => {
  a = await withSim()
  b = await withSim({ resources: { checkpoints: ['SDXL/juggernautXL_ragnarokBy.safetensors', 'base.ckpt'], vaes: ['sdxl_vae.safetensors'], loras: [], adetailerModels: ['face_yolov8n.pt'] } })
})
afterAll(async () => {
  await a.close()
  await b.close()
})

const gen = (sim: SimHandle, override: Record<string, unknown>) =>
  post(sim, '/sdapi/v1/txt2img', { prompt: 'a cat', steps: 1, width: 32, height: 32, override_settings: override, override_settings_restore_afterwards: false })
const infotextOf = (r: { body: { images: string[] } }) => png(r.body.images[0]!).text.parameters!

describe('per-instance lists', () => {
  it('two simulators list different checkpoints, and the first of its list is loaded', async () => {
    const titles = async (s: SimHandle) => ((await get(s, '/sdapi/v1/sd-models')).body as { title: string }[]).map((m) => m.title.replace(/ \[.*$/, ''))
    expect(await titles(a)).toContain('v1-5-pruned-emaonly.safetensors')
    expect(await titles(b)).toEqual(['SDXL/juggernautXL_ragnarokBy.safetensors', 'base.ckpt'])
    expect((await get(b, '/sdapi/v1/options')).body.sd_model_checkpoint).toMatch(/^SDXL\/juggernautXL_ragnarokBy\.safetensors \[[0-9a-f]{10}\]$/)
    expect((await get(b, '/sdapi/v1/sd-vae')).body).toEqual([expect.objectContaining({ model_name: 'sdxl_vae.safetensors' })])
    expect((await get(b, '/adetailer/v1/ad_model')).body).toEqual({ ad_model: ['face_yolov8n.pt'] })
    expect((await get(b, '/sdapi/v1/loras')).body).toEqual([])
  })

  it('/sim/control replaces lists at run time and refuses a malformed one', async () => {
    const r = await post(b, '/sim/control', { resources: { vaes: ['sdxl_vae.safetensors', 'anime.vae.pt'] } })
    expect(r.status).toBe(200)
    expect(((await get(b, '/sdapi/v1/sd-vae')).body as { model_name: string }[]).map((v) => v.model_name)).toEqual(['sdxl_vae.safetensors', 'anime.vae.pt'])
    const bad = await post(b, '/sim/control', { resources: { checkpoints: [] } })
    expect(bad.status).toBe(400)
    expect(bad.text).toContain('checkpoints')
  })
})

describe('names it does not have, as A1111 treats them', () => {
  it('an unknown checkpoint in override_settings: 200, made on the loaded model, named in the infotext', async () => {
    const r = await gen(b, { sd_model_checkpoint: 'v1-5-pruned-emaonly.safetensors' })
    expect(r.status).toBe(200)
    expect(infotextOf(r)).toContain('Model: juggernautXL_ragnarokBy')
    expect(JSON.parse(r.body.info).sd_model_name).toBe('juggernautXL_ragnarokBy')
  })

  it('the VAE used is in the infotext; Automatic and unknown names mean none; it stays set when not restated', async () => {
    expect(infotextOf(await gen(a, { sd_vae: 'sdxl_vae.safetensors' }))).toContain('VAE: sdxl_vae')
    // A request that does not state sd_vae runs with whatever the last one left (restore_afterwards false).
    expect(infotextOf(await gen(a, {}))).toContain('VAE: sdxl_vae')
    expect(infotextOf(await gen(a, { sd_vae: 'Automatic' }))).not.toContain('VAE')
    expect(infotextOf(await gen(a, { sd_vae: 'not-installed.safetensors' }))).not.toContain('VAE')
  })
})
