import { SETTINGS_OVERRIDE_DEFAULTS } from '../../../engine/payloads/generation-extras.ts'
import { describe, expect, it } from 'vitest'
import { buildImg2ImgRequest, MissingInputImageError } from '../../../engine/payloads/index.ts'
import { CTX, CTX_IMG, IMAGE, img2img, nullPaths } from './fixtures.ts'

describe('buildImg2ImgRequest', () => {
  it('builds the exact request for the default config, at the input image size', () => {
    expect(buildImg2ImgRequest(img2img(), CTX_IMG)).toStrictEqual({
      endpoint: '/sdapi/v1/img2img',
      body: {
        init_images: [IMAGE.base64],
        resize_mode: 0,
        denoising_strength: 0.3,
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        seed: 1234,
        subseed: -1,
        subseed_strength: 0,
        sampler_name: 'Euler a',
        scheduler: 'Automatic',
        steps: 15,
        cfg_scale: 7,
        width: 832,
        height: 1216,
        batch_size: 1,
        n_iter: 1,
        override_settings: {
          sd_model_checkpoint: 'sdxl_base.safetensors',
          sd_vae: 'sdxl_vae.safetensors',
          CLIP_stop_at_last_layers: 2,
          ...SETTINGS_OVERRIDE_DEFAULTS,
        },
        override_settings_restore_afterwards: false,
        send_images: true,
        save_images: false,
      },
    })
  })

  it('keeps the input size per side when 0 and uses the configured size otherwise', () => {
    expect(buildImg2ImgRequest(img2img({ width: 1024, height: 0 }), CTX_IMG).body).toMatchObject({ width: 1024, height: 1216 })
    expect(buildImg2ImgRequest(img2img({ width: 0, height: 640 }), CTX_IMG).body).toMatchObject({ width: 832, height: 640 })
    expect(buildImg2ImgRequest(img2img({ width: 768, height: 768 }), CTX_IMG).body).toMatchObject({ width: 768, height: 768 })
  })

  it('sends resize mode and denoise as configured', () => {
    const { body } = buildImg2ImgRequest(img2img({ resize_mode: 2, denoising_strength: 0.55 }), CTX_IMG)
    expect(body.resize_mode).toBe(2)
    expect(body.denoising_strength).toBe(0.55)
  })

  it('joins the prompt adjusts after the job prompts with ", " only when both have text', () => {
    const build = (prompt: string, adjust: string, neg: string, negAdjust: string) => {
      const { body } = buildImg2ImgRequest(
        img2img({ prompt_adjust: adjust, negative_adjust: negAdjust }),
        { ...CTX_IMG, prompt, negativePrompt: neg },
      )
      return [body.prompt, body.negative_prompt]
    }
    expect(build('a fox', 'sharp focus', 'blurry', 'watermark')).toStrictEqual(['a fox, sharp focus', 'blurry, watermark'])
    expect(build('a fox', '', 'blurry', '')).toStrictEqual(['a fox', 'blurry'])
    expect(build('', 'sharp focus', '', 'watermark')).toStrictEqual(['sharp focus', 'watermark'])
    expect(build('a fox', '   ', '', '')).toStrictEqual(['a fox', ''])
  })

  it("uses the config seed when set and the job's otherwise", () => {
    expect(buildImg2ImgRequest(img2img({ seed: 99 }), CTX_IMG).body.seed).toBe(99)
    expect(buildImg2ImgRequest(img2img({ seed: -1 }), CTX_IMG).body.seed).toBe(1234)
  })

  it("uses the stage's own model/VAE when set, else the job's, and the job's clip skip", () => {
    const own = buildImg2ImgRequest(img2img({ model: 'inpaint.safetensors' }), CTX_IMG).body.override_settings
    expect(own).toStrictEqual({
      sd_model_checkpoint: 'inpaint.safetensors', sd_vae: 'sdxl_vae.safetensors', CLIP_stop_at_last_layers: 2,
      ...SETTINGS_OVERRIDE_DEFAULTS,
    })
    const ctx = { ...CTX_IMG, model: { checkpoint: '', vae: '', clipSkip: 1 } }
    expect(buildImg2ImgRequest(img2img({ vae: 'other.vae.pt' }), ctx).body.override_settings)
      .toStrictEqual({ sd_vae: 'other.vae.pt', CLIP_stop_at_last_layers: 1, ...SETTINGS_OVERRIDE_DEFAULTS })
    expect(buildImg2ImgRequest(img2img(), ctx).body.override_settings).toStrictEqual({ sd_vae: 'Automatic', CLIP_stop_at_last_layers: 1, ...SETTINGS_OVERRIDE_DEFAULTS })
  })

  it('refuses to build without an input image', () => {
    expect(() => buildImg2ImgRequest(img2img(), CTX)).toThrow(MissingInputImageError)
    expect(() => buildImg2ImgRequest(img2img(), CTX)).toThrow('the img2img stage needs an input image')
  })

  it('sends no null and no hires key', () => {
    const { body } = buildImg2ImgRequest(img2img(), CTX_IMG)
    expect(nullPaths(body)).toStrictEqual([])
    expect(Object.keys(body).filter((k) => k.startsWith('hr_') || k === 'enable_hr')).toStrictEqual([])
  })
})
