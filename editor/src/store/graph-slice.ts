/**
 * The graph slice: nodes, edges, viewport and document metadata, and every edit of them. Each
 * edit that changes the document calls `record()` first so it can be undone; view-only changes
 * (selection, measured sizes, viewport) do not.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type NodeChange } from '@xyflow/react'
import type { StateCreator } from 'zustand'
import { checkConnection } from '../../../engine/graph/connect.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { copySelection, pasteClipboard } from './clipboard.ts'
import type { FlowEdge, FlowNode } from './flow-types.ts'
import { freshId, fromGraph, portTypeOf, toFlowEdge } from './graph-convert.ts'
import { isPlainObject, mergeLayer, setIn } from './params.ts'
import { NEW_GRAPH_NAME, newGraphId } from '../document/model.ts'
import type { EditorState, GraphSlice } from './types.ts'

const PASTE_OFFSET = 40

/** Edges in the shape the engine's connection rules read. */
export function ruleEdges(edges: readonly FlowEdge[]) {
  return edges.map((e) => ({ source: e.source, sourcePort: e.sourceHandle ?? '', target: e.target, targetPort: e.targetHandle ?? '' }))
}

/** The engine's check, except that an occupied single input is not a refusal: the new wire replaces the old one. */
export function checkEditorConnection(nodes: readonly FlowNode[], edges: readonly FlowEdge[], c: Connection) {
  const kind = getNodeKind(nodes.find((n) => n.id === c.target)?.data.kind ?? '')
  const port = kind?.inputs.find((p) => p.name === c.targetHandle)
  const replaced = port && !port.many ? edges.filter((e) => e.target === c.target && e.targetHandle === c.targetHandle && !(e.source === c.source && e.sourceHandle === c.sourceHandle)) : []
  const kept = replaced.length ? edges.filter((e) => !replaced.includes(e)) : edges
  const result = checkConnection(
    { nodes: nodes.map((n) => ({ id: n.id, kind: n.data.kind })), edges: ruleEdges(kept) },
    { source: c.source, sourcePort: c.sourceHandle ?? '', target: c.target, targetPort: c.targetHandle ?? '' },
  )
  return { result, kept }
}

function isDragStart(changes: NodeChange<FlowNode>[], nodes: readonly FlowNode[]): boolean {
  return changes.some((c) => c.type === 'position' && c.dragging && !nodes.find((n) => n.id === c.id)?.dragging)
}

export const createGraphSlice: StateCreator<EditorState, [], [], GraphSlice> = (set, get) => ({
  nodes: [],
  edges: [],
  viewport: { x: 0, y: 0, zoom: 1 },
  meta: { id: newGraphId(), name: NEW_GRAPH_NAME, description: '', tags: [] },
  dirty: false,
  origin: 'local',
  clipboard: null,
  pasteCount: 0,
  loadSeq: 0,

  onNodesChange(changes) {
    const s = get()
    // Removal goes through deleteSelected (one undo step for nodes and their edges); additions through addNode/paste.
    const applicable = changes.filter((c) => c.type !== 'remove' && c.type !== 'add')
    if (applicable.length === 0) return
    // A drag is one undo step: record once, when it starts.
    if (isDragStart(applicable, s.nodes)) s.record()
    const moved = applicable.some((c) => c.type === 'position' && !c.dragging && c.position)
    const nodes = applyNodeChanges(applicable, s.nodes)
    const patch: Partial<EditorState> = { nodes }
    if (applicable.some((c) => c.type === 'select')) patch.selectedIds = nodes.filter((n) => n.selected).map((n) => n.id)
    if (moved || applicable.some((c) => c.type === 'position' && c.dragging)) patch.dirty = true
    set(patch)
  },

  onEdgesChange(changes) {
    const applicable = changes.filter((c) => c.type === 'select')
    if (applicable.length) set({ edges: applyEdgeChanges(applicable, get().edges) })
  },

  setViewport(viewport) {
    set({ viewport })
  },

  connect(c) {
    const s = get()
    const { result, kept } = checkEditorConnection(s.nodes, s.edges, c)
    if (!result.ok) return result
    s.record()
    const id = freshId('e', new Set(s.edges.map((e) => e.id)))
    const edge = toFlowEdge({ id, source: c.source, sourcePort: c.sourceHandle ?? '', target: c.target, targetPort: c.targetHandle ?? '' }, portTypeOf(s.nodes, c.source, c.sourceHandle ?? ''))
    set({ edges: addEdge(edge, [...kept]), dirty: true })
    return { ok: true }
  },

  addNode(kind, position, params) {
    const def = getNodeKind(kind)
    if (!def) throw new Error(`unknown node kind "${kind}"`)
    const s = get()
    s.record()
    const id = freshId(kind, new Set(s.nodes.map((n) => n.id)))
    const node: FlowNode = { id, type: 'stage', position, selected: true, data: { kind, params: { ...(def.defaults() as Record<string, unknown>), ...params } } }
    set({ nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node], selectedIds: [id], dirty: true })
    return id
  },

  setParam(nodeId, path, value) {
    const s = get()
    const node = s.nodes.find((n) => n.id === nodeId)
    if (!node) return
    s.record(`param:${nodeId}:${path.join('.')}`)
    const params = setIn(node.data.params, path, value)
    set({ nodes: s.nodes.map((n) => (n === node ? { ...n, data: { ...n.data, params } } : n)), dirty: true })
  },

  setLabel(nodeId, label) {
    const s = get()
    s.record(`label:${nodeId}`)
    set({
      nodes: s.nodes.map((n) => {
        if (n.id !== nodeId) return n
        const { label: _old, ...data } = n.data
        return { ...n, data: label.trim() ? { ...data, label } : data }
      }),
      dirty: true,
    })
  },

  toggleBypass(ids) {
    const s = get()
    const target = new Set(ids ?? s.selectedIds)
    if (target.size === 0) return
    s.record()
    // Like ComfyUI: if any chosen node is active, bypass them all; otherwise re-enable them all.
    const bypass = s.nodes.some((n) => target.has(n.id) && !n.data.bypassed)
    set({
      nodes: s.nodes.map((n) => {
        if (!target.has(n.id)) return n
        const { bypassed: _old, ...data } = n.data
        return { ...n, data: bypass ? { ...data, bypassed: true } : data }
      }),
      dirty: true,
    })
  },

  deleteSelected() {
    const s = get()
    const gone = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id))
    const edges = s.edges.filter((e) => !e.selected && !gone.has(e.source) && !gone.has(e.target))
    if (gone.size === 0 && edges.length === s.edges.length) return
    s.record()
    set({ nodes: s.nodes.filter((n) => !gone.has(n.id)), edges, selectedIds: [], dirty: true })
  },

  copy() {
    const s = get()
    const clip = copySelection(s.nodes, s.edges)
    if (clip) set({ clipboard: clip, pasteCount: 0 })
    return clip?.nodes.length ?? 0
  },

  paste() {
    const s = get()
    if (!s.clipboard) return 0
    s.record()
    const n = s.pasteCount + 1
    const pasted = pasteClipboard(s.clipboard, s, { x: PASTE_OFFSET * n, y: PASTE_OFFSET * n })
    set({
      nodes: [...s.nodes.map((x) => (x.selected ? { ...x, selected: false } : x)), ...pasted.nodes],
      edges: [...s.edges, ...pasted.edges],
      selectedIds: pasted.nodes.map((x) => x.id),
      pasteCount: n,
      dirty: true,
    })
    return pasted.nodes.length
  },

  loadGraph(graph, opts) {
    const g = fromGraph(graph)
    set({
      ...g, dirty: opts?.dirty ?? false, origin: opts?.origin ?? 'local', past: [], future: [], historyKey: null, selectedIds: [],
      preview: { jobIndex: 0, stageId: null }, loadSeq: get().loadSeq + 1,
      // Run state and outputs belong to the graph that was open.
      nodeRun: {}, nodeOutputs: {},
    })
  },

  applyLayer(nodeIds, layer) {
    const s = get()
    const ids = new Set(nodeIds)
    const targets = s.nodes.filter((n) => ids.has(n.id) && isPlainObject(layer[n.data.kind]))
    if (targets.length === 0) return 0
    s.record()
    set({
      nodes: s.nodes.map((n) => (targets.includes(n) ? { ...n, data: { ...n.data, params: mergeLayer(n.data.params, layer[n.data.kind] as Record<string, unknown>) } } : n)),
      dirty: true,
    })
    return targets.length
  },

  replaceContent(graph) {
    const s = get()
    s.record()
    const g = fromGraph(graph)
    set({ nodes: g.nodes, edges: g.edges, selectedIds: [], dirty: true })
  },

  renameGraph(meta) {
    set({ meta: { ...get().meta, ...meta }, dirty: true })
  },

  markSaved(origin) {
    set({ dirty: false, ...(origin ? { origin } : {}) })
  },
})
