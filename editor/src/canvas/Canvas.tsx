/**
 * The canvas: React Flow bound to the editor store. Connections are checked by the engine's rules
 * while dragging (refused with the reason), a wire dropped on empty space opens the kind picker,
 * and palette kinds and PNGs (restore the graph they were made with) can be dropped here. Deletion is ours (one undo step), not React Flow's.
 */
import {
  Background, BackgroundVariant, ControlButton, Controls, ReactFlow, useReactFlow, useStore,
  type Connection, type FinalConnectionState, type IsValidConnection, type NodeMouseHandler, type Viewport,
} from '@xyflow/react'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { findPort, getNodeKind } from '../../../engine/nodes/registry.ts'
import { checkEditorConnection } from '../store/graph-slice.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import type { FlowEdge, FlowNode } from '../store/flow-types.ts'
import { UNMEASURED } from '../store/frames.ts'
import { CanvasMiniMap } from './CanvasMiniMap.tsx'
import { ContextMenu, type MenuRequest } from './ContextMenu.tsx'
import { NodeSearch, type SearchChoice } from './NodeSearch.tsx'
import { useMinimapShown } from './minimap-pref.ts'
import { usePlacement } from './use-placement.ts'
import './canvas.css'
import { KindPicker, type PickerRequest } from './KindPicker.tsx'
import { selectZoomedOut, ZoomedOutContext } from './lod.ts'
import { dropPng } from './drop-png.ts'
import { importGraphFile } from '../document/transfer.ts'
import { nodeTypes } from './node-types.ts'
import { withOrderLabels } from './wire-order.ts'
import type { KindChoice } from './ports.ts'
import { useCanvasShortcuts, type ShortcutContext } from './shortcuts.ts'

export const KIND_DRAG_TYPE = 'application/x-stablenew-kind'
const SNAP_GRID: [number, number] = [20, 20]
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.1 }
const NEW_NODE_WIDTH = 240
const NEW_NODE = UNMEASURED
const NEW_NOTE = { width: 240, height: 140 }
const NEW_GROUP = { width: 420, height: 280 }
// Every array, object and function handed to <ReactFlow> is a module constant or a stable
// callback: its StoreUpdater compares each tracked prop by identity after every render and does a
// store setState for each one that changed. A drag re-renders this component on every update, so
// one inline `{…}` or `() => …` meant a second setState per update, and every node, edge, handle
// selector ran twice.
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta']
const PRO_OPTIONS = { hideAttribution: true }

function pointOf(e: MouseEvent | TouchEvent): { x: number; y: number } {
  const t = 'changedTouches' in e ? e.changedTouches[0] : undefined
  return t ? { x: t.clientX, y: t.clientY } : { x: (e as MouseEvent).clientX, y: (e as MouseEvent).clientY }
}

export function Canvas() {
  const store = useEditorStoreApi()
  const nodes = useEditorStore((s) => s.nodes)
  const storeEdges = useEditorStore((s) => s.edges)
  // Several wires into one input are numbered in the order the compiler reads them.
  const edges = useMemo(() => withOrderLabels(storeEdges), [storeEdges])
  const onNodesChange = useEditorStore((s) => s.onNodesChange)
  const onEdgesChange = useEditorStore((s) => s.onEdgesChange)
  const loadSeq = useEditorStore((s) => s.loadSeq)
  const focus = useEditorStore((s) => s.focus)
  const flow = useReactFlow<FlowNode, FlowEdge>()
  // Read once: React Flow only uses it on mount, and later viewports come from onMoveEnd.
  const [defaultViewport] = useState(() => store.getState().viewport)
  const zoomedOut = useStore(selectZoomedOut)
  const [picker, setPicker] = useState<PickerRequest | null>(null)
  const [hoverReason, setHoverReason] = useState<string | null>(null)
  const lastReason = useRef<string | null>(null)
  const [menu, setMenu] = useState<MenuRequest | null>(null)
  const [search, setSearch] = useState<{ x: number; y: number } | null>(null)
  const [minimapShown, toggleMinimap] = useMinimapShown()
  const placement = usePlacement()
  /** The pointer's last client position over the canvas (paste lands there), null once it leaves. */
  const pointer = useRef<{ x: number; y: number } | null>(null)
  const shortcutCtx = useMemo<ShortcutContext>(() => ({
    pasteAt: () => (pointer.current ? flow.screenToFlowPosition(pointer.current) : null),
    duplicateAt: placement.duplicateAt,
  }), [flow, placement])
  useCanvasShortcuts(store, shortcutCtx)

  useEffect(() => {
    // Wait a frame so React Flow has measured the new nodes before fitting them. An empty graph
    // is not fitted: React Flow would keep the fit pending and apply it to the first node added.
    const id = requestAnimationFrame(() => {
      const s = store.getState()
      if (s.nodes.length > 0) void flow.fitView(FIT_OPTIONS)
      else void flow.setViewport(s.viewport)
    })
    return () => cancelAnimationFrame(id)
  }, [loadSeq, flow, store])

  useEffect(() => {
    if (!focus) return
    const node = flow.getInternalNode(focus.nodeId)
    if (!node) return
    const w = node.measured.width ?? 0
    const h = node.measured.height ?? 0
    void flow.setCenter(node.internals.positionAbsolute.x + w / 2, node.internals.positionAbsolute.y + h / 2, { zoom: Math.max(flow.getZoom(), 0.9), duration: 300 })
  }, [focus, flow])

  const isValidConnection: IsValidConnection<FlowEdge> = useCallback((c) => {
    const s = store.getState()
    const { result } = checkEditorConnection(s.nodes, s.edges, c as Connection)
    const reason = result.ok ? null : result.reason
    if (reason !== lastReason.current) {
      lastReason.current = reason
      setHoverReason(reason)
    }
    return result.ok
  }, [store])

  const onConnect = useCallback((c: Connection) => {
    const r = store.getState().connect(c)
    if (!r.ok) store.getState().showToast(r.reason, 'error')
  }, [store])

  const connectNew = useCallback((req: PickerRequest, choice: KindChoice) => {
    const s = store.getState()
    const at = flow.screenToFlowPosition({ x: req.x, y: req.y })
    const want = req.from === 'source' ? { x: at.x + 20, y: at.y - 30 } : { x: at.x - NEW_NODE_WIDTH - 20, y: at.y - 30 }
    // Not on top of another node; a wire dropped near the edge pans the new node into view.
    const position = placement.place(want, NEW_NODE)
    const id = s.addNode(choice.kind.kind, position)
    placement.ensureVisible({ ...position, ...NEW_NODE })
    const c: Connection = req.from === 'source'
      ? { source: req.nodeId, sourceHandle: req.handleId, target: id, targetHandle: choice.port }
      : { source: id, sourceHandle: choice.port, target: req.nodeId, targetHandle: req.handleId }
    const r = store.getState().connect(c)
    if (!r.ok) store.getState().showToast(r.reason, 'error', { x: req.x, y: req.y })
  }, [flow, store, placement])

  /** Adds what the node search or the canvas menu chose, near the client point `at`. */
  const addAt = useCallback((kind: string, at: { x: number; y: number }) => {
    const p = flow.screenToFlowPosition(at)
    const s = store.getState()
    if (kind === 'note' || kind === 'group') {
      const size = kind === 'note' ? NEW_NOTE : NEW_GROUP
      // A group may be drawn over nodes (then it holds them); a note is placed like a node.
      const pos = kind === 'note' ? placement.place(p, size) : { x: Math.round(p.x), y: Math.round(p.y) }
      s.addAnnotation(kind === 'note' ? 'note' : 'frame', { ...pos, ...size })
      return
    }
    const pos = placement.place({ x: p.x - NEW_NODE_WIDTH / 2, y: p.y - 20 }, NEW_NODE)
    s.addNode(kind, pos)
    placement.ensureVisible({ ...pos, ...NEW_NODE })
  }, [flow, store, placement])

  const onPaneContextMenu = useCallback((e: MouseEvent | React.MouseEvent) => {
    e.preventDefault()
    setMenu({ x: e.clientX, y: e.clientY, on: 'pane' })
  }, [])
  const onNodeContextMenu: NodeMouseHandler<FlowNode> = useCallback((e, node) => {
    e.preventDefault()
    // Like ComfyUI: right-clicking a node outside the selection acts on that node alone.
    if (!node.selected) store.getState().selectNode(node.id)
    setMenu({ x: e.clientX, y: e.clientY, on: 'selection' })
  }, [store])
  const onSelectionContextMenu = useCallback((e: React.MouseEvent) => {
    e.preventDefault()
    setMenu({ x: e.clientX, y: e.clientY, on: 'selection' })
  }, [])
  // Selecting a stage node brings its settings forward.
  const onNodeClick: NodeMouseHandler<FlowNode> = useCallback((_, node) => {
    if (node.type === 'stage' || node.type === undefined) store.getState().setRightTab('inspector')
  }, [store])
  const onDoubleClick = useCallback((e: React.MouseEvent) => {
    if ((e.target as Element).classList?.contains('react-flow__pane')) setSearch({ x: e.clientX, y: e.clientY })
  }, [])
  const onPointerMove = useCallback((e: React.PointerEvent) => { pointer.current = { x: e.clientX, y: e.clientY } }, [])
  const onPointerLeave = useCallback(() => { pointer.current = null }, [])
  const closeMenu = useCallback(() => setMenu(null), [])
  const closeSearch = useCallback(() => setSearch(null), [])

  const onConnectEnd = useCallback((event: MouseEvent | TouchEvent, state: FinalConnectionState) => {
    lastReason.current = null
    setHoverReason(null)
    if (state.isValid || !state.fromHandle || !state.fromNode) return
    const at = pointOf(event)
    const s = store.getState()
    const fromSource = state.fromHandle.type === 'source'
    const fromKind = getNodeKind((state.fromNode as unknown as FlowNode).data?.kind ?? '')
    const fromPort = fromKind && state.fromHandle.id ? findPort(fromKind, fromSource ? 'out' : 'in', state.fromHandle.id) : undefined
    if (!fromPort) return
    if (state.toHandle && state.toNode) {
      // Dropped on a port that does not fit: say why, where the user is looking.
      const c = fromSource
        ? { source: state.fromNode.id, sourceHandle: state.fromHandle.id ?? null, target: state.toNode.id, targetHandle: state.toHandle.id ?? null }
        : { source: state.toNode.id, sourceHandle: state.toHandle.id ?? null, target: state.fromNode.id, targetHandle: state.fromHandle.id ?? null }
      const { result } = checkEditorConnection(s.nodes, s.edges, c)
      if (!result.ok) s.showToast(`Can’t connect: ${result.reason}`, 'error', at)
      return
    }
    if (state.toNode) return
    setPicker({ x: at.x, y: at.y, portType: fromPort.type, from: fromSource ? 'source' : 'target', nodeId: state.fromNode.id, handleId: state.fromHandle.id ?? '' })
  }, [store])

  const onMoveEnd = useCallback((_: unknown, v: Viewport) => store.getState().setViewport(v), [store])
  const closePicker = useCallback(() => setPicker(null), [])

  const onDragOver = useCallback((e: React.DragEvent) => {
    if (e.dataTransfer.types.includes(KIND_DRAG_TYPE) || e.dataTransfer.types.includes('Files')) {
      e.preventDefault()
      e.dataTransfer.dropEffect = 'copy'
    }
  }, [])

  const onDrop = useCallback((e: React.DragEvent) => {
    const file = [...e.dataTransfer.files].find((f) => f.type === 'image/png' || f.name.toLowerCase().endsWith('.png'))
    if (file) {
      e.preventDefault()
      void dropPng(store, file, flow.screenToFlowPosition({ x: e.clientX, y: e.clientY }))
      return
    }
    const json = [...e.dataTransfer.files].find((f) => f.type === 'application/json' || f.name.toLowerCase().endsWith('.json'))
    if (json) {
      e.preventDefault()
      void importGraphFile(store, json)
      return
    }
    if (e.dataTransfer.files.length > 0) {
      e.preventDefault()
      store.getState().showToast('Only a graph .json or a PNG can be dropped here: a PNG made by StableNew Flow (its graph) or by A1111 (its parameters).', 'error')
      return
    }
    const kind = e.dataTransfer.getData(KIND_DRAG_TYPE)
    if (!kind) return
    e.preventDefault()
    addAt(kind, { x: e.clientX, y: e.clientY })
  }, [flow, store, addAt])

  return (
    <div className="canvas" onDragOver={onDragOver} onDrop={onDrop} onDoubleClick={onDoubleClick} onPointerMove={onPointerMove} onPointerLeave={onPointerLeave}>
      <ZoomedOutContext.Provider value={zoomedOut}>
        <ReactFlow<FlowNode, FlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onConnect={onConnect}
          onConnectEnd={onConnectEnd}
          isValidConnection={isValidConnection}
          onMoveEnd={onMoveEnd}
          onPaneContextMenu={onPaneContextMenu}
          onNodeContextMenu={onNodeContextMenu}
          onSelectionContextMenu={onSelectionContextMenu}
          onNodeClick={onNodeClick}
          zoomOnDoubleClick={false}
          defaultViewport={defaultViewport}
          snapToGrid
          snapGrid={SNAP_GRID}
          deleteKeyCode={null}
          multiSelectionKeyCode={MULTI_SELECT_KEYS}
          selectionKeyCode="Shift"
          minZoom={0.1}
          maxZoom={2.5}
          colorMode="dark"
          proOptions={PRO_OPTIONS}
          fitViewOptions={FIT_OPTIONS}
        >
          <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--grid-dot)" />
          {minimapShown && <CanvasMiniMap />}
          <Controls showInteractive={false}>
            <ControlButton className="minimap-toggle" onClick={toggleMinimap} title={minimapShown ? 'Hide the minimap' : 'Show the minimap'} aria-label={minimapShown ? 'Hide the minimap' : 'Show the minimap'} aria-pressed={minimapShown}>▣</ControlButton>
          </Controls>
        </ReactFlow>
      </ZoomedOutContext.Provider>
      {hoverReason && <div className="connect-reason">Can’t connect: {hoverReason}</div>}
      {picker && (
        <KindPicker
          request={picker}
          onClose={closePicker}
          onPick={(choice) => {
            connectNew(picker, choice)
            setPicker(null)
          }}
        />
      )}
      {search && (
        <NodeSearch x={search.x} y={search.y} onClose={closeSearch} onPick={(c: SearchChoice) => { addAt(c.kind, search); setSearch(null) }} />
      )}
      {menu && (
        <ContextMenu
          request={menu}
          onClose={closeMenu}
          onAddNode={() => setSearch({ x: menu.x, y: menu.y })}
          onAddAnnotation={(type) => addAt(type === 'frame' ? 'group' : 'note', menu)}
          onPaste={() => store.getState().paste(flow.screenToFlowPosition(menu))}
          onDuplicate={() => store.getState().duplicateSelected(placement.duplicateAt())}
        />
      )}
    </div>
  )
}
