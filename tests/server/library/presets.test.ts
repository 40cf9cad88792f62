import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PresetListResponse } from '../../../engine/api/library.ts'
import { Preset } from '../../../engine/library/preset.ts'
import { makeBed, readJson, snapshot, type Bed } from './helpers.ts'

let bed: Bed
beforeEach(async () => { bed = await makeBed() })
afterEach(async () => { await bed.cleanup() })

describe('presets', () => {
  it('lists presets sorted by id with the default', async () => {
    const { status, json } = await bed.call('GET', '/api/presets')
    expect(status).toBe(200)
    const list = PresetListResponse.parse(json)
    expect(list.presets.map((p) => p.id)).toEqual(['base', 'landscapes', 'people'])
    expect(list.defaultPresetId).toBe('base')
    expect(list.problems).toEqual([])
  })

  it('reads one preset', async () => {
    const { status, json } = await bed.call('GET', '/api/presets/people')
    expect(status).toBe(200)
    expect(Preset.parse(json)).toMatchObject({ id: 'people', name: 'People', config: { txt2img: { steps: 28 } } })
  })

  it('saves a new preset (without its id in the file) and reads it back through the cache', async () => {
    await bed.call('GET', '/api/presets') // fill the cache first: the write must drop it
    const body = { name: 'Night', config: { txt2img: { steps: 30, hires: { enabled: true } } } }
    const res = await bed.call('PUT', '/api/presets/night', body)
    expect(res).toEqual({ status: 200, json: { id: 'night', name: 'Night', description: '', config: body.config } })
    expect(await readJson(join(bed.paths.presets, 'night.json'))).toEqual({ name: 'Night', description: '', config: body.config })
    expect((await bed.call('GET', '/api/presets')).json.presets.map((p: Preset) => p.id)).toContain('night')
    expect((await bed.call('GET', '/api/presets/night')).json.config.txt2img.steps).toBe(30)
  })

  it('refuses a preset with an out-of-range field, naming it, and writes nothing', async () => {
    const before = await snapshot(bed.root)
    const res = await bed.call('PUT', '/api/presets/people', { name: 'People', config: { txt2img: { steps: 500 } } })
    expect(res.status).toBe(400)
    expect(res.json.problems).toEqual([{ path: 'body.config.txt2img.steps', message: 'must be at most 150' }])
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('deletes a preset that is not the default; refuses the default with 409', async () => {
    expect(await bed.call('DELETE', '/api/presets/people')).toEqual({ status: 200, json: { deleted: 'people' } })
    expect((await bed.call('GET', '/api/presets/people')).status).toBe(404)
    const before = await snapshot(bed.root)
    const res = await bed.call('DELETE', '/api/presets/base')
    expect(res.status).toBe(409)
    expect(res.json.problems).toEqual([{ path: 'params.id', message: 'is the default preset' }])
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('sets and clears the default, keeping other keys of settings.json', async () => {
    await writeFile(bed.paths.settings, JSON.stringify({ defaultPresetId: 'base', theme: 'dark' }))
    expect(await bed.call('PUT', '/api/presets/default', { presetId: 'people' })).toEqual({ status: 200, json: { defaultPresetId: 'people' } })
    expect(await readJson(bed.paths.settings)).toEqual({ defaultPresetId: 'people', theme: 'dark' })
    expect(await bed.call('PUT', '/api/presets/default', { presetId: null })).toEqual({ status: 200, json: { defaultPresetId: null } })
    expect(await readJson(bed.paths.settings)).toEqual({ theme: 'dark' })
    // No default any more: base can now be deleted.
    expect((await bed.call('DELETE', '/api/presets/base')).status).toBe(200)
  })

  it('refuses an unknown default preset with 404 naming body.presetId', async () => {
    const before = await snapshot(bed.root)
    const res = await bed.call('PUT', '/api/presets/default', { presetId: 'nope' })
    expect(res.status).toBe(404)
    expect(res.json.problems).toEqual([{ path: 'body.presetId', message: 'no preset "nope"' }])
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('reports a broken preset file in the list and answers 409 for it', async () => {
    await writeFile(join(bed.paths.presets, 'bad.json'), JSON.stringify({ name: 'Bad', config: { txt2img: { cfg_scale: 99 } } }))
    const list = PresetListResponse.parse((await bed.call('GET', '/api/presets')).json)
    expect(list.presets.map((p) => p.id)).not.toContain('bad')
    expect(list.problems).toEqual([{ file: 'presets/bad.json', message: 'config.txt2img.cfg_scale: must be at most 30' }])
    const res = await bed.call('GET', '/api/presets/bad')
    expect(res.status).toBe(409)
    expect(res.json.problems[0].path).toBe('presets/bad.json')
  })
})

describe('POST /api/presets/:id/apply-to-packs', () => {
  it('merges the preset into each pack field by field and keeps every other key of the sidecar', async () => {
    const sidecar = join(bed.paths.packs, 'landscapes.json')
    const original = await readJson(sidecar)
    await writeFile(sidecar, JSON.stringify({ ...original, extra: { keep: [1, 2] } }, null, 2))
    const res = await bed.call('POST', '/api/presets/people/apply-to-packs', { packIds: ['landscapes', 'studio'] })
    expect(res).toEqual({ status: 200, json: { updated: ['landscapes', 'studio'] } })

    const written = await readJson(sidecar)
    expect(Object.keys(written)).toEqual(['pack_data', 'preset_data', 'extra'])
    expect(written.pack_data).toEqual(original.pack_data)
    expect(written.extra).toEqual({ keep: [1, 2] })
    // The pack's own width/height stay; the preset adds its fields (and wins where both set one).
    expect(written.preset_data).toEqual({
      txt2img: { width: 768, height: 512, model: 'realisticVisionV60B1_v51HyperVAE.safetensors', cfg_scale: 6.5, steps: 28 },
      adetailer: { passes: [{ ad_model: 'face_yolov8n.pt', ad_denoising_strength: 0.35 }] },
    })
    // studio had no sidecar: one is created with the minimum the format needs.
    const people = (await bed.call('GET', '/api/presets/people')).json
    expect(await readJson(join(bed.paths.packs, 'studio.json'))).toEqual({ pack_data: { name: 'studio' }, preset_data: people.config })
    expect((await bed.call('GET', '/api/packs/landscapes/config')).json.config.txt2img.steps).toBe(28)
    const context = (await bed.call('GET', '/api/library/context')).json
    expect(context.packs.studio.config.txt2img.cfg_scale).toBe(6.5)
  })

  it('merges ADetailer passes by index', async () => {
    await bed.call('PUT', '/api/packs/portraits/config', { config: { adetailer: { passes: [{ ad_confidence: 0.5 }, { ad_model: 'hand_yolov8n.pt' }] } } })
    await bed.call('POST', '/api/presets/people/apply-to-packs', { packIds: ['portraits'] })
    const config = (await bed.call('GET', '/api/packs/portraits/config')).json.config
    expect(config.adetailer.passes).toEqual([
      { ad_confidence: 0.5, ad_model: 'face_yolov8n.pt', ad_denoising_strength: 0.35 },
      { ad_model: 'hand_yolov8n.pt' },
    ])
  })

  it('refuses the whole request when one pack is unknown, writing nothing', async () => {
    const before = await snapshot(bed.root)
    const res = await bed.call('POST', '/api/presets/people/apply-to-packs', { packIds: ['landscapes', 'nope'] })
    expect(res.status).toBe(404)
    expect(res.json.problems).toEqual([{ path: 'body.packIds.1', message: 'no pack "nope"' }])
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('refuses when a pack sidecar is broken (409), writing nothing', async () => {
    await writeFile(join(bed.paths.packs, 'portraits.json'), '{ "pack_data": ')
    const before = await snapshot(bed.root)
    const res = await bed.call('POST', '/api/presets/people/apply-to-packs', { packIds: ['landscapes', 'portraits'] })
    expect(res.status).toBe(409)
    expect(res.json.problems[0].path).toBe('packs/portraits.json')
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('keeps a sidecar written in the original flat vocabulary readable after a rewrite', async () => {
    const sidecar = join(bed.paths.packs, 'portraits.json')
    await writeFile(sidecar, JSON.stringify({ pack_data: { name: 'Portraits' }, preset_data: { txt2img: { sampler_index: 'Euler a' } } }))
    const before = (await bed.call('GET', '/api/packs/portraits/config')).json.config
    expect(before).toEqual({ txt2img: { sampler_name: 'Euler a' } })
    await bed.call('POST', '/api/presets/people/apply-to-packs', { packIds: ['portraits'] })
    const after = (await bed.call('GET', '/api/packs/portraits/config')).json.config
    expect(after.txt2img).toMatchObject({ ...before.txt2img, steps: 28 })
    expect(await readFile(sidecar, 'utf8')).toMatch(/"sampler_name"/)
  })
})
