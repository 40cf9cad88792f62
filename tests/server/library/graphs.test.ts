import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, writeFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { GraphListResponse, GraphSaveResponse, GraphVersionListResponse } from '../../../engine/api/library.ts'
import { Graph, GRAPH_VERSION } from '../../../engine/graph/schema.ts'
import { MAX_GRAPH_VERSIONS } from '../../../server/library/graphs.ts'
import { makeBed, readJson, snapshot, type Bed } from './helpers.ts'

let bed: Bed
beforeEach(async () => { bed = await makeBed() })
afterEach(async () => { await bed.cleanup() })

const minimal = (id: string, name = 'A graph') => ({
  version: 1, id, name, description: '', tags: ['t'], nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 },
})

describe('GET /api/graphs', () => {
  it('lists the seeded examples with their metadata', async () => {
    const { status, json } = await bed.call('GET', '/api/graphs')
    expect(status).toBe(200)
    const list = GraphListResponse.parse(json)
    expect(list.graphs.map((g) => g.id).sort()).toEqual(['landscape', 'learning-sweep', 'portrait', 'video'])
    const portrait = list.graphs.find((g) => g.id === 'portrait')!
    expect(portrait.name).toMatch(/^Portrait/)
    expect(portrait.tags).toContain('portrait')
    expect(portrait.versions).toBe(0)
    expect(portrait.problems).toEqual([])
    expect(Number.isNaN(Date.parse(portrait.updatedAt))).toBe(false)
  })

  it('reports a broken file in the list instead of failing, and GET answers 409 naming the file', async () => {
    await writeFile(join(bed.paths.graphs, 'broken.json'), '{"version": 1, "id": ')
    await writeFile(join(bed.paths.graphs, 'wrong.json'), JSON.stringify({ ...minimal('wrong'), nodes: 'no' }))
    const list = GraphListResponse.parse((await bed.call('GET', '/api/graphs')).json)
    const broken = list.graphs.find((g) => g.id === 'broken')!
    expect(broken.name).toBe('broken')
    expect(broken.problems[0]!.file).toBe('graphs/broken.json')
    expect(broken.problems[0]!.message).toMatch(/not valid JSON/)
    const res = await bed.call('GET', '/api/graphs/wrong')
    expect(res.status).toBe(409)
    expect(res.json.problems).toEqual([{ path: 'graphs/wrong.json:nodes', message: 'must be an array' }])
  })
})

describe('GET /api/graphs/:id', () => {
  it('answers the graph document', async () => {
    const { status, json } = await bed.call('GET', '/api/graphs/portrait')
    expect(status).toBe(200)
    expect(Graph.parse(json).id).toBe('portrait')
  })

  it('migrates an unversioned draft when reading it', async () => {
    const { version: _v, description: _d, tags: _t, viewport: _vp, ...draft } = minimal('draft')
    await writeFile(join(bed.paths.graphs, 'draft.json'), JSON.stringify(draft))
    const { status, json } = await bed.call('GET', '/api/graphs/draft')
    expect(status).toBe(200)
    expect(json).toMatchObject({ version: GRAPH_VERSION, id: 'draft', tags: [], viewport: { x: 0, y: 0, zoom: 1 } })
  })

  it('opens a file copied under another name as that name', async () => {
    await writeFile(join(bed.paths.graphs, 'copy.json'), await readFile(join(bed.paths.graphs, 'portrait.json')))
    expect((await bed.call('GET', '/api/graphs/copy')).json.id).toBe('copy')
  })
})

describe('PUT /api/graphs/:id and versions', () => {
  it('creates a graph without a version, then keeps the previous content as version 1', async () => {
    const first = await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'First'))
    expect(first.status).toBe(200)
    expect(GraphSaveResponse.parse(first.json).version).toBeNull()

    const second = await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'Second'))
    expect(GraphSaveResponse.parse(second.json)).toMatchObject({ version: 1, graph: { name: 'Second' } })

    const versions = GraphVersionListResponse.parse((await bed.call('GET', '/api/graphs/mine/versions')).json).versions
    expect(versions).toEqual([{ version: 1, savedAt: expect.any(String), name: 'First' }])
    const record = await readJson(join(bed.paths.graphVersions, 'mine', '1.json'))
    expect(record.graph.name).toBe('First')
    expect(record.savedAt).toBe(versions[0]!.savedAt)

    expect((await bed.call('GET', '/api/graphs/mine/versions/1')).json.name).toBe('First')
    expect((await bed.call('GET', '/api/graphs/mine')).json.name).toBe('Second')
  })

  it('makes no version for an unchanged save', async () => {
    await bed.call('PUT', '/api/graphs/mine', minimal('mine'))
    const again = await bed.call('PUT', '/api/graphs/mine', minimal('mine'))
    expect(again.json.version).toBeNull()
    expect((await bed.call('GET', '/api/graphs/mine/versions')).json.versions).toEqual([])
  })

  it('lists versions newest first and restores one (the replaced content becomes a version too)', async () => {
    for (const name of ['v-a', 'v-b', 'v-c']) await bed.call('PUT', '/api/graphs/mine', minimal('mine', name))
    const versions = (await bed.call('GET', '/api/graphs/mine/versions')).json.versions
    expect(versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[2, 'v-b'], [1, 'v-a']])
    expect(Date.parse(versions[0].savedAt)).toBeGreaterThan(Date.parse(versions[1].savedAt))

    const restored = await bed.call('POST', '/api/graphs/mine/versions/1/restore')
    expect(restored.status).toBe(200)
    expect(GraphSaveResponse.parse(restored.json)).toMatchObject({ version: 3, graph: { name: 'v-a' } })
    expect((await bed.call('GET', '/api/graphs/mine')).json.name).toBe('v-a')
    expect((await bed.call('GET', '/api/graphs/mine/versions/3')).json.name).toBe('v-c')
    const list = GraphListResponse.parse((await bed.call('GET', '/api/graphs')).json)
    expect(list.graphs.find((g) => g.id === 'mine')!.versions).toBe(3)
  })

  it(`keeps at most ${MAX_GRAPH_VERSIONS} versions, dropping the oldest`, async () => {
    for (let i = 0; i < MAX_GRAPH_VERSIONS + 5; i++) await bed.library.graphs.save('many', minimal('many', `n${i}`))
    const files = await readdir(join(bed.paths.graphVersions, 'many'))
    expect(files).toHaveLength(MAX_GRAPH_VERSIONS)
    const versions = await bed.library.graphs.versions('many')
    expect(versions[0]).toMatchObject({ version: MAX_GRAPH_VERSIONS + 4, name: `n${MAX_GRAPH_VERSIONS + 3}` })
    expect(versions.at(-1)).toMatchObject({ version: 5, name: 'n4' })
  })

  it('keeps a file that was not even JSON as a version when it is saved over', async () => {
    await writeFile(join(bed.paths.graphs, 'mess.json'), 'half a graph {')
    const saved = await bed.call('PUT', '/api/graphs/mess', minimal('mess'))
    expect(saved.json.version).toBe(1)
    expect(await readJson(join(bed.paths.graphVersions, 'mess', '1.json'))).toMatchObject({ text: 'half a graph {' })
    const res = await bed.call('GET', '/api/graphs/mess/versions/1')
    expect(res.status).toBe(409)
    expect(res.json.problems[0].path).toBe('graphs/.versions/mess/1.json:graph')
  })

  it('saves a migrated draft in the current format', async () => {
    const { version: _v, ...draft } = minimal('old')
    const res = await bed.call('PUT', '/api/graphs/old', draft)
    expect(res.status).toBe(200)
    expect((await readJson(join(bed.paths.graphs, 'old.json'))).version).toBe(GRAPH_VERSION)
  })
})

describe('DELETE /api/graphs/:id', () => {
  it('deletes the graph, keeps its versions plus the deleted content, and can be undone by restore', async () => {
    await bed.call('PUT', '/api/graphs/portrait', { ...(await bed.call('GET', '/api/graphs/portrait')).json, name: 'Edited' })
    const del = await bed.call('DELETE', '/api/graphs/portrait')
    expect(del).toEqual({ status: 200, json: { deleted: 'portrait' } })
    expect((await bed.call('GET', '/api/graphs/portrait')).status).toBe(404)
    const versions = (await bed.call('GET', '/api/graphs/portrait/versions')).json.versions
    expect(versions.map((v: { name: string }) => v.name)).toEqual(['Edited', expect.stringMatching(/^Portrait/)])
    const restored = await bed.call('POST', '/api/graphs/portrait/versions/2/restore')
    expect(restored.status).toBe(200)
    expect(restored.json.version).toBeNull()
    expect((await bed.call('GET', '/api/graphs/portrait')).json.name).toBe('Edited')
  })

  it('answers 404 for an unknown graph and changes nothing', async () => {
    const before = await snapshot(bed.root)
    const res = await bed.call('DELETE', '/api/graphs/nope')
    expect(res.status).toBe(404)
    expect(res.json.problems).toEqual([{ path: 'params.id', message: 'no graph "nope"' }])
    expect(await snapshot(bed.root)).toEqual(before)
  })
})

describe('concurrent saves', () => {
  it('number versions without gaps or overwrites when saves arrive together', async () => {
    await bed.library.graphs.save('busy', minimal('busy', 'n0'))
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => bed.call('PUT', '/api/graphs/busy', minimal('busy', `n${i}`))))
    expect(results.map((r) => r.json.version).sort()).toEqual([1, 2, 3, 4, 5])
    const names = (await bed.library.graphs.versions('busy')).map((v) => v.name)
    const current = (await bed.library.graphs.read('busy')).name
    expect(new Set([...names, current])).toEqual(new Set(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']))
  })
})
