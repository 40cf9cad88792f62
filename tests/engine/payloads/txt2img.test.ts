import { SETTINGS_OVERRIDE_DEFAULTS } from '../../../engine/payloads/generation-extras.ts'
import { describe, expect, it } from 'vitest'
import { buildTxt2ImgRequest, HIRES_FIELDS } from '../../../engine/payloads/index.ts'
import { CTX, HIRES_ON, nullPaths, REFINER_ON, txt2img } from './fixtures.ts'

describe('buildTxt2ImgRequest', () => {
  it('builds the exact request for the default config', () => {
    expect(buildTxt2ImgRequest(txt2img(), CTX)).toStrictEqual({
      endpoint: '/sdapi/v1/txt2img',
      body: {
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        seed: 1234,
        subseed: -1,
        subseed_strength: 0,
        sampler_name: 'Euler a',
        scheduler: 'Automatic',
        steps: 20,
        cfg_scale: 7,
        width: 512,
        height: 512,
        batch_size: 1,
        n_iter: 1,
        override_settings: {
          sd_model_checkpoint: 'sdxl_base.safetensors',
          sd_vae: 'sdxl_vae.safetensors',
          CLIP_stop_at_last_layers: 1,
          ...SETTINGS_OVERRIDE_DEFAULTS,
        },
        override_settings_restore_afterwards: false,
        send_images: true,
        save_images: false,
      },
    })
  })

  it('puts model, VAE and clip skip in override_settings, never at top level', () => {
    const { body } = buildTxt2ImgRequest(txt2img({ model: 'juggernaut.safetensors', vae: 'vae-ft.pt', clip_skip: 2 }), CTX)
    expect(body.override_settings).toStrictEqual({
      sd_model_checkpoint: 'juggernaut.safetensors', sd_vae: 'vae-ft.pt', CLIP_stop_at_last_layers: 2,
      ...SETTINGS_OVERRIDE_DEFAULTS,
    })
    for (const k of ['sd_model', 'sd_vae', 'clip_skip', 'sd_model_checkpoint', 'CLIP_stop_at_last_layers', 'model', 'vae']) {
      expect(body).not.toHaveProperty(k)
    }
    expect(body.override_settings_restore_afterwards).toBe(false)
  })

  it("sends no VAE chosen as Automatic (never 'leave what is loaded'), and always clip skip", () => {
    const ctx = { ...CTX, model: { checkpoint: '', vae: '', clipSkip: 2 } }
    expect(buildTxt2ImgRequest(txt2img(), ctx).body.override_settings).toStrictEqual({ sd_vae: 'Automatic', CLIP_stop_at_last_layers: 1, ...SETTINGS_OVERRIDE_DEFAULTS })
    const onlyVae = { ...CTX, model: { checkpoint: '', vae: 'v.safetensors', clipSkip: 1 } }
    expect(buildTxt2ImgRequest(txt2img(), onlyVae).body.override_settings)
      .toStrictEqual({ sd_vae: 'v.safetensors', CLIP_stop_at_last_layers: 1, ...SETTINGS_OVERRIDE_DEFAULTS })
  })

  it('uses the job seed (already concrete), never the config seed', () => {
    expect(buildTxt2ImgRequest(txt2img({ seed: 77 }), { ...CTX, seed: 4294967294 }).body.seed).toBe(4294967294)
  })

  it('sends no hires key at all when hires is off', () => {
    const { body } = buildTxt2ImgRequest(txt2img(), CTX)
    expect(Object.keys(body).filter((k) => HIRES_FIELDS.has(k) || k === 'denoising_strength')).toStrictEqual([])
  })

  it('sends the hires block with denoising_strength when hires is on, leaving an empty sampler/scheduler out', () => {
    const { body } = buildTxt2ImgRequest(txt2img({ hires: { ...HIRES_ON, denoising_strength: 0.45 } }), CTX)
    expect(body).toMatchObject({
      enable_hr: true, denoising_strength: 0.45, hr_scale: 2, hr_upscaler: 'Latent',
      hr_second_pass_steps: 0, hr_resize_x: 0, hr_resize_y: 0,
    })
    expect(body).not.toHaveProperty('hr_sampler_name')
    expect(body).not.toHaveProperty('hr_scheduler')
    expect(Object.values(body)).not.toContain('Use same sampler')
    expect(Object.values(body)).not.toContain('Use same scheduler')
    // Everything but the hires block is as with hires off.
    const off = buildTxt2ImgRequest(txt2img(), CTX).body
    const { enable_hr, denoising_strength, hr_scale, hr_upscaler, hr_second_pass_steps, hr_resize_x, hr_resize_y, ...rest } = body
    expect(rest).toStrictEqual(off)
  })

  it('sends every hires setting as configured', () => {
    const hires = {
      enabled: true, scale: 1.5, upscaler: 'R-ESRGAN 4x+', second_pass_steps: 12, resize_x: 1024,
      resize_y: 1536, denoising_strength: 0.3, sampler_name: 'DPM++ 2M', scheduler: 'Karras',
      checkpoint: '', prompt: '', negative_prompt: '',
    }
    const { body } = buildTxt2ImgRequest(txt2img({ hires }), CTX)
    expect(body).toMatchObject({
      enable_hr: true, hr_scale: 1.5, hr_upscaler: 'R-ESRGAN 4x+', hr_second_pass_steps: 12,
      hr_resize_x: 1024, hr_resize_y: 1536, denoising_strength: 0.3, hr_sampler_name: 'DPM++ 2M',
      hr_scheduler: 'Karras',
    })
  })

  it('sends the refiner only when enabled with a checkpoint', () => {
    const on = buildTxt2ImgRequest(txt2img({ refiner: REFINER_ON }), CTX).body
    expect(on.refiner_checkpoint).toBe('sdxl_refiner.safetensors')
    expect(on.refiner_switch_at).toBe(0.75)
    for (const refiner of [{ ...REFINER_ON, enabled: false }, { ...REFINER_ON, checkpoint: '' }]) {
      const { body } = buildTxt2ImgRequest(txt2img({ refiner }), CTX)
      expect(body).not.toHaveProperty('refiner_checkpoint')
      expect(body).not.toHaveProperty('refiner_switch_at')
    }
  })

  it('takes batch_size from the config and always sends n_iter 1', () => {
    const { body } = buildTxt2ImgRequest(txt2img({ batch_size: 4, batch_runs: 3 }), CTX)
    expect(body.batch_size).toBe(4)
    expect(body.n_iter).toBe(1)
  })

  it('sends the scheduler as configured, and an empty one as Automatic', () => {
    expect(buildTxt2ImgRequest(txt2img({ scheduler: 'Karras' }), CTX).body.scheduler).toBe('Karras')
    expect(buildTxt2ImgRequest(txt2img({ scheduler: 'automatic' }), CTX).body.scheduler).toBe('automatic')
    expect(buildTxt2ImgRequest(txt2img({ scheduler: 'Automatic' }), CTX).body.scheduler).toBe('Automatic')
    expect(buildTxt2ImgRequest(txt2img({ scheduler: '' }), CTX).body.scheduler).toBe('Automatic')
  })

  it("sends the job's negative as it is: the compiler already folded the config's negative in", () => {
    const neg = (ctxNeg: string, cfgNeg: string) =>
      buildTxt2ImgRequest(txt2img({ negative_prompt: cfgNeg }), { ...CTX, negativePrompt: ctxNeg }).body.negative_prompt
    expect(neg('worst quality, lowres, bad hands', 'lowres')).toBe('worst quality, lowres, bad hands')
    expect(neg('', 'lowres')).toBe('')
  })

  it('sends no null and no do_not_save_* keys', () => {
    const { body } = buildTxt2ImgRequest(txt2img({ hires: HIRES_ON, refiner: REFINER_ON }), CTX)
    expect(nullPaths(body)).toStrictEqual([])
    expect(body).not.toHaveProperty('do_not_save_samples')
    expect(body).not.toHaveProperty('do_not_save_grid')
  })
})
