import { SETTINGS_OVERRIDE_DEFAULTS } from '../../../engine/payloads/generation-extras.ts'
import { describe, expect, it } from 'vitest'
import { ADETAILER_PASS_DEFAULTS } from '../../../engine/config/defaults.ts'
import {
  ADETAILER_ARG_KEYS, buildAdetailerArgs, buildAdetailerRequest, MissingInputImageError,
  NoAdetailerPassError,
} from '../../../engine/payloads/index.ts'
import { adetailer, CTX, CTX_IMG, IMAGE, nullPaths, pass } from './fixtures.ts'

/** The default pass as it goes out: every configured key but the empty checkpoint/VAE names. */
const { ad_checkpoint: _c, ad_vae: _v, ...DEFAULT_TAB } = ADETAILER_PASS_DEFAULTS

describe('buildAdetailerRequest', () => {
  it('builds the exact img2img carrier for the default config', () => {
    expect(buildAdetailerRequest(adetailer(), CTX_IMG)).toStrictEqual({
      endpoint: '/sdapi/v1/img2img',
      body: {
        init_images: [IMAGE.base64],
        resize_mode: 0,
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        seed: 1234,
        subseed: -1,
        subseed_strength: 0,
        sampler_name: 'Euler a',
        scheduler: 'Automatic',
        steps: 20,
        cfg_scale: 7,
        width: 832,
        height: 1216,
        batch_size: 1,
        n_iter: 1,
        alwayson_scripts: { ADetailer: { args: [true, true, DEFAULT_TAB] } },
        override_settings: {
          sd_model_checkpoint: 'sdxl_base.safetensors',
          sd_vae: 'sdxl_vae.safetensors',
          CLIP_stop_at_last_layers: 2,
          // The allow-listed options are stated here too (A1111's defaults unless inherited).
          ...SETTINGS_OVERRIDE_DEFAULTS,
        },
        override_settings_restore_afterwards: false,
        send_images: true,
        save_images: false,
      },
    })
  })

  it('enables ADetailer and skips the full-frame img2img instead of sending denoise 0', () => {
    const { body } = buildAdetailerRequest(adetailer(), CTX_IMG)
    const args = body.alwayson_scripts?.ADetailer?.args
    expect(args?.[0]).toBe(true)
    expect(args?.[1]).toBe(true)
    expect(body).not.toHaveProperty('denoising_strength')
  })

  it('runs at the image size whatever it is', () => {
    const { body } = buildAdetailerRequest(adetailer(), { ...CTX, image: { base64: 'QUJD', width: 1000, height: 1496 } })
    expect([body.width, body.height]).toStrictEqual([1000, 1496])
  })

  it('drops disabled passes and passes without a model, keeping the order of the rest', () => {
    const passes = [
      pass({ ad_model: 'face_yolov8n.pt' }),
      pass({ ad_model: 'hand_yolov8n.pt', ad_tab_enable: false }),
      pass({ ad_model: 'None' }),
      pass({ ad_model: 'person_yolov8n-seg.pt', ad_denoising_strength: 0.25 }),
    ]
    const args = buildAdetailerRequest(adetailer({ passes }), CTX_IMG).body.alwayson_scripts?.ADetailer?.args
    expect(args?.length).toBe(4)
    expect(args?.slice(2).map((t) => (t as { ad_model: string }).ad_model)).toStrictEqual(['face_yolov8n.pt', 'person_yolov8n-seg.pt'])
    expect(args?.[3]).toMatchObject({ ad_denoising_strength: 0.25 })
  })

  it('sends up to four passes, each with only keys ADetailerArgs accepts', () => {
    const models = ['face_yolov8n.pt', 'hand_yolov8n.pt', 'person_yolov8s-seg.pt', 'mediapipe_face_mesh']
    const args = buildAdetailerArgs(models.map((ad_model) => pass({ ad_model })))
    expect(args.length).toBe(6)
    expect(args.slice(0, 2)).toStrictEqual([true, true])
    for (const tab of args.slice(2)) {
      expect(Object.keys(tab).filter((k) => !ADETAILER_ARG_KEYS.has(k))).toStrictEqual([])
      expect(tab).not.toHaveProperty('ad_mask_only_top_k_largest')
    }
    expect(() => buildAdetailerArgs([...models, 'face_yolov8s.pt'].map((ad_model) => pass({ ad_model }))))
      .toThrow(RangeError)
  })

  it('leaves empty checkpoint/VAE names out (ADetailer reads a missing one as null) and sends set ones', () => {
    const [, , empty] = buildAdetailerArgs([pass({ ad_use_checkpoint: false, ad_checkpoint: '', ad_vae: '' })])
    expect(empty).not.toHaveProperty('ad_checkpoint')
    expect(empty).not.toHaveProperty('ad_vae')
    expect(nullPaths(empty)).toStrictEqual([])
    const [, , set] = buildAdetailerArgs([pass({
      ad_use_checkpoint: true, ad_checkpoint: 'inpaint.safetensors', ad_use_vae: true, ad_vae: 'v.pt',
    })])
    expect(set).toMatchObject({ ad_use_checkpoint: true, ad_checkpoint: 'inpaint.safetensors', ad_use_vae: true, ad_vae: 'v.pt' })
  })

  it('refuses a stage where no pass would run (A1111 would return a full-frame img2img instead)', () => {
    expect(() => buildAdetailerRequest(adetailer({ passes: [pass({ ad_tab_enable: false })] }), CTX_IMG))
      .toThrow(NoAdetailerPassError)
    expect(() => buildAdetailerArgs([pass({ ad_model: 'None' })])).toThrow(NoAdetailerPassError)
  })

  it("uses the config seed when set and the job's otherwise, and the job's model", () => {
    expect(buildAdetailerRequest(adetailer({ seed: 5 }), CTX_IMG).body.seed).toBe(5)
    expect(buildAdetailerRequest(adetailer({ seed: -1 }), CTX_IMG).body.seed).toBe(1234)
  })

  it('refuses to build without an input image', () => {
    expect(() => buildAdetailerRequest(adetailer(), CTX)).toThrow(MissingInputImageError)
  })
})
