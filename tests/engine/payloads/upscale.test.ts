import { SETTINGS_OVERRIDE_DEFAULTS } from '../../../engine/payloads/generation-extras.ts'
import { describe, expect, it } from 'vitest'
import { buildUpscaleRequest, MissingInputImageError, roundTo8 } from '../../../engine/payloads/index.ts'
import { CTX, CTX_IMG, IMAGE, upscale } from './fixtures.ts'

describe('buildUpscaleRequest: single (extras)', () => {
  it('builds the exact extra-single-image request for the default config', () => {
    expect(buildUpscaleRequest(upscale(), CTX_IMG)).toStrictEqual({
      endpoint: '/sdapi/v1/extra-single-image',
      body: {
        image: IMAGE.base64,
        resize_mode: 0,
        upscaling_resize: 2,
        upscaler_1: 'R-ESRGAN 4x+',
        upscaler_2: 'None',
        extras_upscaler_2_visibility: 0,
        upscale_first: false,
        gfpgan_visibility: 0,
        codeformer_visibility: 0,
        codeformer_weight: 0.5,
      },
    })
  })

  it('never changes the factor', () => {
    for (const factor of [1, 1.25, 1.5, 1.853, 2, 3.7, 4, 8]) {
      const req = buildUpscaleRequest(upscale({ factor }), CTX_IMG)
      expect(req.endpoint === '/sdapi/v1/extra-single-image' && req.body.upscaling_resize).toBe(factor)
    }
  })

  it('sends the upscaler and the face restoration settings as configured', () => {
    const req = buildUpscaleRequest(upscale({
      upscaler: '4x-UltraSharp', gfpgan_visibility: 0.2, codeformer_visibility: 0.6, codeformer_weight: 0.9,
    }), CTX_IMG)
    expect(req.body).toMatchObject({
      upscaler_1: '4x-UltraSharp', gfpgan_visibility: 0.2, codeformer_visibility: 0.6, codeformer_weight: 0.9,
    })
  })
})

describe('buildUpscaleRequest: img2img (re-diffusion at the factor)', () => {
  it('builds the exact img2img request for the default config in img2img mode', () => {
    expect(buildUpscaleRequest(upscale({ mode: 'img2img' }), CTX_IMG)).toStrictEqual({
      endpoint: '/sdapi/v1/img2img',
      body: {
        init_images: [IMAGE.base64],
        resize_mode: 0,
        denoising_strength: 0.35,
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        seed: 1234,
        subseed: -1,
        subseed_strength: 0,
        sampler_name: 'Euler a',
        scheduler: 'Automatic',
        steps: 20,
        cfg_scale: 7,
        width: 1664,
        height: 2432,
        batch_size: 1,
        n_iter: 1,
        override_settings: {
          sd_model_checkpoint: 'sdxl_base.safetensors',
          sd_vae: 'sdxl_vae.safetensors',
          CLIP_stop_at_last_layers: 2,
          // The allow-listed options are stated here too (A1111's defaults unless inherited).
          ...SETTINGS_OVERRIDE_DEFAULTS,
          upscaler_for_img2img: 'R-ESRGAN 4x+',
        },
        override_settings_restore_afterwards: false,
        send_images: true,
        save_images: false,
      },
    })
  })

  it('targets the input size times the factor, rounded to 8', () => {
    // 832 × 1.3 = 1081.6 → 1080; 1216 × 1.3 = 1580.8 → 1584
    const { body } = buildUpscaleRequest(upscale({ mode: 'img2img', factor: 1.3 }), CTX_IMG)
    expect(body).toMatchObject({ width: 1080, height: 1584 })
    expect([roundTo8(1081.6), roundTo8(1580.8), roundTo8(1084), roundTo8(3)]).toStrictEqual([1080, 1584, 1088, 8])
  })

  it("sends the chosen upscaler and the stage's diffusion settings", () => {
    const { body } = buildUpscaleRequest(upscale({
      mode: 'img2img', upscaler: 'SwinIR 4x', denoising_strength: 0.2, steps: 30, sampler_name: 'DPM++ 2M',
      scheduler: 'Karras', cfg_scale: 5, seed: 42,
    }), CTX_IMG)
    expect(body).toMatchObject({
      denoising_strength: 0.2, steps: 30, sampler_name: 'DPM++ 2M', scheduler: 'Karras', cfg_scale: 5, seed: 42,
      override_settings: { upscaler_for_img2img: 'SwinIR 4x' },
    })
  })

  it('refuses to build without an input image, in both modes', () => {
    expect(() => buildUpscaleRequest(upscale(), CTX)).toThrow(MissingInputImageError)
    expect(() => buildUpscaleRequest(upscale({ mode: 'img2img' }), CTX)).toThrow(MissingInputImageError)
  })
})
