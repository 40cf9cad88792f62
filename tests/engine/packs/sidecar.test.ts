import { describe, expect, it } from 'vitest'
import { parsePack, translatePreset } from '../../../engine/packs/index.ts'
import { fixture, parseErrors, parseOk } from './helpers.ts'

const json = (presetData: unknown, packData: Record<string, unknown> = {}) =>
  JSON.stringify({ pack_data: { name: 'P', ...packData }, preset_data: presetData })

describe('the JSON sidecar: our ConfigLayer shape', () => {
  it('is taken as is', () => {
    const layer = {
      txt2img: { steps: 25, hires: { enabled: true, scale: 1.5 }, refiner: { enabled: false } },
      adetailer: { steps: 20, passes: [{ ad_model: 'face_yolov8n.pt' }, { ad_model: 'hand_yolov8n.pt', ad_confidence: 0.25 }] },
      upscale: { mode: 'img2img', factor: 2, denoising_strength: 0.2 },
      video: { fps: 12, codec: 'vp9' },
    }
    const { pack, warnings } = parseOk({ id: 'p', txt: 'a', json: json(layer) })
    expect(pack.config).toEqual(layer)
    expect(warnings).toEqual([])
  })

  it('warns about unknown keys inside nested blocks, by full path', () => {
    const { pack, warnings } = parseOk({ id: 'p', txt: 'a', json: json({ txt2img: { hires: { enabled: true, bogus: 1 } }, adetailer: { passes: [{ ad_model: 'm', ad_what: 2 }] } }) })
    expect(pack.config).toEqual({ txt2img: { hires: { enabled: true } }, adetailer: { passes: [{ ad_model: 'm' }] } })
    expect(warnings.map((w) => w.message)).toEqual([
      'preset_data.txt2img.hires.bogus: unknown key, ignored',
      'preset_data.adetailer.passes[0].ad_what: unknown key, ignored',
    ])
  })
})

describe("the JSON sidecar: the original's flat keys", () => {
  it('translates txt2img, ADetailer (face + hands passes) and upscale keys', () => {
    const { pack, warnings } = parseOk({ id: 'lh', txt: fixture('lighthouses.txt'), json: fixture('lighthouses.json') })
    expect(pack.config).toEqual({
      txt2img: {
        model: 'seascapeXL.safetensors', sampler_name: 'Euler a', steps: 30,
        hires: { enabled: true, scale: 1.5, upscaler: '4x-UltraSharp', second_pass_steps: 12, denoising_strength: 0.35 },
        refiner: { enabled: false },
        // The original's variation seed is a real field now (issue 11); -1 with no strength sends nothing.
        subseed: -1,
      },
      adetailer: {
        passes: [
          { ad_model: 'face_yolov8n.pt', ad_confidence: 0.4, ad_denoising_strength: 0.3 },
          { ad_tab_enable: true, ad_steps: 12, ad_use_steps: true, ad_model: 'hand_yolov8n.pt' },
        ],
      },
      upscale: { upscaler: 'R-ESRGAN 4x+', factor: 1.5, mode: 'single' },
    })
    expect(warnings).toEqual([
      {
        file: 'lh.json', path: 'preset_data.adetailer.adetailer_enabled',
        message: 'preset_data.adetailer.adetailer_enabled: not used: whether ADetailer runs is decided by wiring an ADetailer node in the graph',
      },
      {
        file: 'lh.json', path: 'preset_data.pipeline',
        message: 'preset_data.pipeline: not used: the graph decides which stages run and how many images each makes',
      },
    ])
  })

  it('maps the rest of the vocabulary: refiner, aliases, mask keys, hands keys, codecs, scheduler "inherit"', () => {
    const r = translatePreset({
      txt2img: { use_refiner: true, refiner_checkpoint: 'ref.safetensors', refiner_switch_at: 0.7, model_name: 'm', vae_name: 'v', hr_sampler_name: 'DPM++ 2M', hr_resize_x: 1024 },
      img2img: { denoise: 0.45, model_name: '' },
      adetailer: {
        adetailer_scheduler: 'inherit', adetailer_sampler: 'Euler', adetailer_cfg: 5, ad_mask_k_largest: 2, mask_blur: 6,
        adetailer_padding: 48, enable_face_pass: false, ad_hands_mask_blur: 3, hands_model: 'hand_yolov9c.pt', enable_hands_pass: true,
        adetailer_checkpoint_model: 'detail.safetensors',
      },
      video: { codec: 'libx264', fps: 8 },
    }, 'x.json')
    expect(r.errors).toEqual([])
    expect(r.warnings).toEqual([])
    expect(r.config).toEqual({
      txt2img: { refiner: { enabled: true, checkpoint: 'ref.safetensors', switch_at: 0.7 }, model: 'm', vae: 'v', hires: { sampler_name: 'DPM++ 2M', resize_x: 1024 } },
      img2img: { denoising_strength: 0.45, model: '' },
      adetailer: {
        passes: [
          {
            ad_scheduler: 'Use same scheduler', ad_sampler: 'Euler', ad_use_sampler: true, ad_cfg_scale: 5, ad_use_cfg_scale: true,
            ad_mask_k: 2, ad_mask_blur: 6, ad_inpaint_only_masked_padding: 48, ad_tab_enable: false,
            ad_checkpoint: 'detail.safetensors', ad_use_checkpoint: true,
          },
          { ad_mask_blur: 3, ad_model: 'hand_yolov9c.pt', ad_tab_enable: true },
        ],
      },
      video: { codec: 'h264', fps: 8 },
    })
  })

  it('lets our own key win over an alias for the same field, with a warning only when they differ', () => {
    const r = translatePreset({ adetailer: { adetailer_model: 'a.pt', ad_model: 'b.pt', ad_confidence: 0.3, adetailer_confidence: 0.3 } }, 'x.json')
    expect(r.config).toEqual({ adetailer: { passes: [{ ad_model: 'b.pt', ad_confidence: 0.3 }] } })
    expect(r.warnings.map((w) => w.message)).toEqual(['preset_data.adetailer.adetailer_model: ignored: preset_data.adetailer.ad_model is also set and is used'])
  })

  it('treats null as "not set" (the original wrote None)', () => {
    const r = translatePreset({ txt2img: { vae: null, steps: 10 }, adetailer: { passes: [{ ad_checkpoint: null }] } }, 'x.json')
    expect(r).toEqual({ config: { txt2img: { steps: 10 }, adetailer: { passes: [{}] } }, errors: [], warnings: [] })
  })

  it('warns about unknown sections', () => {
    const r = translatePreset({ aesthetic: {}, randomization: {} }, 'x.json')
    expect(r.warnings.map((w) => w.message)).toEqual([
      'preset_data.aesthetic: unknown section, ignored',
      'preset_data.randomization: not used: use a randomizer node (the pack matrix lives in pack_data.matrix)',
    ])
  })
})

describe('sidecar errors name the exact key as written', () => {
  it('reports every out-of-range or mistyped value with its path, ranges read from ConfigLayer', () => {
    const errors = parseErrors({
      id: 'p', txt: 'a',
      json: json({
        txt2img: { steps: 500, hr_scale: 9, width: 1001, seed: 1.5, sampler_name: '', enable_hr: 'yes' },
        adetailer: { adetailer_confidence: 2, ad_hands_mask_blur: -1, ad_mask_filter_method: 'all' },
        upscale: { upscaling_resize: 0.5, upscale_mode: 'tiles' },
        img2img: 'not an object',
      }),
    })
    expect(errors.map((e) => e.message)).toEqual([
      'preset_data.img2img: must be an object',
      'preset_data.txt2img.sampler_name: must not be empty',
      'preset_data.txt2img.steps: must be between 1 and 150',
      'preset_data.txt2img.width: must be a multiple of 8',
      'preset_data.txt2img.seed: must be a whole number',
      'preset_data.txt2img.enable_hr: must be true or false',
      'preset_data.txt2img.hr_scale: must be between 1 and 4',
      'preset_data.adetailer.adetailer_confidence: must be between 0 and 1',
      'preset_data.adetailer.ad_mask_filter_method: must be one of "Area", "Confidence"',
      'preset_data.adetailer.ad_hands_mask_blur: must be between 0 and 64',
      'preset_data.upscale.upscale_mode: must be one of "single", "img2img", "sd-upscale"',
      'preset_data.upscale.upscaling_resize: must be between 1 and 8',
    ])
    expect(errors[2]).toEqual({ file: 'p.json', path: 'preset_data.txt2img.steps', message: 'preset_data.txt2img.steps: must be between 1 and 150' })
  })

  it('names the file, line and column of invalid JSON', () => {
    const cases: [string, string][] = [
      ['{\n  "pack_data": {\n    "name": "a",\n  }\n}', 'invalid JSON at line 4, column 3: expected a property name in double quotes but found "}"'],
      ['{"pack_data": ', 'invalid JSON at line 1, column 15: unexpected end of the file'],
      ['{"a": 1} x', 'invalid JSON at line 1, column 10: unexpected "x" after the end of the JSON value'],
      ['{"a": "b\nc"}', 'invalid JSON at line 1, column 7: unterminated string or bad escape'],
      ['[1, 2', 'invalid JSON at line 1, column 6: unexpected end of the file'],
      ['', 'invalid JSON at line 1, column 1: unexpected end of the file'],
    ]
    for (const [text, message] of cases) {
      expect(parseErrors({ id: 'p', txt: 'a', json: text, jsonName: 'packs/p.json' })).toEqual([{ file: 'packs/p.json', line: expect.any(Number), message }])
    }
  })

  it('checks pack_data and the matrix, and warns about unknown keys', () => {
    const r = parsePack({ id: 'p', txt: 'a', json: JSON.stringify({ pack_data: { name: '', matrix: { enabled: 'yes', mode: 'zigzag', limit: 0, slots: [{ name: 'x' }] }, extra: 1 }, other: 2 }) })
    expect(r).toEqual({
      ok: false,
      errors: [
        { file: 'p.json', path: 'pack_data.name', message: 'pack_data.name: must not be empty' },
        { file: 'p.json', path: 'pack_data.matrix.enabled', message: 'pack_data.matrix.enabled: must be true or false' },
        { file: 'p.json', path: 'pack_data.matrix.mode', message: 'pack_data.matrix.mode: must be one of "fanout", "random", "rotate", "sequential"' },
        { file: 'p.json', path: 'pack_data.matrix.limit', message: 'pack_data.matrix.limit: must be at least 1' },
        { file: 'p.json', path: 'pack_data.matrix.slots[0].values', message: 'pack_data.matrix.slots[0].values: must be a list' },
      ],
      warnings: [
        { file: 'p.json', path: 'other', message: 'other: unknown key, ignored' },
        { file: 'p.json', path: 'pack_data.extra', message: 'pack_data.extra: unknown key, ignored' },
      ],
    })
  })

  it('fills matrix defaults and warns when pack_data.slots disagrees with the TXT (the TXT wins)', () => {
    const { pack, warnings } = parseOk({ id: 'p', txt: 'one\n\ntwo', json: JSON.stringify({ pack_data: { name: 'P', slots: [{ text: 'one' }], matrix: {} } }) })
    expect(pack.matrix).toEqual({ enabled: false, mode: 'fanout', limit: 8, slots: [] })
    expect(pack.rows.map((r) => r.text)).toEqual(['one', 'two'])
    expect(warnings).toEqual([{ file: 'p.json', path: 'pack_data.slots', message: 'pack_data.slots holds 1 rows but the TXT has 2; the TXT rows are used' }])
    const other = parseOk({ id: 'p', txt: 'one', json: JSON.stringify({ pack_data: { name: 'P', slots: [{ text: 'uno' }] } }) })
    expect(other.warnings.map((w) => w.message)).toEqual(['pack_data.slots[0].text differs from row 1 of the TXT (line 1); the TXT rows are used'])
  })
})
