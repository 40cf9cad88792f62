/**
 * The graph slice: nodes, edges, viewport and document metadata, and every edit of them. Each
 * edit that changes the document calls `record()` first so it can be undone; view-only changes
 * (selection, measured sizes, viewport) do not.
 */
import { addEdge, applyEdgeChanges, applyNodeChanges, type Connection, type NodeChange } from '@xyflow/react'
import type { StateCreator } from 'zustand'
import { checkConnection } from '../../../engine/graph/connect.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { copySelection, pasteClipboard, type Clipboard } from './clipboard.ts'
import { alignBoxes } from './align.ts'
import { FRAME_KIND, isStageNode, NOTE_KIND, type FlowEdge, type FlowNode } from './flow-types.ts'
import { boxOf, followFrames, frameAround, startFrameDrags } from './frames.ts'
import { FRAME_Z, freshId, fromGraph, portTypeOf, toFlowEdge } from './graph-convert.ts'
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

function isResizeStart(changes: NodeChange<FlowNode>[], nodes: readonly FlowNode[]): boolean {
  return changes.some((c) => c.type === 'dimensions' && c.resizing && !nodes.find((n) => n.id === c.id)?.resizing)
}

const deselect = (n: FlowNode) => (n.selected ? { ...n, selected: false } : n)

/** Adds copies of `clip` moved by `offset`, selected, in one undo step (groups first, so they stay underneath). */
function insertCopies(get: () => EditorState, set: (p: Partial<EditorState>) => void, clip: Clipboard, offset: { x: number; y: number }) {
  const s = get()
  s.record()
  const pasted = pasteClipboard(clip, s, offset)
  const frames = pasted.nodes.filter((x) => x.type === 'frame')
  const rest = frames.length ? pasted.nodes.filter((x) => x.type !== 'frame') : pasted.nodes
  set({
    nodes: [...frames, ...s.nodes.map(deselect), ...rest],
    edges: [...s.edges, ...pasted.edges],
    selectedIds: pasted.nodes.map((x) => x.id),
    dirty: true,
  })
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
  frameDrags: null,

  onNodesChange(changes) {
    const s = get()
    // Removal goes through deleteSelected (one undo step for nodes and their edges); additions through addNode/paste.
    const applicable = changes.filter((c) => c.type !== 'remove' && c.type !== 'add')
    if (applicable.length === 0) return
    // A drag is one undo step: record once, when it starts (a resize of a group or note likewise).
    const patch: Partial<EditorState> = {}
    let frameDrags = s.frameDrags
    if (isDragStart(applicable, s.nodes)) {
      s.record()
      frameDrags = patch.frameDrags = startFrameDrags(applicable, s.nodes)
    } else if (isResizeStart(applicable, s.nodes)) s.record()
    const moved = applicable.some((c) => c.type === 'position' && !c.dragging && c.position)
    // A dragged group carries the nodes inside it (null, and free, for every other drag).
    const all = frameDrags ? [...applicable, ...followFrames(applicable, frameDrags)] : applicable
    if (moved && frameDrags) patch.frameDrags = null
    const nodes = (patch.nodes = applyNodeChanges(all, s.nodes))
    if (applicable.some((c) => c.type === 'select')) patch.selectedIds = nodes.filter((n) => n.selected).map((n) => n.id)
    if (moved || applicable.some((c) => (c.type === 'position' && c.dragging) || (c.type === 'dimensions' && c.setAttributes))) patch.dirty = true
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

  setInputOrder(edgeIds) {
    const s = get()
    const rank = new Map(edgeIds.map((id, i) => [id, i]))
    if (!s.edges.some((e) => rank.has(e.id) && e.data?.order !== rank.get(e.id))) return
    s.record()
    set({ edges: s.edges.map((e) => (rank.has(e.id) ? { ...e, data: { ...e.data!, order: rank.get(e.id)! } } : e)), dirty: true })
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
    // Groups and notes have nothing to bypass.
    const target = new Set((ids ?? s.selectedIds).filter((id) => s.nodes.some((n) => n.id === id && isStageNode(n))))
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

  paste(at) {
    const s = get()
    if (!s.clipboard) return 0
    const n = s.pasteCount + 1
    let offset = { x: PASTE_OFFSET * n, y: PASTE_OFFSET * n }
    if (at) {
      // At the cursor: the copied block's top-left corner lands there.
      const x0 = Math.min(...s.clipboard.nodes.map((c) => c.position.x))
      const y0 = Math.min(...s.clipboard.nodes.map((c) => c.position.y))
      offset = { x: at.x - x0, y: at.y - y0 }
    }
    insertCopies(get, set, s.clipboard, offset)
    set({ pasteCount: n })
    return s.clipboard.nodes.length
  },

  selectAll() {
    const s = get()
    set({ nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })), selectedIds: s.nodes.map((n) => n.id) })
  },

  duplicateSelected(at) {
    const s = get()
    const clip = copySelection(s.nodes, s.edges)
    if (!clip) return 0
    const x0 = Math.min(...clip.nodes.map((c) => c.position.x))
    const y0 = Math.min(...clip.nodes.map((c) => c.position.y))
    insertCopies(get, set, clip, at ? { x: at.x - x0, y: at.y - y0 } : { x: PASTE_OFFSET, y: PASTE_OFFSET })
    return clip.nodes.length
  },

  alignSelected(mode) {
    const s = get()
    const moves = alignBoxes(s.nodes.filter((n) => n.selected).map((n) => ({ id: n.id, ...boxOf(n) })), mode)
    if (moves.size === 0) return
    s.record()
    set({ nodes: s.nodes.map((n) => (moves.has(n.id) ? { ...n, position: moves.get(n.id)! } : n)), dirty: true })
  },

  groupSelected() {
    const picked = get().nodes.filter((n) => n.selected && n.type !== 'frame')
    return picked.length ? get().addAnnotation('frame', frameAround(picked.map(boxOf))) : null
  },

  addAnnotation(type, box, text) {
    const s = get()
    s.record()
    const frame = type === 'frame'
    const id = freshId(frame ? 'group' : 'note', new Set(s.nodes.map((n) => n.id)))
    const base = { id, position: { x: box.x, y: box.y }, width: Math.round(box.width), height: Math.round(box.height), selected: true }
    const node: FlowNode = frame
      ? { ...base, type: 'frame', zIndex: FRAME_Z, dragHandle: '.frame-title', data: { kind: FRAME_KIND, params: {}, label: 'Group' } }
      : { ...base, type: 'note', data: { kind: NOTE_KIND, params: {}, text: text ?? '' } }
    const others = s.nodes.map(deselect)
    // Groups go first in the array so they paint under what they hold.
    set({ nodes: frame ? [node, ...others] : [...others, node], selectedIds: [id], dirty: true })
    return id
  },

  setNoteText(nodeId, text) {
    const s = get()
    const node = s.nodes.find((n) => n.id === nodeId)
    if (!node || node.data.text === text) return
    s.record(`note:${nodeId}`)
    set({ nodes: s.nodes.map((n) => (n === node ? { ...n, data: { ...n.data, text } } : n)), dirty: true })
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
