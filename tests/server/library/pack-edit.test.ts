/**
 * Editing packs through the API: the files on disk stay in the original's format, an unchanged
 * pack keeps its bytes, an edit made outside the app is never silently overwritten (409), and
 * bad ids/fields are 4xx naming the field with nothing on disk changed.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PackSaveResponse, PackSourceResponse } from '../../../engine/api/library-edit.ts'
import { expectRefused, makeBed, readJson, snapshot, type Bed } from './helpers.ts'

let bed: Bed
beforeEach(async () => { bed = await makeBed() })
afterEach(async () => { await bed.cleanup() })

const file = (name: string) => join(bed.paths.packs, name)
const text = (name: string) => readFile(file(name), 'utf8')

async function source(id: string) {
  const res = await bed.call('GET', `/api/packs/${id}/source`)
  expect(res.status).toBe(200)
  return PackSourceResponse.parse(res.json).source
}

const NEW_TXT = '<lora:add-detail-xl:0.65>\n(masterpiece, best quality)\na [[job]] in a garden\nneg: blurry, text\n'

describe('pack source and save', () => {
  it('reads both files exactly as stored, with a version', async () => {
    const s = await source('landscapes')
    expect(s.txt).toBe(await text('landscapes.txt'))
    expect(s.json).toBe(await text('landscapes.json'))
    expect(s.version).toMatch(/^[0-9a-f]{16}$/)
    expect((await source('studio')).json).toBeNull()
  })

  it('does not rewrite a pack whose content did not change (bytes and mtime kept)', async () => {
    // A hand-formatted sidecar: a re-serialisation would change its bytes.
    const hand = '{"pack_data":{"name":"Landscapes","matrix":{"enabled":true,"mode":"fanout","limit":8,"slots":[{"name":"time","values":["dawn","dusk"]},{"name":"weather","values":["fog"]}]}},\n  "preset_data":{"txt2img":{"width":768}}}'
    await writeFile(file('landscapes.json'), hand)
    const before = await snapshot(bed.root)
    const mtime = (await stat(file('landscapes.json'))).mtimeMs
    const s = await source('landscapes')
    const res = await bed.call('PUT', '/api/packs/landscapes/source', {
      txt: s.txt, sidecar: { name: 'Landscapes', config: { txt2img: { width: 768 } } }, expectedVersion: s.version,
    })
    expect(res.status).toBe(200)
    expect(PackSaveResponse.parse(res.json).written).toEqual([])
    expect(await snapshot(bed.root)).toEqual(before)
    expect((await stat(file('landscapes.json'))).mtimeMs).toBe(mtime)
  })

  it('saves edited rows as the user typed them and refreshes only what changed', async () => {
    const s = await source('portraits')
    const sidecarBefore = await text('portraits.json')
    const txt = `${s.txt}\n# added in the app\na quiet harbour at night\nneg: people\n`
    const res = await bed.call('PUT', '/api/packs/portraits/source', { txt, expectedVersion: s.version })
    expect(res.status).toBe(200)
    expect(res.json.written).toEqual(['txt'])
    expect(await text('portraits.txt')).toBe(txt)
    // The sidecar has no row copy (pack_data.slots), so it is left alone byte for byte.
    expect(await text('portraits.json')).toBe(sidecarBefore)
    const pack = (await bed.call('GET', '/api/packs/portraits')).json.pack
    expect(pack.rows.at(-1).text).toBe('a quiet harbour at night')
    expect(res.json.source.version).not.toBe(s.version)
  })

  it('writes atomically: a new file is renamed over the old one (never truncated in place), no temp file left', async () => {
    const s = await source('portraits')
    const before = (await stat(file('portraits.txt'))).ino
    const res = await bed.call('PUT', '/api/packs/portraits/source', { txt: `${s.txt}\nanother row\n`, expectedVersion: s.version })
    expect(res.status).toBe(200)
    // A different inode: the content went to a temp file first, then replaced the pack in one rename.
    expect((await stat(file('portraits.txt'))).ino).not.toBe(before)
    expect((await readdir(bed.paths.packs)).filter((f) => f.endsWith('.tmp'))).toEqual([])
  })

  it('edits the sidecar in place: name, matrix and bound config, other keys kept', async () => {
    const original = await readJson(file('landscapes.json'))
    await writeFile(file('landscapes.json'), JSON.stringify({ ...original, extra_by_hand: { keep: true } }, null, 2))
    const s = await source('landscapes')
    const matrix = { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'time', values: ['noon'] }, { name: 'weather', values: ['rain', 'snow'] }] }
    const res = await bed.call('PUT', '/api/packs/landscapes/source', { sidecar: { name: 'Lands', matrix, config: { txt2img: { steps: 30 } } }, expectedVersion: s.version })
    expect(res.status).toBe(200)
    expect(res.json.written).toEqual(['json'])
    const raw = await text('landscapes.json')
    expect(raw.endsWith('\n')).toBe(true)
    expect(JSON.parse(raw)).toEqual({ pack_data: { name: 'Lands', matrix }, preset_data: { txt2img: { steps: 30 } }, extra_by_hand: { keep: true } })
    expect(Object.keys(JSON.parse(raw))).toEqual(['pack_data', 'preset_data', 'extra_by_hand'])
    const pack = (await bed.call('GET', '/api/packs/landscapes')).json.pack
    expect(pack).toMatchObject({ name: 'Lands', matrix, config: { txt2img: { steps: 30 } } })
  })

  it('answers 409 when the files were edited outside the app, and overwrite replaces them knowingly', async () => {
    const s = await source('studio')
    await writeFile(file('studio.txt'), 'edited by hand in another editor\n')
    const before = await snapshot(bed.root)
    const res = await bed.call('PUT', '/api/packs/studio/source', { txt: 'mine\n', expectedVersion: s.version })
    expect(res.status).toBe(409)
    expect(res.json.error).toMatch(/changed on disk since you opened it/)
    expect(res.json.problems[0].path).toBe('expectedVersion')
    expect(await snapshot(bed.root)).toEqual(before)
    const forced = await bed.call('PUT', '/api/packs/studio/source', { txt: 'mine\n', overwrite: true })
    expect(forced.status).toBe(200)
    expect(await text('studio.txt')).toBe('mine\n')
  })

  it('refuses a pack that does not parse, naming the field and the line', async () => {
    const s = await source('studio')
    const before = await snapshot(bed.root)
    const res = await bed.call('PUT', '/api/packs/studio/source', { txt: 'ok row\n\nrow with [[broken\n', expectedVersion: s.version })
    expect(res.status).toBe(400)
    expect(res.json.problems[0]).toEqual({ path: 'body.txt', message: expect.stringMatching(/^line 3: unclosed "\[\["/) })
    const slot = await bed.call('PUT', '/api/packs/studio/source', { txt: 'a [[hat]]\n', expectedVersion: s.version })
    expect(slot.status).toBe(400)
    expect(slot.json.problems[0].message).toMatch(/line 1: .*hat/)
    expect(await snapshot(bed.root)).toEqual(before)
  })

  it('replaces only the edited stage block of an original-format preset_data, keeping the rest for the original app', async () => {
    const stored = {
      pack_data: { name: 'Old style' },
      preset_data: {
        txt2img: { steps: 30, enable_hr: true, hr_scale: 1.5, sampler_name: 'Euler a' },
        img2img: { steps: 15, denoising_strength: 0.3 },
        pipeline: { img2img_enabled: true, loop_count: 2 },
      },
    }
    await writeFile(file('old.txt'), 'a row\n')
    await writeFile(file('old.json'), JSON.stringify(stored, null, 2))
    const s = await source('old')
    const config = (await bed.call('GET', '/api/packs/old/config')).json.config
    const res = await bed.call('PUT', '/api/packs/old/source', { sidecar: { config: { ...config, img2img: { ...config.img2img, steps: 20 } } }, expectedVersion: s.version })
    expect(res.status).toBe(200)
    const written = await readJson(file('old.json'))
    // The untouched txt2img block keeps the original's own keys; pipeline stays for the original app.
    expect(written.preset_data.txt2img).toEqual(stored.preset_data.txt2img)
    expect(written.preset_data.pipeline).toEqual(stored.preset_data.pipeline)
    expect(written.preset_data.img2img).toEqual({ ...config.img2img, steps: 20 })
    expect((await bed.call('GET', '/api/packs/old/config')).json.config).toEqual({ ...config, img2img: { ...config.img2img, steps: 20 } })
  })

  it('PUT /config (presets applied to packs) keeps the original keys of untouched blocks too', async () => {
    const stored = { pack_data: { name: 'Old style' }, preset_data: { txt2img: { steps: 30, enable_hr: true }, pipeline: { loop_count: 2 } } }
    await writeFile(file('old.txt'), 'a row\n')
    await writeFile(file('old.json'), JSON.stringify(stored, null, 2))
    const config = (await bed.call('GET', '/api/packs/old/config')).json.config
    expect((await bed.call('PUT', '/api/packs/old/config', { config: { ...config, upscale: { factor: 3 } } })).status).toBe(200)
    const written = await readJson(file('old.json'))
    expect(written.preset_data).toEqual({ ...stored.preset_data, upscale: { factor: 3 } })
  })

  it('keeps the row copy (pack_data.slots) of an original sidecar in step with the TXT', async () => {
    await writeFile(file('old.txt'), 'first row\n')
    await writeFile(file('old.json'), JSON.stringify({ pack_data: { name: 'Old', slots: [{ index: 0, text: 'first row', template_id: 't1' }] } }, null, 2))
    const s = await source('old')
    const res = await bed.call('PUT', '/api/packs/old/source', { txt: 'first row, edited\n<lora:detail:0.5>\nneg: <embedding:bad_hands>, blurry\n', expectedVersion: s.version })
    expect(res.status).toBe(200)
    expect(res.json.written).toEqual(['txt', 'json'])
    expect((await readJson(file('old.json'))).pack_data.slots).toEqual([
      { index: 0, text: 'first row, edited', template_id: 't1', negative: 'blurry', positive_embeddings: [], negative_embeddings: ['bad_hands'], loras: [['detail', 0.5]] },
    ])
    expect((await bed.call('GET', '/api/packs/old')).json.warnings).toEqual([])
  })
})

describe('create, duplicate, rename, delete', () => {
  it('creates a pack as .txt rows + .json sidecar in the original format', async () => {
    const matrix = { enabled: true, mode: 'fanout', limit: 8, slots: [{ name: 'job', values: ['baker', 'smith'] }] }
    const res = await bed.call('POST', '/api/packs', { id: 'garden', name: 'Garden', txt: NEW_TXT, matrix, config: { txt2img: { steps: 12 } } })
    expect(res.status).toBe(201)
    expect(await text('garden.txt')).toBe(NEW_TXT)
    expect(await readJson(file('garden.json'))).toEqual({
      pack_data: {
        name: 'Garden',
        slots: [{ index: 0, text: '(masterpiece, best quality), a [[job]] in a garden', negative: 'blurry, text', positive_embeddings: [], negative_embeddings: [], loras: [['add-detail-xl', 0.65]] }],
        matrix,
      },
      preset_data: { txt2img: { steps: 12 } },
    })
    const { pack, warnings } = (await bed.call('GET', '/api/packs/garden')).json
    expect(warnings).toEqual([])
    expect(pack.rows[0].loras).toEqual([{ name: 'add-detail-xl', weight: 0.65 }])
    // Taken ids are refused, naming the field; nothing is overwritten.
    const again = await bed.call('POST', '/api/packs', { id: 'garden', name: 'Other', txt: 'x\n' })
    expect(again.status).toBe(409)
    expect(again.json.problems[0].path).toBe('body.id')
    expect(await text('garden.txt')).toBe(NEW_TXT)
  })

  it('duplicates both files under a new id with a new name', async () => {
    const res = await bed.call('POST', '/api/packs/landscapes/duplicate', { newId: 'landscapes-2' })
    expect(res.status).toBe(201)
    expect(await text('landscapes-2.txt')).toBe(await text('landscapes.txt'))
    const copy = await readJson(file('landscapes-2.json'))
    expect(copy.pack_data.name).toBe('Landscapes (copy)')
    expect(copy.preset_data).toEqual((await readJson(file('landscapes.json'))).preset_data)
    expect((await bed.call('POST', '/api/packs/studio/duplicate', { newId: 'studio-b' })).status).toBe(201)
    expect(await readdir(bed.paths.packs)).toContain('studio-b.txt')
    expect(await readdir(bed.paths.packs)).not.toContain('studio-b.json')
  })

  it('renames both files, names the graphs still using the old id, and checks the version', async () => {
    const s = await source('landscapes')
    const stale = await bed.call('POST', '/api/packs/landscapes/rename', { newId: 'vistas', expectedVersion: '0000000000000000' })
    expect(stale.status).toBe(409)
    const res = await bed.call('POST', '/api/packs/landscapes/rename', { newId: 'vistas', expectedVersion: s.version })
    expect(res.status).toBe(200)
    expect(res.json.graphsUsingOldId).toEqual(['landscape'])
    expect((await bed.call('GET', '/api/packs/portraits/usage')).json).toEqual({ graphs: ['controlnet-inpaint', 'portrait'] })
    expect((await bed.call('GET', '/api/packs/nowhere/usage')).status).toBe(404)
    // A graph saved as version 3 names its packs in a list: the second pack counts too.
    const graph = (await bed.call('GET', '/api/graphs/portrait')).json
    const node = graph.nodes.find((n: { kind: string }) => n.kind === 'pack')
    node.params = { packs: [{ packId: 'studio', rows: [] }, { packId: 'portraits', rows: [0] }] }
    expect((await bed.call('PUT', '/api/graphs/two-packs', { ...graph, id: 'two-packs' })).status).toBeLessThan(300)
    expect((await bed.call('GET', '/api/packs/portraits/usage')).json).toEqual({ graphs: ['controlnet-inpaint', 'portrait', 'two-packs'] })
    const files = await readdir(bed.paths.packs)
    expect(files).toEqual(expect.arrayContaining(['vistas.txt', 'vistas.json']))
    expect(files).not.toContain('landscapes.txt')
    expect(files).not.toContain('landscapes.json')
    expect(res.json.source.version).toBe(s.version)
    const taken = await bed.call('POST', '/api/packs/vistas/rename', { newId: 'portraits', expectedVersion: s.version })
    expect(taken.status).toBe(409)
    expect(taken.json.problems[0].path).toBe('body.newId')
  })

  it('deletes both files only with the current version', async () => {
    const s = await source('landscapes')
    expect((await bed.call('DELETE', '/api/packs/landscapes')).status).toBe(400)
    expect((await bed.call('DELETE', '/api/packs/landscapes?expectedVersion=0000000000000000')).status).toBe(409)
    const res = await bed.call('DELETE', `/api/packs/landscapes?expectedVersion=${s.version}`)
    expect(res).toEqual({ status: 200, json: { deleted: 'landscapes' } })
    const files = await readdir(bed.paths.packs)
    expect(files.filter((f) => f.startsWith('landscapes'))).toEqual([])
    expect((await bed.call('GET', '/api/packs/landscapes/source')).status).toBe(404)
  })
})

describe('bad requests change nothing', () => {
  it.each([
    ['GET', '/api/packs/..%2Fsettings/source', undefined, 'params.id'],
    ['POST', '/api/packs', { id: '../escape', name: 'x', txt: 'a\n' }, 'body.id'],
    ['POST', '/api/packs', { id: 'ok', name: '   ', txt: 'a\n' }, 'body.name'],
    ['POST', '/api/packs', { id: 'ok', name: 'n', txt: 'a\n', matrix: { enabled: true, mode: 'zigzag', limit: 8, slots: [] } }, 'body.matrix.mode'],
    ['POST', '/api/packs', { id: 'ok', name: 'n', txt: 'a\n', config: { txt2img: { steps: 0 } } }, 'body.config.txt2img.steps'],
    ['PUT', '/api/packs/studio/source', { txt: 'a\n' }, 'body.expectedVersion'],
    ['PUT', '/api/packs/studio/source', { txt: 'a\n', expectedVersion: 'abc' }, 'body.expectedVersion'],
    ['PUT', '/api/packs/studio/source', { txt: 42, overwrite: true }, 'body.txt'],
    ['PUT', '/api/packs/studio/source', { sidecar: { name: 'x', colour: 1 }, overwrite: true }, 'body.sidecar'],
    ['POST', '/api/packs/studio/duplicate', { newId: '.hidden' }, 'body.newId'],
    ['POST', '/api/packs/studio/rename', { newId: 'a/b', overwrite: true }, 'body.newId'],
    ['DELETE', '/api/packs/studio?expectedVersion=zz', undefined, 'query.expectedVersion'],
  ])('%s %s → 4xx naming the field', (method, path, body, field) => expectRefused(bed, method, path, body, field))

  it('answers 404 for a pack that does not exist', async () => {
    const res = await bed.call('PUT', '/api/packs/nowhere/source', { txt: 'a\n', overwrite: true })
    expect(res.status).toBe(404)
    expect(res.json.problems[0].path).toBe('params.id')
  })
})
