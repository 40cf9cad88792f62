/**
 * The sd-upscale mode (A1111's tiled SD upscale script) and the extras fields of the single
 * mode: exact requests, only keys A1111 knows, and the size/tile arithmetic the preview shows.
 */
import { describe, expect, it } from 'vitest'
import { SETTINGS_OVERRIDE_DEFAULTS } from '../../../engine/payloads/generation-extras.ts'
import {
  buildUpscaleRequest, sdUpscaleGrid, upscaleOutputSize, WebuiRequest,
} from '../../../engine/payloads/index.ts'
import { CTX, CTX_IMG, IMAGE, nullPaths, unknownKeys, upscale } from './fixtures.ts'

describe('buildUpscaleRequest: sd-upscale (the SD upscale script)', () => {
  it('builds an img2img request that selects the script, with the tile size as width/height', () => {
    const req = buildUpscaleRequest(upscale({
      mode: 'sd-upscale', upscaler: 'SwinIR 4x', factor: 2.5, tile_overlap: 96, tile_width: 768, tile_height: 640,
      denoising_strength: 0.25, steps: 24, sampler_name: 'DPM++ 2M', scheduler: 'Karras', cfg_scale: 6, seed: 77,
    }), CTX_IMG)
    expect(req).toStrictEqual({
      endpoint: '/sdapi/v1/img2img',
      body: {
        init_images: [IMAGE.base64],
        resize_mode: 0,
        denoising_strength: 0.25,
        prompt: 'a red fox in snow',
        negative_prompt: 'blurry',
        seed: 77,
        subseed: -1,
        subseed_strength: 0,
        sampler_name: 'DPM++ 2M',
        scheduler: 'Karras',
        steps: 24,
        cfg_scale: 6,
        width: 768,
        height: 640,
        batch_size: 1,
        n_iter: 1,
        // No upscaler_for_img2img: the script does its own enlarging with its own upscaler.
        override_settings: { sd_model_checkpoint: 'sdxl_base.safetensors', sd_vae: 'sdxl_vae.safetensors', CLIP_stop_at_last_layers: 2, ...SETTINGS_OVERRIDE_DEFAULTS },
        override_settings_restore_afterwards: false,
        send_images: true,
        save_images: false,
        script_name: 'sd upscale',
        // [info, overlap, upscaler (by name), scale factor] as scripts/sd_upscale.py's run() takes them.
        script_args: ['', 96, 'SwinIR 4x', 2.5],
      },
    })
    expect(unknownKeys(req)).toEqual([])
    expect(nullPaths(req.body)).toEqual([])
    expect(WebuiRequest.safeParse(req).success).toBe(true)
  })

  it('uses A1111’s defaults: 512×512 tiles overlapping by 64', () => {
    const { body } = buildUpscaleRequest(upscale({ mode: 'sd-upscale' }), CTX_IMG)
    expect(body).toMatchObject({ width: 512, height: 512, script_args: ['', 64, 'R-ESRGAN 4x+', 2] })
  })

  it('refuses to build without an input image', () => {
    expect(() => buildUpscaleRequest(upscale({ mode: 'sd-upscale' }), CTX)).toThrow(/input image/)
  })

  it('leaves the whole-frame img2img mode as it was: one call at factor × size, no script', () => {
    const { body } = buildUpscaleRequest(upscale({ mode: 'img2img', tile_overlap: 128, tile_width: 256 }), CTX_IMG)
    expect(body).not.toHaveProperty('script_name')
    expect(body).toMatchObject({ width: 1664, height: 2432, override_settings: { upscaler_for_img2img: 'R-ESRGAN 4x+' } })
  })
})

describe('buildUpscaleRequest: single mode extras fields', () => {
  it('sends upscaler 2, its visibility and upscale_first as set', () => {
    const req = buildUpscaleRequest(upscale({ upscaler_2: 'Lanczos', extras_upscaler_2_visibility: 0.35, upscale_first: true }), CTX_IMG)
    expect(req.body).toMatchObject({ upscaler_1: 'R-ESRGAN 4x+', upscaler_2: 'Lanczos', extras_upscaler_2_visibility: 0.35, upscale_first: true })
    expect(unknownKeys(req)).toEqual([])
  })

  it('resize mode 1 sends the target size and crop, and not the factor (A1111 ignores it there)', () => {
    const req = buildUpscaleRequest(upscale({ resize_mode: 1, upscaling_resize_w: 1920, upscaling_resize_h: 1080, upscaling_crop: false, factor: 3 }), CTX_IMG)
    expect(req.body).toMatchObject({ resize_mode: 1, upscaling_resize_w: 1920, upscaling_resize_h: 1080, upscaling_crop: false })
    expect(req.body).not.toHaveProperty('upscaling_resize')
    expect(unknownKeys(req)).toEqual([])
    expect(WebuiRequest.safeParse(req).success).toBe(true)
  })

  it('resize mode 0 sends the factor and not the target size', () => {
    const { body } = buildUpscaleRequest(upscale({ upscaling_resize_w: 1920 }), CTX_IMG)
    expect(body).toMatchObject({ resize_mode: 0, upscaling_resize: 2 })
    expect(body).not.toHaveProperty('upscaling_resize_w')
    expect(body).not.toHaveProperty('upscaling_crop')
  })
})

describe('upscale output size and SD upscale tiles', () => {
  const size = { width: 832, height: 1216 }
  it('sd-upscale: the upscaler’s size, floored to 8; None keeps the size', () => {
    expect(upscaleOutputSize(upscale({ mode: 'sd-upscale', factor: 1.5 }), size)).toEqual({ width: 1248, height: 1824 })
    expect(upscaleOutputSize(upscale({ mode: 'sd-upscale', factor: 1.3 }), { width: 515, height: 515 })).toEqual({ width: 664, height: 664 })
    expect(upscaleOutputSize(upscale({ mode: 'sd-upscale', upscaler: 'None', factor: 4 }), size)).toEqual(size)
  })

  it('single: factor (floored to 8), exact w×h when cropping, covering the target otherwise', () => {
    expect(upscaleOutputSize(upscale({ factor: 1.5 }), { width: 515, height: 300 })).toEqual({ width: 768, height: 448 })
    expect(upscaleOutputSize(upscale({ resize_mode: 1, upscaling_resize_w: 1000, upscaling_resize_h: 1000 }), size)).toEqual({ width: 1000, height: 1000 })
    // 832×1216 to cover 1000×1000: scale max(1000/832, 1000/1216) = 1.2019… → 1000×1461.5 → 1000×1456
    expect(upscaleOutputSize(upscale({ resize_mode: 1, upscaling_resize_w: 1000, upscaling_resize_h: 1000, upscaling_crop: false }), size)).toEqual({ width: 1000, height: 1456 })
    expect(upscaleOutputSize(upscale({ upscaler: 'None' }), size)).toEqual(size)
  })

  it('counts tiles as A1111’s split_grid does', () => {
    // 1024 wide, 512 tiles, 64 overlap: ceil((1024-64)/448) = 3 columns
    expect(sdUpscaleGrid({ width: 1024, height: 1024 }, 512, 512, 64)).toEqual({ cols: 3, rows: 3, tiles: 9 })
    expect(sdUpscaleGrid({ width: 1664, height: 2432 }, 768, 640, 96)).toEqual({ cols: 3, rows: 5, tiles: 15 })
    expect(sdUpscaleGrid({ width: 512, height: 512 }, 512, 512, 64)).toEqual({ cols: 1, rows: 1, tiles: 1 })
  })
})
