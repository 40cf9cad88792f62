import { describe, expect, it } from 'vitest'
import { NODE_KINDS } from '../../engine/nodes/registry.ts'
import type { NodeKindDef } from '../../engine/nodes/define.ts'
import { fieldsForKind, parseRows, parseSweepValues, formatRows, visibleFields, type FieldSpec } from '../../editor/src/inspector/fields.ts'
import { sweepablePaths } from '../../editor/src/inspector/sweep-paths.ts'
import { resourceOptions } from '../../editor/src/inspector/resource-options.ts'
import { describeSource, sourceTag } from '../../editor/src/inspector/provenance.ts'

const kind = (k: keyof typeof NODE_KINDS) => NODE_KINDS[k] as unknown as NodeKindDef<unknown>
const field = (fields: FieldSpec[], key: string) => {
  const f = fields.find((x) => x.key === key)
  if (!f) throw new Error(`no field ${key}`)
  return f
}

describe('inspector fields from zod schemas', () => {
  const txt = fieldsForKind(kind('txt2img'))

  it('numbers carry min, max and step from the schema', () => {
    expect(field(txt, 'steps')).toMatchObject({ type: 'number', min: 1, max: 150, step: 1, integer: true })
    expect(field(txt, 'width')).toMatchObject({ type: 'number', min: 64, max: 4096, step: 8 })
    expect(field(txt, 'cfg_scale')).toMatchObject({ type: 'number', min: 1, max: 30, integer: false })
    expect(field(txt, 'seed')).toMatchObject({ min: -1 })
  })

  it('puts the prompt first as a text area and long strings as text areas', () => {
    expect(txt[0]).toMatchObject({ key: 'prompt', type: 'text', multiline: true })
    expect(field(txt, 'negative_prompt')).toMatchObject({ type: 'text', multiline: true })
  })

  it('marks WebUI-name fields with the resource list that fills them', () => {
    expect(field(txt, 'model')).toMatchObject({ type: 'text', resource: 'models', allowEmpty: true })
    expect(field(txt, 'sampler_name')).toMatchObject({ resource: 'samplers', allowEmpty: false })
    expect(field(txt, 'scheduler')).toMatchObject({ resource: 'schedulers' })
    const hires = field(txt, 'hires')
    expect(hires.type).toBe('group')
    if (hires.type === 'group') expect(field(hires.fields, 'upscaler')).toMatchObject({ resource: 'upscalers' })
  })

  it('nested blocks become groups, after the plain fields (then the advanced section)', () => {
    expect(txt.slice(-4).map((f) => [f.key, f.type])).toEqual([['hires', 'group'], ['refiner', 'group'], ['controlnet', 'passes'], ['advanced', 'section']])
    const refiner = field(txt, 'refiner')
    if (refiner.type === 'group') expect(field(refiner.fields, 'enabled').type).toBe('boolean')
  })

  it('issue 11 settings: styles pick from the WebUI list, hires has its checkpoint and prompts, the optional ones sit in Advanced', () => {
    expect(field(txt, 'styles')).toMatchObject({ type: 'multi', resource: 'styles', max: 16 })
    const hires = field(txt, 'hires')
    if (hires.type !== 'group') throw new Error('hires is a group')
    expect(field(hires.fields, 'checkpoint')).toMatchObject({ type: 'text', resource: 'models', allowEmpty: true })
    expect(field(hires.fields, 'prompt')).toMatchObject({ type: 'text', multiline: true, label: 'Hires prompt', hint: 'empty = the first pass’s prompt' })
    expect(field(hires.fields, 'negative_prompt')).toMatchObject({ type: 'text', multiline: true })
    const advanced = field(txt, 'advanced')
    if (advanced.type !== 'section') throw new Error('advanced is a section')
    const keys = advanced.fields.map((f) => f.key)
    for (const k of ['subseed', 'subseed_strength', 'seed_resize_from_w', 'eta', 's_churn', 's_tmin', 's_tmax', 's_noise', 'eta_noise_seed_delta', 'restore_faces', 'face_restoration_model', 'tiling', 'distilled_cfg_scale']) expect(keys).toContain(k)
    expect(field(advanced.fields, 'subseed_strength')).toMatchObject({ type: 'number', min: 0, max: 1, step: 0.01 })
    expect(field(advanced.fields, 'randn_source')).toMatchObject({ type: 'enum', options: ['GPU', 'CPU', 'NV'] })
    // Nothing advanced leaks into the main list.
    expect(txt.map((f) => f.key)).not.toContain('eta')
    const i2i = fieldsForKind(kind('img2img'))
    expect(field(i2i, 'clip_skip')).toMatchObject({ type: 'number', min: 1, max: 12, hint: 'unset = the clip skip of the incoming image' })
    const adv2 = field(i2i, 'advanced')
    if (adv2.type !== 'section') throw new Error('advanced is a section')
    expect(adv2.fields.map((f) => f.key)).toEqual(expect.arrayContaining(['image_cfg_scale', 'initial_noise_multiplier']))
    // A randomizer can sweep the variation strength (a classic way to explore near one image).
    expect(sweepablePaths()).toEqual(expect.arrayContaining(['txt2img.subseed_strength', 'img2img.subseed_strength', 'txt2img.hires.prompt']))
    expect(resourceOptions('styles', { styles: ['Cinematic', 'Watercolor'] } as never, null)).toEqual([{ value: 'Cinematic', label: 'Cinematic' }, { value: 'Watercolor', label: 'Watercolor' }])
  })

  it('img2img size allows 0 (= the input size); resize mode is a labelled select', () => {
    const i2i = fieldsForKind(kind('img2img'))
    expect(field(i2i, 'width')).toMatchObject({ type: 'number', min: 0, max: 4096, step: 8 })
    expect(field(i2i, 'resize_mode')).toMatchObject({ choices: expect.arrayContaining([{ value: 1, label: 'Crop and resize' }]) })
  })

  it('ADetailer passes are up to four tabs of pass fields', () => {
    const passes = field(fieldsForKind(kind('adetailer')), 'passes')
    expect(passes).toMatchObject({ type: 'passes', max: 4 })
    if (passes.type !== 'passes') return
    expect(field(passes.fields, 'ad_model')).toMatchObject({ resource: 'adetailerModels', label: 'Detector model' })
    expect(field(passes.fields, 'ad_mask_filter_method')).toMatchObject({ type: 'enum', options: ['Area', 'Confidence'] })
    expect(field(passes.fields, 'ad_tab_enable').type).toBe('boolean')
  })

  it('ControlNet units are up to three tabs with their own module/model lists and a control image picker', () => {
    for (const k of ['txt2img', 'img2img'] as const) {
      const units = field(fieldsForKind(kind(k)), 'controlnet')
      expect(units).toMatchObject({ type: 'passes', max: 3, label: 'ControlNet units' })
      if (units.type !== 'passes') return
      expect(field(units.fields, 'module')).toMatchObject({ type: 'text', resource: 'controlnetModules', label: 'Preprocessor' })
      expect(field(units.fields, 'model')).toMatchObject({ type: 'text', resource: 'controlnetModels', label: 'ControlNet model' })
      expect(field(units.fields, 'image')).toMatchObject({ type: 'control-image', label: 'Control image' })
      expect(field(units.fields, 'control_mode')).toMatchObject({ type: 'enum', options: ['Balanced', 'My prompt is more important', 'ControlNet is more important'] })
      expect(field(units.fields, 'resize_mode')).toMatchObject({ type: 'enum', options: ['Just Resize', 'Crop and Resize', 'Resize and Fill'] })
      expect(field(units.fields, 'weight')).toMatchObject({ type: 'number', min: 0, max: 2 })
    }
  })

  it('randomizer: enums, sweeps list; pack and preset: library pickers', () => {
    const r = fieldsForKind(kind('randomizer'))
    expect(field(r, 'mode')).toMatchObject({ type: 'enum', options: ['combinatorial', 'random', 'rotate'] })
    expect(field(r, 'sweeps')).toMatchObject({ type: 'sweeps', max: 8 })
    expect(field(r, 'useMatrix').type).toBe('boolean')
    const p = fieldsForKind(kind('pack'))
    expect(p.map((f) => f.type)).toEqual(['packs'])
    expect(fieldsForKind(kind('preset'))).toEqual([expect.objectContaining({ type: 'library-ref', ref: 'preset' })])
  })

  it('every kind has a form with no unsupported fields dropped silently for the main ones', () => {
    for (const name of Object.keys(NODE_KINDS) as (keyof typeof NODE_KINDS)[]) expect(fieldsForKind(kind(name)).length).toBeGreaterThan(0)
    expect(fieldsForKind(kind('video')).map((f) => f.key)).toEqual(['fps', 'codec', 'quality', 'mode', 'slide_seconds'])
  })
})

describe('text parsing helpers', () => {
  it('rows are 1-based with ranges', () => {
    expect(parseRows('1, 3-5')).toEqual([0, 2, 3, 4])
    expect(parseRows('')).toEqual([])
    expect(parseRows('0')).toBeNull()
    expect(parseRows('x')).toBeNull()
    expect(formatRows([0, 2])).toBe('1, 3')
  })

  it('sweep values keep numbers as numbers', () => {
    expect(parseSweepValues('5, 7.5, 9')).toEqual([5, 7.5, 9])
    expect(parseSweepValues('Euler a, DPM++ 2M, true')).toEqual(['Euler a', 'DPM++ 2M', true])
  })

  it('sweepable paths cover nested config fields but not pass arrays', () => {
    const paths = sweepablePaths()
    expect(paths).toEqual(expect.arrayContaining(['txt2img.cfg_scale', 'txt2img.hires.scale', 'img2img.denoising_strength', 'upscale.factor']))
    expect(paths.some((p) => p.includes('passes'))).toBe(false)
  })
})

describe('resource dropdowns and provenance labels', () => {
  const resources = { models: ['a.safetensors', 'b.safetensors'], vaes: [], samplers: ['Euler a', 'DPM++ 2M'], schedulers: [], upscalers: ['R-ESRGAN 4x+'], adetailerModels: [], loras: [], embeddings: [], latentUpscaleModes: ['Latent'], checkpoints: [], samplerAliases: {}, schedulerAliases: {}, loadedModel: null, unavailable: [] }
  it('lists favourites first, marked with a star', () => {
    const favs = { models: [{ value: 'b.safetensors', score: 4.5, count: 3 }, { value: 'gone.ckpt', score: 5, count: 1 }], samplers: [], schedulers: [], cfg: [], steps: [] }
    expect(resourceOptions('models', resources, favs)).toEqual([
      { value: 'b.safetensors', label: '★ b.safetensors' },
      { value: 'a.safetensors', label: 'a.safetensors' },
    ])
  })
  it('gives no options (free text) without the server or with an empty list', () => {
    expect(resourceOptions('models', null, null)).toBeUndefined()
    expect(resourceOptions('vaes', resources, null)).toBeUndefined()
    expect(resourceOptions('upscalers', resources, null)!.map((o) => o.value)).toEqual(['Latent', 'R-ESRGAN 4x+'])
  })
  it('names layer sources for people', () => {
    expect(describeSource('default-preset:base')).toBe('default preset “base”')
    expect(describeSource('pack:portraits')).toBe('pack “portraits”')
    expect(sourceTag('sweep:r1')).toBe('sweep')
    expect(sourceTag(undefined)).toBe('default')
  })
})

describe('provenance of inherited fields', () => {
  it('tags a field inherited from the image’s stage as “stage” and names that stage', () => {
    expect(sourceTag('inherited from Generate: v2')).toBe('stage')
    expect(describeSource('inherited from Generate: v2')).toBe('the stage that made the image, “Generate: v2”')
  })
})

describe('upscale fields by mode', () => {
  it('shows only the selected mode’s fields, plus any set on the node (the compiler warns about those)', () => {
    const fields = fieldsForKind(kind('upscale'))
    const keys = (params: Record<string, unknown>) => visibleFields('upscale', fields, params, undefined).map((f) => f.key)
    expect(keys({ mode: 'single' })).toEqual(expect.arrayContaining(['upscaler', 'factor', 'gfpgan_visibility']))
    expect(keys({ mode: 'single' })).not.toContain('steps')
    expect(keys({})).not.toContain('denoising_strength')
    expect(keys({ mode: 'img2img' })).toEqual(expect.arrayContaining(['steps', 'sampler_name', 'denoising_strength']))
    expect(keys({ mode: 'img2img' })).not.toContain('codeformer_weight')
    expect(keys({ mode: 'single', steps: 30 })).toContain('steps')
  })
})

describe('upscale inspector: sd-upscale and the extras fields', () => {
  const fields = fieldsForKind(kind('upscale'))
  const keys = (params: Record<string, unknown>, effective?: Record<string, unknown>) => visibleFields('upscale', fields, params, effective).map((f) => f.key)

  it('offers the three modes and labels the new fields', () => {
    expect(field(fields, 'mode')).toMatchObject({ type: 'enum', options: ['single', 'img2img', 'sd-upscale'] })
    expect(field(fields, 'tile_overlap')).toMatchObject({ type: 'number', label: 'Tile overlap', min: 0, max: 256, integer: true })
    expect(field(fields, 'tile_width')).toMatchObject({ type: 'number', min: 64, max: 4096, step: 8 })
    expect(field(fields, 'upscaler_2')).toMatchObject({ type: 'text', label: 'Upscaler 2', resource: 'extrasUpscalers' })
    expect(field(fields, 'extras_upscaler_2_visibility')).toMatchObject({ type: 'number', min: 0, max: 1 })
    expect(field(fields, 'upscale_first')).toMatchObject({ type: 'boolean' })
    expect(field(fields, 'upscaling_crop')).toMatchObject({ type: 'boolean', label: 'Crop to fit' })
  })

  it('the extras resize mode offers A1111’s two choices, not img2img’s four', () => {
    expect(field(fields, 'resize_mode')).toMatchObject({ type: 'number', choices: [{ value: 0, label: 'Scale by factor' }, { value: 1, label: 'Scale to width × height' }] })
    expect(field(fieldsForKind(kind('img2img')), 'resize_mode')).toMatchObject({ choices: expect.arrayContaining([{ value: 3, label: 'Just resize (latent upscale)' }]) })
  })

  it('sd-upscale shows the tile and sampling fields; single shows the extras fields and one side of its resize choice', () => {
    expect(keys({ mode: 'sd-upscale' })).toEqual(expect.arrayContaining(['upscaler', 'factor', 'tile_overlap', 'tile_width', 'tile_height', 'steps', 'denoising_strength']))
    expect(keys({ mode: 'sd-upscale' })).not.toContain('upscaler_2')
    expect(keys({ mode: 'img2img' })).not.toContain('tile_overlap')
    expect(keys({ mode: 'single' })).toEqual(expect.arrayContaining(['upscaler_2', 'extras_upscaler_2_visibility', 'upscale_first', 'resize_mode', 'factor']))
    expect(keys({ mode: 'single' })).not.toContain('upscaling_resize_w')
    expect(keys({ mode: 'single', resize_mode: 1 })).toEqual(expect.arrayContaining(['upscaling_resize_w', 'upscaling_resize_h', 'upscaling_crop']))
    expect(keys({ mode: 'single', resize_mode: 1 })).not.toContain('factor')
    // The mode can come from a preset (the effective config) rather than the node.
    expect(keys({}, { mode: 'sd-upscale' })).toContain('tile_overlap')
  })
})

describe('upscaler dropdowns', () => {
  it('the upscale node offers only the WebUI’s upscalers; hires also offers the latent modes', () => {
    const resources = { upscalers: ['None', 'R-ESRGAN 4x+'], latentUpscaleModes: ['Latent'] } as unknown as Parameters<typeof resourceOptions>[1]
    expect(field(fieldsForKind(kind('upscale')), 'upscaler')).toMatchObject({ resource: 'extrasUpscalers' })
    expect(resourceOptions('extrasUpscalers', resources, null)!.map((o) => o.value)).toEqual(['None', 'R-ESRGAN 4x+'])
    expect(resourceOptions('upscalers', resources, null)!.map((o) => o.value)).toEqual(['Latent', 'None', 'R-ESRGAN 4x+'])
  })
})
