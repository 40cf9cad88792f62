import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PackListResponse, PackReadResponse, WildcardListResponse, LibraryContextResponse } from '../../../engine/api/library.ts'
import { makeBed, readJson, snapshot, type Bed } from './helpers.ts'

let bed: Bed
beforeEach(async () => { bed = await makeBed() })
afterEach(async () => { await bed.cleanup() })

describe('packs', () => {
  it('lists packs with rows, matrix slots and problems', async () => {
    await writeFile(join(bed.paths.packs, 'broken.txt'), 'a row with [[nowhere]]\n')
    const { status, json } = await bed.call('GET', '/api/packs')
    expect(status).toBe(200)
    const { packs } = PackListResponse.parse(json)
    expect(packs.map((p) => p.id)).toEqual(['broken', 'landscapes', 'portraits', 'studio'])
    expect(packs.find((p) => p.id === 'landscapes')).toEqual({ id: 'landscapes', name: 'Landscapes', rows: 2, matrixSlots: ['time', 'weather'], problems: [] })
    // A pack without a sidecar is named by its id, not by a server path.
    expect(packs.find((p) => p.id === 'studio')).toMatchObject({ name: 'studio', problems: [] })
    const broken = packs.find((p) => p.id === 'broken')!
    expect(broken.rows).toBe(0)
    expect(broken.problems.length).toBeGreaterThan(0)
    expect(broken.problems[0]!.file).toBe('packs/broken.txt')
  })

  it('reads one pack with its rows and warnings', async () => {
    const sidecar = join(bed.paths.packs, 'portraits.json')
    await writeFile(sidecar, JSON.stringify({ ...(await readJson(sidecar)), mystery: 1 }))
    const { status, json } = await bed.call('GET', '/api/packs/portraits')
    expect(status).toBe(200)
    const read = PackReadResponse.parse(json)
    expect(read.pack.rows.length).toBe(3)
    expect(read.pack.config.txt2img?.width).toBe(512)
    expect(read.warnings).toEqual([{ file: 'packs/portraits.json', path: 'mystery', message: 'mystery: unknown key, ignored' }])
  })

  it('answers 409 with the problems of a pack that does not parse', async () => {
    await writeFile(join(bed.paths.packs, 'broken.txt'), 'a row with [[nowhere]]\n')
    const res = await bed.call('GET', '/api/packs/broken')
    expect(res.status).toBe(409)
    expect(res.json.problems[0].path).toMatch(/^packs\/broken\.txt/)
  })

  it('reads the bound config ({} without a sidecar)', async () => {
    expect(await bed.call('GET', '/api/packs/portraits/config')).toEqual({ status: 200, json: { config: { txt2img: { width: 512, height: 768, negative_prompt: 'lowres' } } } })
    expect(await bed.call('GET', '/api/packs/studio/config')).toEqual({ status: 200, json: { config: {} } })
  })

  it('writes the bound config in our shape, keeping every other key, and the pack sees it', async () => {
    const sidecar = join(bed.paths.packs, 'landscapes.json')
    const original = await readJson(sidecar)
    await bed.call('GET', '/api/packs/landscapes') // fill the cache: the write must drop it
    const config = { txt2img: { steps: 40, hires: { enabled: true, scale: 1.5 } }, upscale: { factor: 2 } }
    expect(await bed.call('PUT', '/api/packs/landscapes/config', { config })).toEqual({ status: 200, json: { config } })
    const written = await readJson(sidecar)
    expect(written).toEqual({ pack_data: original.pack_data, preset_data: config })
    expect((await bed.call('GET', '/api/packs/landscapes')).json.pack.config).toEqual(config)
    expect((await bed.call('GET', '/api/packs/landscapes/config')).json.config).toEqual(config)
  })

  it('creates the sidecar when the pack has none', async () => {
    await bed.call('PUT', '/api/packs/studio/config', { config: { video: { fps: 12 } } })
    expect(await readJson(join(bed.paths.packs, 'studio.json'))).toEqual({ pack_data: { name: 'studio' }, preset_data: { video: { fps: 12 } } })
    expect((await bed.call('GET', '/api/packs/studio')).json.pack).toMatchObject({ name: 'studio', config: { video: { fps: 12 } } })
  })

  it('refuses to rewrite a sidecar that is not valid JSON (409) and leaves it as it is', async () => {
    const sidecar = join(bed.paths.packs, 'portraits.json')
    await writeFile(sidecar, '{ "pack_data": { "name": "P" }, ')
    const before = await snapshot(bed.root)
    const res = await bed.call('PUT', '/api/packs/portraits/config', { config: {} })
    expect(res.status).toBe(409)
    expect(res.json.problems[0].path).toBe('packs/portraits.json')
    expect(await snapshot(bed.root)).toEqual(before)
    expect((await bed.call('GET', '/api/packs/portraits/config')).status).toBe(409)
  })

  it('answers 409 naming the key when the stored preset_data is out of range', async () => {
    await writeFile(join(bed.paths.packs, 'portraits.json'), JSON.stringify({ pack_data: { name: 'P' }, preset_data: { txt2img: { steps: 0 } } }))
    const res = await bed.call('GET', '/api/packs/portraits/config')
    expect(res.status).toBe(409)
    expect(res.json.problems).toEqual([{ path: 'packs/portraits.json:preset_data.txt2img.steps', message: 'preset_data.txt2img.steps: must be between 1 and 150' }])
  })
})

describe('wildcards and the compile context', () => {
  it('lists every wildcard file with its values sorted, as the randomizer sees them', async () => {
    const { status, json } = await bed.call('GET', '/api/wildcards')
    expect(status).toBe(200)
    expect(WildcardListResponse.parse(json).wildcards).toEqual([
      { name: 'colours', values: ['amber', 'crimson', 'teal'] },
      { name: 'styles/painting', values: ['gouache', 'oil painting', 'watercolor'] },
      { name: 'styles/photo', values: ['35mm film photo', 'medium format photo'] },
    ])
  })

  it('answers everything the editor needs to compile', async () => {
    const { status, json } = await bed.call('GET', '/api/library/context')
    expect(status).toBe(200)
    const ctx = LibraryContextResponse.parse(json)
    expect(Object.keys(ctx.packs).sort()).toEqual(['landscapes', 'portraits', 'studio'])
    expect(Object.keys(ctx.presets).sort()).toEqual(['base', 'landscapes', 'people'])
    expect(ctx.defaultPresetId).toBe('base')
    expect(Object.keys(ctx.wildcardFiles)).toEqual(['colours', 'styles/painting', 'styles/photo'])
    expect(ctx.globalNegative).toBe((await readFile(bed.paths.globalNegative, 'utf8')).trim())
  })

  it('caches the context and notices a file edited by hand', async () => {
    const first = await bed.library.compileContext()
    expect(await bed.library.compileContext()).toBe(first)
    await writeFile(join(bed.paths.wildcards, 'colours.txt'), 'violet\n')
    const second = await bed.library.compileContext()
    expect(second).not.toBe(first)
    expect(second.wildcards.values('colours')).toEqual(['violet'])
    expect((await bed.call('GET', '/api/wildcards')).json.wildcards[0]).toEqual({ name: 'colours', values: ['violet'] })
  })

  it('drops the cache on a write through the store', async () => {
    const first = await bed.library.compileContext()
    await bed.call('PUT', '/api/presets/default', { presetId: 'people' })
    const second = await bed.library.compileContext()
    expect(second).not.toBe(first)
    expect(second.defaultPresetId).toBe('people')
  })
})
