import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readFile, writeFile, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { GraphListResponse, GraphSaveResponse, GraphVersionListResponse } from '../../../engine/api/library.ts'
import { Graph, GRAPH_VERSION } from '../../../engine/graph/schema.ts'
import { AUTOSAVE_WINDOW_MS, MAX_GRAPH_VERSIONS } from '../../../server/library/graphs.ts'
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
    expect(list.graphs.map((g) => g.id).sort()).toEqual(['controlnet-inpaint', 'inpaint', 'landscape', 'learning-sweep', 'portrait', 'video'])
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
  const names = async (id: string) => (await bed.library.graphs.versions(id)).map((v) => [v.version, v.kind, v.name])

  it('records each explicit save as a version holding what was saved', async () => {
    const first = await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'First'))
    expect(first.status).toBe(200)
    expect(GraphSaveResponse.parse(first.json).version).toBe(1)

    const second = await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'Second'))
    expect(GraphSaveResponse.parse(second.json)).toMatchObject({ version: 2, graph: { name: 'Second' } })

    const versions = GraphVersionListResponse.parse((await bed.call('GET', '/api/graphs/mine/versions')).json).versions
    expect(versions).toEqual([
      { version: 2, savedAt: expect.any(String), name: 'Second', kind: 'save' },
      { version: 1, savedAt: expect.any(String), name: 'First', kind: 'save' },
    ])
    const record = await readJson(join(bed.paths.graphVersions, 'mine', '1.json'))
    expect(record.graph.name).toBe('First')
    expect(record.savedAt).toBe(versions[1]!.savedAt)
    expect((await bed.call('GET', '/api/graphs/mine/versions/1')).json.name).toBe('First')
    expect((await bed.call('GET', '/api/graphs/mine')).json.name).toBe('Second')
    // The list's count is the number of entries the version list shows.
    const list = GraphListResponse.parse((await bed.call('GET', '/api/graphs')).json)
    expect(list.graphs.find((g) => g.id === 'mine')!.versions).toBe(versions.length)
  })

  it('makes no version for an unchanged save, unless it is labelled', async () => {
    await bed.call('PUT', '/api/graphs/mine', minimal('mine'))
    const again = await bed.call('PUT', '/api/graphs/mine', minimal('mine'))
    expect(again.json.version).toBeNull()
    expect(await names('mine')).toEqual([[1, 'save', 'A graph']])
    const labelled = await bed.call('PUT', '/api/graphs/mine?label=%20Before%20the%20big%20change%20', minimal('mine'))
    expect(labelled.json.version).toBe(2)
    expect((await bed.library.graphs.versions('mine'))[0]).toMatchObject({ version: 2, kind: 'save', label: 'Before the big change' })
  })

  it('refuses an empty label or an unknown query field, naming it', async () => {
    const empty = await bed.call('PUT', '/api/graphs/mine?label=%20', minimal('mine'))
    expect(empty.status).toBe(400)
    expect(empty.json.problems.map((p: { path: string }) => p.path)).toEqual(['query.label'])
    const odd = await bed.call('PUT', '/api/graphs/mine?autosave=yes', minimal('mine'))
    expect(odd.status).toBe(400)
    expect(odd.json.problems.map((p: { path: string }) => p.path)).toEqual(['query.autosave'])
  })

  it('coalesces autosaves into one snapshot per window, and explicit saves still count one each', async () => {
    await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'saved'))
    for (const name of ['a1', 'a2', 'a3', 'a4', 'a5', 'a6']) {
      const r = await bed.call('PUT', '/api/graphs/mine?autosave=1', minimal('mine', name))
      expect(r.json.version).toBe(2)
    }
    expect(await names('mine')).toEqual([[2, 'autosave', 'a6'], [1, 'save', 'saved']])
    // An identical autosave changes nothing.
    expect((await bed.call('PUT', '/api/graphs/mine?autosave=1', minimal('mine', 'a6'))).json.version).toBeNull()
    // After the window, the next autosave starts a new snapshot.
    bed.advance(AUTOSAVE_WINDOW_MS)
    expect((await bed.call('PUT', '/api/graphs/mine?autosave=1', minimal('mine', 'b1'))).json.version).toBe(3)
    expect((await bed.call('PUT', '/api/graphs/mine?autosave=1', minimal('mine', 'b2'))).json.version).toBe(3)
    // An explicit save inside the window takes the snapshot's place (of what autosave already wrote, too).
    expect((await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'b2'))).json.version).toBe(3)
    expect(await names('mine')).toEqual([[3, 'save', 'b2'], [2, 'autosave', 'a6'], [1, 'save', 'saved']])
    // The next autosave starts a new snapshot after the save; a save after the window is a version of its own.
    expect((await bed.call('PUT', '/api/graphs/mine?autosave=1', minimal('mine', 'c1'))).json.version).toBe(4)
    bed.advance(AUTOSAVE_WINDOW_MS)
    expect((await bed.call('PUT', '/api/graphs/mine', minimal('mine', 'c2'))).json.version).toBe(5)
    expect(await names('mine')).toEqual([[5, 'save', 'c2'], [4, 'autosave', 'c1'], [3, 'save', 'b2'], [2, 'autosave', 'a6'], [1, 'save', 'saved']])
  })

  it('keeps the content on disk that no version holds before saving over it', async () => {
    // The seeded example has no version yet: its content is kept first.
    const portrait = (await bed.call('GET', '/api/graphs/portrait')).json
    await bed.call('PUT', '/api/graphs/portrait', { ...portrait, name: 'Edited' })
    expect(await names('portrait')).toEqual([[2, 'save', 'Edited'], [1, 'kept', portrait.name]])
    // Edited outside the app: kept too.
    await writeFile(join(bed.paths.graphs, 'portrait.json'), JSON.stringify({ ...portrait, name: 'By hand' }))
    await bed.call('PUT', '/api/graphs/portrait?autosave=1', { ...portrait, name: 'Again' })
    expect(await names('portrait')).toEqual([[4, 'autosave', 'Again'], [3, 'kept', 'By hand'], [2, 'save', 'Edited'], [1, 'kept', portrait.name]])
  })

  it('lists versions newest first and restores one; the restore is a version, so it can be undone', async () => {
    for (const name of ['v-a', 'v-b', 'v-c']) await bed.call('PUT', '/api/graphs/mine', minimal('mine', name))
    const versions = (await bed.call('GET', '/api/graphs/mine/versions')).json.versions
    expect(versions.map((v: { version: number; name: string }) => [v.version, v.name])).toEqual([[3, 'v-c'], [2, 'v-b'], [1, 'v-a']])
    expect(Date.parse(versions[0].savedAt)).toBeGreaterThan(Date.parse(versions[1].savedAt))

    const restored = await bed.call('POST', '/api/graphs/mine/versions/1/restore')
    expect(restored.status).toBe(200)
    expect(GraphSaveResponse.parse(restored.json)).toMatchObject({ version: 4, graph: { name: 'v-a' } })
    expect((await bed.call('GET', '/api/graphs/mine')).json.name).toBe('v-a')
    expect((await bed.library.graphs.versions('mine'))[0]).toMatchObject({ version: 4, kind: 'restore', label: 'restored version 1', name: 'v-a' })
    // Undo: restore the version before it.
    await bed.call('POST', '/api/graphs/mine/versions/3/restore')
    expect((await bed.call('GET', '/api/graphs/mine')).json.name).toBe('v-c')
    const list = GraphListResponse.parse((await bed.call('GET', '/api/graphs')).json)
    expect(list.graphs.find((g) => g.id === 'mine')!.versions).toBe(5)
  })

  it(`keeps at most ${MAX_GRAPH_VERSIONS} versions, dropping the oldest`, async () => {
    for (let i = 0; i < MAX_GRAPH_VERSIONS + 5; i++) await bed.library.graphs.save('many', minimal('many', `n${i}`))
    const files = await readdir(join(bed.paths.graphVersions, 'many'))
    expect(files).toHaveLength(MAX_GRAPH_VERSIONS)
    const versions = await bed.library.graphs.versions('many')
    expect(versions[0]).toMatchObject({ version: MAX_GRAPH_VERSIONS + 5, name: `n${MAX_GRAPH_VERSIONS + 4}` })
    expect(versions.at(-1)).toMatchObject({ version: 6, name: 'n5' })
  })

  it('keeps a file that was not even JSON as a version when it is saved over', async () => {
    await writeFile(join(bed.paths.graphs, 'mess.json'), 'half a graph {')
    const saved = await bed.call('PUT', '/api/graphs/mess', minimal('mess'))
    expect(saved.json.version).toBe(2)
    expect(await readJson(join(bed.paths.graphVersions, 'mess', '1.json'))).toMatchObject({ kind: 'kept', text: 'half a graph {' })
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
    expect(restored.json.version).toBe(3)
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
    expect(results.map((r) => r.json.version).sort()).toEqual([2, 3, 4, 5, 6])
    const names = (await bed.library.graphs.versions('busy')).map((v) => v.name)
    const current = (await bed.library.graphs.read('busy')).name
    expect(new Set([...names, current])).toEqual(new Set(['n0', 'n1', 'n2', 'n3', 'n4', 'n5']))
  })
})
