import { describe, expect, it } from 'vitest'
import { parseGraph } from '../../engine/graph/migrations.ts'
import type { Graph } from '../../engine/graph/schema.ts'
import portraitJson from '../../graphs/portrait.json'
import { createEditorStore } from '../../editor/src/store/create-store.ts'
import { toGraph } from '../../editor/src/store/graph-convert.ts'

function portrait(): Graph {
  const parsed = parseGraph(portraitJson)
  if (!parsed.ok) throw new Error('portrait.json does not parse')
  return parsed.graph
}

const fresh = () => createEditorStore({ graph: portrait() })
const node = (store: ReturnType<typeof fresh>, id: string) => store.getState().nodes.find((n) => n.id === id)!

describe('editor store: graph round trip', () => {
  it('loads a graph and gives it back unchanged', () => {
    const g = portrait()
    expect(toGraph(createEditorStore({ graph: g }).getState())).toEqual(g)
  })

  it('starts clean, with no history', () => {
    const s = fresh().getState()
    expect(s.dirty).toBe(false)
    expect(s.past).toHaveLength(0)
  })
})

describe('undo / redo', () => {
  it('undoes and redoes a param edit', () => {
    const store = fresh()
    store.getState().setParam('txt', ['steps'], 30)
    expect(node(store, 'txt').data.params.steps).toBe(30)
    store.getState().undo()
    expect(node(store, 'txt').data.params.steps).toBeUndefined()
    store.getState().redo()
    expect(node(store, 'txt').data.params.steps).toBe(30)
  })

  it('coalesces typing in one field into one step, but not edits of different fields', () => {
    const store = fresh()
    for (const v of [1, 12, 120]) store.getState().setParam('txt', ['steps'], v)
    store.getState().setParam('txt', ['cfg_scale'], 9)
    expect(store.getState().past).toHaveLength(2)
    store.getState().undo()
    store.getState().undo()
    expect(node(store, 'txt').data.params.steps).toBeUndefined()
  })

  it('records a whole drag as one step', () => {
    const store = fresh()
    const start = node(store, 'txt').position
    for (let i = 1; i <= 5; i++) {
      store.getState().onNodesChange([{ type: 'position', id: 'txt', position: { x: start.x + i * 10, y: start.y }, dragging: true }])
    }
    store.getState().onNodesChange([{ type: 'position', id: 'txt', position: { x: start.x + 50, y: start.y }, dragging: false }])
    expect(store.getState().past).toHaveLength(1)
    store.getState().undo()
    expect(node(store, 'txt').position).toEqual(start)
  })

  it('does not record selection or measurement changes', () => {
    const store = fresh()
    store.getState().onNodesChange([{ type: 'select', id: 'txt', selected: true }])
    store.getState().onNodesChange([{ type: 'dimensions', id: 'txt', dimensions: { width: 240, height: 120 } }])
    expect(store.getState().past).toHaveLength(0)
    expect(store.getState().selectedIds).toEqual(['txt'])
  })

  it('a new edit clears the redo stack', () => {
    const store = fresh()
    store.getState().setParam('txt', ['steps'], 30)
    store.getState().undo()
    store.getState().setParam('up', ['factor'], 3)
    expect(store.getState().future).toHaveLength(0)
  })
})

describe('bypass', () => {
  it('toggles the selected nodes, all together', () => {
    const store = fresh()
    store.getState().toggleBypass(['txt', 'detail'])
    expect(node(store, 'txt').data.bypassed).toBe(true)
    expect(node(store, 'detail').data.bypassed).toBe(true)
    store.getState().toggleBypass(['detail', 'up'])
    // One of them was active, so all become bypassed (as in ComfyUI).
    expect(node(store, 'up').data.bypassed).toBe(true)
    store.getState().toggleBypass(['txt', 'detail', 'up'])
    expect(['txt', 'detail', 'up'].map((id) => node(store, id).data.bypassed)).toEqual([undefined, undefined, undefined])
  })

  it('is undoable and lands in the saved graph', () => {
    const store = fresh()
    store.getState().selectNode('pack')
    store.getState().toggleBypass()
    expect(toGraph(store.getState()).nodes.find((n) => n.id === 'pack')!.bypassed).toBe(true)
    store.getState().undo()
    expect(toGraph(store.getState()).nodes.find((n) => n.id === 'pack')!.bypassed).toBeUndefined()
  })
})

describe('copy / paste', () => {
  it('pastes with fresh ids, offset positions and internal edges remapped', () => {
    const store = fresh()
    for (const id of ['txt', 'detail']) store.getState().onNodesChange([{ type: 'select', id, selected: true }])
    expect(store.getState().copy()).toBe(2)
    expect(store.getState().paste()).toBe(2)
    const s = store.getState()
    const ids = s.nodes.map((n) => n.id)
    expect(new Set(ids).size).toBe(ids.length)
    const pasted = s.nodes.filter((n) => n.selected)
    expect(pasted.map((n) => n.id).sort()).toEqual(['adetailer-1', 'txt2img-1'])
    const original = node(store, 'txt')
    const copy = s.nodes.find((n) => n.id === 'txt2img-1')!
    expect(copy.position).toEqual({ x: original.position.x + 40, y: original.position.y + 40 })
    expect(copy.data.params).toEqual(original.data.params)
    // txt → detail was inside the selection: copied and remapped. pack → txt was not.
    const newEdges = s.edges.filter((e) => e.source === 'txt2img-1' || e.target === 'txt2img-1' || e.target === 'adetailer-1')
    expect(newEdges.map((e) => `${e.source}>${e.target}`)).toEqual(['txt2img-1>adetailer-1'])
    expect(new Set(s.edges.map((e) => e.id)).size).toBe(s.edges.length)
  })

  it('offsets each further paste again', () => {
    const store = fresh()
    store.getState().selectNode('up')
    store.getState().copy()
    store.getState().paste()
    store.getState().paste()
    const ups = store.getState().nodes.filter((n) => n.data.kind === 'upscale').map((n) => n.position.x)
    expect(ups[2]! - ups[0]!).toBe(80)
  })

  it('paste is one undo step', () => {
    const store = fresh()
    store.getState().selectNode('up')
    store.getState().copy()
    store.getState().paste()
    store.getState().undo()
    expect(store.getState().nodes).toHaveLength(5)
  })
})

describe('connect and delete', () => {
  it('refuses a type mismatch with the engine reason and changes nothing', () => {
    const store = fresh()
    const r = store.getState().connect({ source: 'people', sourceHandle: 'config', target: 'up', targetHandle: 'image' })
    expect(r.ok).toBe(false)
    expect(store.getState().past).toHaveLength(0)
  })

  it('replaces the wire of an occupied single input', () => {
    const store = fresh()
    store.getState().addNode('txt2img', { x: 0, y: 0 })
    const r = store.getState().connect({ source: 'txt2img-1', sourceHandle: 'image', target: 'detail', targetHandle: 'image' })
    expect(r).toEqual({ ok: true })
    const into = store.getState().edges.filter((e) => e.target === 'detail' && e.targetHandle === 'image')
    expect(into.map((e) => e.source)).toEqual(['txt2img-1'])
    expect(into[0]!.data?.portType).toBe('image')
  })

  it('adds a second wire into a prompts input, and reorders the wires in one undo step, saved as edge order', () => {
    const store = fresh()
    store.getState().addNode('pack', { x: 0, y: 0 })
    expect(store.getState().connect({ source: 'pack-1', sourceHandle: 'prompts', target: 'txt', targetHandle: 'prompts' })).toEqual({ ok: true })
    const into = () => store.getState().edges.filter((e) => e.target === 'txt' && e.targetHandle === 'prompts')
    expect(into().map((e) => e.source)).toEqual(['pack', 'pack-1'])
    const ids = into().map((e) => e.id)
    store.getState().setInputOrder([ids[1]!, ids[0]!])
    const saved = toGraph(store.getState()).edges.filter((e) => e.target === 'txt' && e.targetPort === 'prompts')
    expect(saved.map((e) => [e.source, e.order])).toEqual([['pack', 1], ['pack-1', 0]])
    store.getState().undo()
    expect(into().map((e) => e.data?.order)).toEqual([undefined, undefined])
  })

  it('deletes selected nodes with their edges in one step', () => {
    const store = fresh()
    store.getState().selectNode('detail')
    store.getState().deleteSelected()
    const s = store.getState()
    expect(s.nodes.some((n) => n.id === 'detail')).toBe(false)
    expect(s.edges.some((e) => e.source === 'detail' || e.target === 'detail')).toBe(false)
    s.undo()
    expect(store.getState().edges).toHaveLength(5)
  })

  it('resetting the last field of a nested block removes the block (inherit it whole)', () => {
    const store = fresh()
    store.getState().setParam('txt', ['hires', 'enabled'], true)
    expect(node(store, 'txt').data.params.hires).toEqual({ enabled: true })
    store.getState().setParam('txt', ['hires', 'enabled'], undefined)
    expect('hires' in node(store, 'txt').data.params).toBe(false)
  })

  it('keeps unchanged nodes identical, so only the edited node re-renders', () => {
    const store = fresh()
    const before = store.getState().nodes
    store.getState().setParam('txt', ['steps'], 30)
    const after = store.getState().nodes
    expect(after.filter((n, i) => n !== before[i]).map((n) => n.id)).toEqual(['txt'])
  })
})
