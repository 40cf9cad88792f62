import { describe, expect, it } from 'vitest'
import { bareKey, didYouMean, resolveResource, suggest } from '../../../engine/resources/index.ts'
import { catalog, JUGGERNAUT, V15 } from './fixtures.ts'

const c = catalog()
const ok = (name: string, scheduler?: string) => (scheduler ? { status: 'ok', name, scheduler } : { status: 'ok', name })

describe('checkpoints resolve by every key of A1111\'s checkpoint_aliases', () => {
  const canonical = 'SDXL/juggernautXL_ragnarokBy.safetensors'
  it.each([
    ['title', JUGGERNAUT.title],
    ['name with folder', canonical],
    ['model_name', 'SDXL_juggernautXL_ragnarokBy'],
    ['file name without extension', 'juggernautXL_ragnarokBy'],
    ['short hash', 'a1b2c3d4e5'],
    ['sha256', JUGGERNAUT.sha256],
    ['name [hash]', `${canonical} [a1b2c3d4e5]`],
    ['file [hash]', 'juggernautXL_ragnarokBy [a1b2c3d4e5]'],
    ['another letter case', 'sdxl/JUGGERNAUTxl_ragnarokby.safetensors'],
  ])('%s → the canonical name', (_, input) => {
    expect(resolveResource('checkpoint', input, c)).toMatchObject(ok(canonical))
  })

  it('says when only another letter case matched (the WebUI itself would not match it)', () => {
    expect(resolveResource('checkpoint', 'juggernautXL_ragnarokBy', c)).toEqual({ status: 'ok', name: 'SDXL/juggernautXL_ragnarokBy.safetensors' })
    expect(resolveResource('checkpoint', 'JUGGERNAUTXL_RAGNAROKBY', c)).toEqual({ status: 'ok', name: 'SDXL/juggernautXL_ragnarokBy.safetensors', folded: true })
  })

  it('a checkpoint whose hash is not cached resolves by name and file name', () => {
    expect(resolveResource('checkpoint', 'dreamshaper_8', c)).toMatchObject(ok('dreamshaper_8.safetensors'))
    expect(resolveResource('checkpoint', V15.hash, c)).toMatchObject(ok('v1-5-pruned-emaonly.safetensors'))
  })

  it('a file name in two folders is ambiguous; the folder settles it', () => {
    expect(resolveResource('checkpoint', 'twin', c)).toEqual({ status: 'ambiguous', candidates: ['a/twin.safetensors', 'b/twin.safetensors'] })
    expect(resolveResource('checkpoint', 'b/twin.safetensors', c)).toMatchObject(ok('b/twin.safetensors'))
  })

  it('an unknown name is missing, with the nearest names', () => {
    expect(resolveResource('checkpoint', 'juggernautXL_ragnarok', c)).toEqual({ status: 'missing', suggestions: ['SDXL/juggernautXL_ragnarokBy.safetensors'] })
    expect(resolveResource('checkpoint', 'SDXL/juggernautXL_ragnarokBy.ckpt', c)).toEqual({ status: 'missing', suggestions: ['SDXL/juggernautXL_ragnarokBy.safetensors'] })
    expect(resolveResource('checkpoint', 'zzzz', c)).toEqual({ status: 'missing', suggestions: [] })
  })

  it('falls back to the plain model names when no titles are given', () => {
    const names = catalog({ checkpoints: undefined, models: ['SDXL/juggernautXL_ragnarokBy.safetensors'] })
    expect(resolveResource('checkpoint', 'juggernautxl_ragnarokby', names)).toMatchObject(ok('SDXL/juggernautXL_ragnarokBy.safetensors'))
  })
})

describe('other kinds', () => {
  it('VAEs: file name, without extension, letter case; Automatic and None are values, not files', () => {
    expect(resolveResource('vae', 'sdxl_vae.safetensors', c)).toMatchObject(ok('sdxl_vae.safetensors'))
    expect(resolveResource('vae', 'SDXL_VAE', c)).toMatchObject(ok('sdxl_vae.safetensors'))
    expect(resolveResource('vae', 'automatic', c)).toMatchObject(ok('Automatic'))
    expect(resolveResource('vae', 'None', catalog({ vaes: [] }))).toMatchObject(ok('None'))
    expect(resolveResource('vae', 'sdxl-vae-fp16', c)).toMatchObject({ status: 'missing', suggestions: ['sdxl_vae.safetensors'] })
  })

  it('samplers: name, alias, letter case, and the legacy "sampler scheduler" form split in two', () => {
    expect(resolveResource('sampler', 'k_euler_a', c)).toMatchObject(ok('Euler a'))
    expect(resolveResource('sampler', 'euler A', c)).toMatchObject(ok('Euler a'))
    expect(resolveResource('sampler', 'DPM++ 2M Karras', c)).toMatchObject(ok('DPM++ 2M', 'Karras'))
    expect(resolveResource('sampler', 'DPM++ 2M sgm_uniform', c)).toMatchObject(ok('DPM++ 2M', 'SGM Uniform'))
    expect(resolveResource('sampler', 'Fancy', c)).toEqual({ status: 'missing', suggestions: [] })
  })

  it('schedulers: label, name or alias → the label', () => {
    expect(resolveResource('scheduler', 'karras', c)).toMatchObject(ok('Karras'))
    expect(resolveResource('scheduler', 'SGMUniform', c)).toMatchObject(ok('SGM Uniform'))
    expect(resolveResource('scheduler', 'Automatic', c)).toMatchObject(ok('Automatic'))
  })

  it('upscalers: hires accepts latent modes, extras does not', () => {
    expect(resolveResource('hires-upscaler', 'latent (bicubic)', c)).toMatchObject(ok('Latent (bicubic)'))
    expect(resolveResource('hires-upscaler', 'r-esrgan 4x+', c)).toMatchObject(ok('R-ESRGAN 4x+'))
    expect(resolveResource('upscaler', 'Latent', c)).toMatchObject({ status: 'missing' })
    expect(resolveResource('upscaler', 'R-ESRGAN 4x', c)).toMatchObject({ status: 'missing', suggestions: ['R-ESRGAN 4x+', 'ESRGAN_4x'] })
  })

  it('ADetailer models by name; LoRAs and embeddings only exactly (A1111 looks them up exactly)', () => {
    expect(resolveResource('adetailer-model', 'Face_yolov8n.pt', c)).toMatchObject(ok('face_yolov8n.pt'))
    expect(resolveResource('adetailer-model', 'face_yolov9n.pt', c)).toMatchObject({ status: 'missing', suggestions: ['face_yolov8n.pt', 'hand_yolov8n.pt'] })
    expect(resolveResource('lora', 'add_detail', c)).toMatchObject(ok('add_detail'))
    expect(resolveResource('lora', 'Add_Detail', c)).toEqual({ status: 'missing', suggestions: ['add_detail'] })
    expect(resolveResource('embedding', 'easynegative', c)).toEqual({ status: 'missing', suggestions: ['EasyNegative'] })
  })

  it('a list no WebUI gave is unchecked, not missing', () => {
    expect(resolveResource('adetailer-model', 'anything.pt', catalog({ unavailable: ['adetailerModels'] }))).toEqual({ status: 'unchecked' })
    expect(resolveResource('scheduler', 'Karras', catalog({ schedulers: undefined }))).toEqual({ status: 'unchecked' })
  })
})

describe('did you mean', () => {
  it('compares bare names', () => {
    expect(bareKey('SDXL/juggernautXL_ragnarokBy.safetensors [a1b2c3d4e5]')).toBe('juggernautxlragnarokby')
    expect(suggest('dreamshaper', ['dreamshaper_8.safetensors', 'v1-5-pruned-emaonly.safetensors'])).toEqual(['dreamshaper_8.safetensors'])
    expect(didYouMean(['a', 'b'])).toBe(' Did you mean "a" or "b"?')
    expect(didYouMean([])).toBe('')
  })
})
