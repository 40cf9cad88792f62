/** Accepting a "next run" suggestion: one undo step, into the chosen randomizer or a new one spliced into the prompts wire; the result compiles. */
import { describe, expect, it } from 'vitest'
import { parseGraph } from '../../engine/graph/migrations.ts'
import { compile } from '../../engine/compile/compile.ts'
import sweepJson from '../../graphs/learning-sweep.json'
import { acceptSuggestion } from '../../editor/src/insights/accept.ts'
import { createEditorStore } from '../../editor/src/store/create-store.ts'
import { toGraph } from '../../editor/src/store/graph-convert.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import { context, pack } from '../engine/compile/fixtures.ts'

function graph(): Graph {
  const parsed = parseGraph(sweepJson)
  if (!parsed.ok) throw new Error('learning-sweep.json does not parse')
  return parsed.graph
}
const suggestion = [{ path: 'txt2img.cfg_scale', values: [4, 5, 6] }, { path: 'txt2img.width', values: [512, 640] }]
const sweepsOf = (g: Graph, id: string) => (g.nodes.find((n) => n.id === id)!.params as { sweeps: unknown[] }).sweeps

describe('accept a suggestion', () => {
  it('updates the chosen randomizer: same path replaced, new appended, one undo step', () => {
    const store = createEditorStore({ graph: graph() })
    const r = acceptSuggestion(store, suggestion, 'sweep')
    expect(r).toEqual({ ok: true, nodeId: 'sweep', created: false, dropped: [] })
    expect(sweepsOf(toGraph(store.getState()), 'sweep')).toEqual([
      { path: 'txt2img.cfg_scale', values: [4, 5, 6] },
      { path: 'txt2img.sampler_name', values: ['Euler a', 'DPM++ 2M'] },
      { path: 'txt2img.width', values: [512, 640] },
    ])
    expect(store.getState().past).toHaveLength(1)
    store.getState().undo()
    expect(toGraph(store.getState())).toEqual(graph())
  })

  it('without a randomizer chosen, splices a new one into the prompts wire; the graph compiles to the swept jobs', () => {
    const g = graph()
    // A graph without the randomizer: pack → txt2img.
    const plain: Graph = { ...g, nodes: g.nodes.filter((n) => n.id !== 'sweep'), edges: [{ id: 'e1', source: 'pack', sourcePort: 'prompts', target: 'txt', targetPort: 'prompts' }] }
    const store = createEditorStore({ graph: plain })
    const r = acceptSuggestion(store, suggestion, null)
    if (!r.ok) throw new Error(r.message)
    expect(r.created).toBe(true)
    const after = toGraph(store.getState())
    expect(after.edges.map((e) => `${e.source}→${e.target}`).sort()).toEqual([`pack→${r.nodeId}`, `${r.nodeId}→txt`])
    const compiled = compile(after, context({ packs: { studio: pack('studio', 'a glass bottle\n') } }))
    expect(compiled.errors).toEqual([])
    expect(compiled.run?.jobs.map((j) => [j.plan.stages[0]!.config.values.cfg_scale, j.plan.stages[0]!.config.values.width])).toEqual([[4, 512], [4, 640], [5, 512], [5, 640], [6, 512], [6, 640]])
    store.getState().undo()
    expect(toGraph(store.getState())).toEqual(plain)
  })

  it('says so when there is nowhere to put it', () => {
    const g = graph()
    const store = createEditorStore({ graph: { ...g, nodes: g.nodes.filter((n) => n.id === 'txt'), edges: [] } })
    expect(acceptSuggestion(store, suggestion, null)).toMatchObject({ ok: false })
    expect(store.getState().past).toHaveLength(0)
  })
})
