import { describe, expect, it } from 'vitest'
import { parseGraph, MIGRATIONS } from '../../../engine/graph/migrations.ts'
import { GRAPH_VERSION } from '../../../engine/graph/schema.ts'

describe('graph documents', () => {
  it('migrates an unversioned draft to the current version', () => {
    const r = parseGraph({ id: 'old', name: 'Old', nodes: [], edges: [] })
    expect(r).toEqual({ ok: true, migratedFrom: 0, graph: { version: GRAPH_VERSION, id: 'old', name: 'Old', description: '', tags: [], nodes: [], edges: [], viewport: { x: 0, y: 0, zoom: 1 } } })
  })

  it('has one migration per version step', () => {
    expect(MIGRATIONS.map((m) => m.from)).toEqual([...Array(GRAPH_VERSION).keys()])
  })

  it('refuses a version from the future with a clear message', () => {
    expect(parseGraph({ version: 99 })).toEqual({ ok: false, problems: [{ path: 'version', message: `version 99 is newer than this StableNew Flow understands (${GRAPH_VERSION}); update the app` }] })
  })

  it('names every wrong field', () => {
    const r = parseGraph({ version: 1, id: '../etc', name: '', description: '', tags: [], nodes: [{ id: 'a', kind: 'pack', position: { x: 'l', y: 0 }, params: {} }], edges: [], viewport: { x: 0, y: 0, zoom: 0 } })
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problems.map((p) => p.path)).toEqual(['id', 'name', 'nodes.0.position.x', 'viewport.zoom'])
      expect(r.problems[0]!.message).toMatch(/letters, digits/)
    }
  })

  it('refuses non-objects', () => {
    for (const x of [null, 3, 'graph', []]) expect(parseGraph(x).ok).toBe(false)
  })
})
