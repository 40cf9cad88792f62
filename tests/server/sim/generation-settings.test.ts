/**
 * Simulator acceptance of every generation setting of issue 11 §1, as our builders send them:
 * A1111 (pydantic v1) and Forge (pydantic v2) both answer 200, and the infotext shows the keys
 * A1111 writes for them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildImg2ImgRequest, buildTxt2ImgRequest } from '../../../engine/payloads/index.ts'
import { forForge } from '../../../server/exec/forge.ts'
import { parseInfotext } from '../../../server/sim/infotext.ts'
import type { SimHandle } from '../../../server/sim/index.ts'
import { CTX, HIRES_ON, img2img, txt2img } from '../../engine/payloads/fixtures.ts'
import { png, post, sourceImage, withSim } from './helpers.ts'

let a1111: SimHandle
let forge: SimHandle
beforeAll(async () => { [a1111, forge] = await Promise.all([withSim(), withSim({ flavor: 'forge' })]) })
afterAll(async () => { await Promise.all([a1111.close(), forge.close()]) })

const ctx = { ...CTX, model: { checkpoint: 'v1-5-pruned-emaonly.safetensors', vae: '', clipSkip: 1 } }
const every = {
  styles: ['Sharp detail'], subseed: 9, subseed_strength: 0.4, seed_resize_from_w: 768, seed_resize_from_h: 512, eta: 0.3,
  s_churn: 0.5, s_tmin: 0.1, s_tmax: 20, s_noise: 1.003, restore_faces: true, tiling: true, eta_noise_seed_delta: 31337,
  randn_source: 'CPU' as const, token_merging_ratio: 0.2, face_restoration_model: 'GFPGAN' as const, code_former_weight: 0.7,
  width: 64, height: 64, steps: 3,
}

const params = async (sim: SimHandle, req: { endpoint: string; body: unknown }) => {
  // On Forge the executor sends the VAE as a module list (server/exec/forge.ts); do the same.
  const sent = sim === forge ? forForge(req as Parameters<typeof forForge>[0], {}) : req
  const r = await post(sim, sent.endpoint, sent.body)
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBe(200)
  return parseInfotext(png(r.body.images[0]).text.parameters!)
}

describe('the simulator accepts every generation setting', () => {
  it('the sigma parameters take effect through override_settings for the samplers that use them', async () => {
    const euler = await params(a1111, buildTxt2ImgRequest(txt2img({ ...every, sampler_name: 'Euler' }), ctx))
    expect([euler['Sigma churn'], euler['Sigma tmin'], euler['Sigma tmax'], euler['Sigma noise'], euler.Eta]).toEqual(['0.5', '0.1', '20', '1.003', undefined])
    const ancestral = await params(a1111, buildTxt2ImgRequest(txt2img({ ...every, sampler_name: 'Euler a' }), ctx))
    expect([ancestral['Sigma churn'], ancestral.Eta]).toEqual([undefined, '0.3'])
  })

  it.each([['A1111', () => a1111], ['Forge', () => forge]] as const)('txt2img on %s', async (_name, sim) => {
    const req = buildTxt2ImgRequest(txt2img({ ...every, hires: { ...HIRES_ON, scale: 1.5, checkpoint: 'dreamshaper_8.safetensors', prompt: 'a cat, closeup', negative_prompt: '' } }), ctx)
    const p = await params(sim(), req)
    expect(p.Prompt).toBe('a red fox in snow, highly detailed, sharp focus')
    expect([p['Variation seed'], p['Variation seed strength'], p['Seed resize from-1'], p['Seed resize from-2']]).toEqual(['9', '0.4', '768', '512'])
    expect([p.ENSD, p.RNG, p['Token merging ratio'], p['Face restoration'], p.Tiling]).toEqual(['31337', 'CPU', '0.2', 'GFPGAN', 'True'])
    expect(p['Hires checkpoint']).toContain('dreamshaper_8.safetensors')
    expect(p['Hires prompt']).toBe('a cat, closeup, highly detailed, sharp focus')
  })

  it('img2img: image CFG, noise multiplier and its own clip skip', async () => {
    const req = buildImg2ImgRequest(img2img({ image_cfg_scale: 1.5, initial_noise_multiplier: 1.05, clip_skip: 2, batch_size: 2, steps: 4 }), { ...ctx, image: { base64: sourceImage(64, 64), width: 64, height: 64 } })
    const r = await post(a1111, req.endpoint, req.body)
    expect(r.status).toBe(200)
    expect(r.body.images).toHaveLength(2)
    const p = parseInfotext(png(r.body.images[1]).text.parameters!)
    expect([p['Image CFG scale'], p['Noise multiplier'], p['Clip skip'], p.Seed]).toEqual(['1.5', '1.05', '2', String(CTX.seed + 1)])
  })

  it('distilled CFG: Forge takes and writes it; A1111 ignores it without a word (hence the routing)', async () => {
    const req = buildTxt2ImgRequest(txt2img({ distilled_cfg_scale: 2.5, width: 64, height: 64, steps: 2 }), ctx)
    expect((await params(forge, req))['Distilled CFG Scale']).toBe('2.5')
    expect((await params(a1111, req))['Distilled CFG Scale']).toBeUndefined()
  })
})
