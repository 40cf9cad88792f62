/**
 * The minimap, drawn on a <canvas> instead of React Flow's <MiniMap>. Theirs is an SVG with one
 * subscribed React component per node: on a 300-node canvas each drag update ran 600 more store
 * selectors, re-laid out and re-painted the SVG, and cost about 4 ms of a ~16 ms update (measured
 * by removing it). Here one store listener schedules a redraw (next frame for view changes, at most
 * every 100 ms for node moves), and 300 fillRects take a fraction of a millisecond.
 *
 * Same behaviour as before: every node in its kind's colour (selected ones outlined), the current
 * view unmasked; press or drag on it to move the view there, wheel on it to zoom.
 */
import { Panel, useReactFlow, useStoreApi, type ReactFlowState } from '@xyflow/react'
import { useCallback, useEffect, useRef } from 'react'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import type { FlowEdge, FlowNode } from '../store/flow-types.ts'
import { fitFrame, toFlow, toMiniMap, unionRects, viewRect, type MiniMapFrame, type Rect } from './minimap-frame.ts'
import { ROLE_COLOR } from './ports.ts'

const WIDTH = 200
const HEIGHT = 150
const MARGIN = 6
const MASK = 'rgba(10, 12, 16, 0.7)'
const VIEW_STROKE = 'rgba(124, 156, 255, 0.55)'
const SELECTED_STROKE = '#e6e8ee'
const UNKNOWN = '#666'
const FRAME_COLOR = 'rgba(124, 156, 255, 0.18)'
const NOTE_COLOR = '#8a8258'
const ZOOM_STEP = 1.2
const NODES_REDRAW_MS = 100

type State = ReactFlowState<FlowNode, FlowEdge>

function colorOf(node: FlowNode): string {
  if (node.type === 'frame') return FRAME_COLOR
  if (node.type === 'note') return NOTE_COLOR
  const kind = getNodeKind(node.data.kind)
  return kind ? ROLE_COLOR[kind.role] : UNKNOWN
}

/** Draws the minimap for state `s`; returns the mapping it used, for pointer input. */
function draw(ctx: CanvasRenderingContext2D, s: State): MiniMapFrame {
  const view = viewRect(s.transform, s.width, s.height)
  let content: Rect | null = null
  for (const n of s.nodeLookup.values()) {
    if (n.hidden) continue
    const p = n.internals.positionAbsolute
    content = unionRects(content, { x: p.x, y: p.y, width: n.measured.width ?? 0, height: n.measured.height ?? 0 })
  }
  const frame = fitFrame(unionRects(content, view), WIDTH, HEIGHT, MARGIN)
  ctx.clearRect(0, 0, WIDTH, HEIGHT)
  ctx.lineWidth = 1
  ctx.strokeStyle = SELECTED_STROKE
  for (const n of s.nodeLookup.values()) {
    if (n.hidden) continue
    const a = toMiniMap(frame, n.internals.positionAbsolute.x, n.internals.positionAbsolute.y)
    const w = (n.measured.width ?? 0) * frame.scale
    const h = (n.measured.height ?? 0) * frame.scale
    ctx.fillStyle = colorOf(n.internals.userNode)
    ctx.fillRect(a.x, a.y, w, h)
    if (n.selected) ctx.strokeRect(a.x - 0.5, a.y - 0.5, w + 1, h + 1)
  }
  // Everything outside the view is dimmed: the minimap's outline with the view cut out of it.
  const v = toMiniMap(frame, view.x, view.y)
  const vw = view.width * frame.scale
  const vh = view.height * frame.scale
  ctx.beginPath()
  ctx.rect(0, 0, WIDTH, HEIGHT)
  ctx.rect(v.x, v.y, vw, vh)
  ctx.fillStyle = MASK
  ctx.fill('evenodd')
  ctx.strokeStyle = VIEW_STROKE
  ctx.strokeRect(v.x + 0.5, v.y + 0.5, vw - 1, vh - 1)
  return frame
}

export function CanvasMiniMap() {
  const store = useStoreApi<FlowNode, FlowEdge>()
  const flow = useReactFlow<FlowNode, FlowEdge>()
  const canvas = useRef<HTMLCanvasElement>(null)
  const frame = useRef<MiniMapFrame | null>(null)
  /** The mapping at the start of a press: the frame follows the view, so reading the pointer through a moving frame would feed back. */
  const pressFrame = useRef<MiniMapFrame | null>(null)

  useEffect(() => {
    const el = canvas.current
    const ctx = el?.getContext('2d')
    if (!el || !ctx) return
    const dpr = window.devicePixelRatio || 1
    el.width = Math.round(WIDTH * dpr)
    el.height = Math.round(HEIGHT * dpr)
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0)
    let raf = 0
    let timer: ReturnType<typeof setTimeout> | undefined
    let lastDraw = 0
    const redraw = () => {
      raf = 0
      lastDraw = performance.now()
      frame.current = draw(ctx, store.getState())
    }
    const nextFrame = () => {
      if (timer !== undefined) clearTimeout(timer)
      timer = undefined
      if (!raf) raf = requestAnimationFrame(redraw)
    }
    // Node moves redraw at most every NODES_REDRAW_MS: a dragged node's 3 px step is invisible at
    // minimap scale, and a redraw per drag update was measurable. View changes (pan, zoom, resize)
    // redraw on the next frame, so the view rectangle follows the canvas.
    const soon = () => {
      if (raf || timer !== undefined) return
      const wait = NODES_REDRAW_MS - (performance.now() - lastDraw)
      if (wait <= 0) nextFrame()
      else timer = setTimeout(nextFrame, wait)
    }
    nextFrame()
    // nodeLookup is updated in place, so a node change shows as a new `nodes` array (or new lookup).
    const unsubscribe = store.subscribe((s, p) => {
      if (s.transform !== p.transform || s.width !== p.width || s.height !== p.height) nextFrame()
      else if (s.nodes !== p.nodes || s.nodeLookup !== p.nodeLookup) soon()
    })
    return () => {
      unsubscribe()
      if (raf) cancelAnimationFrame(raf)
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [store])

  const centreAt = useCallback((e: React.PointerEvent<HTMLCanvasElement>, f: MiniMapFrame) => {
    const box = e.currentTarget.getBoundingClientRect()
    const p = toFlow(f, e.clientX - box.left, e.clientY - box.top)
    const { width, height, transform } = store.getState()
    const zoom = transform[2]
    void flow.setViewport({ x: width / 2 - p.x * zoom, y: height / 2 - p.y * zoom, zoom })
  }, [flow, store])

  const onPointerDown = useCallback((e: React.PointerEvent<HTMLCanvasElement>) => {
    if (e.button !== 0 || !frame.current) return
    e.currentTarget.setPointerCapture(e.pointerId)
    pressFrame.current = frame.current
    centreAt(e, frame.current)
  }, [centreAt])

  const onPointerMove = useCallback((e: React.PointerEvent<HTMLCanvasElement>) => {
    if (pressFrame.current) centreAt(e, pressFrame.current)
  }, [centreAt])

  const onPointerUp = useCallback(() => {
    pressFrame.current = null
  }, [])

  const onWheel = useCallback((e: React.WheelEvent) => {
    const { minZoom, maxZoom, transform } = store.getState()
    const zoom = Math.min(maxZoom, Math.max(minZoom, transform[2] * (e.deltaY < 0 ? ZOOM_STEP : 1 / ZOOM_STEP)))
    void flow.zoomTo(zoom)
  }, [flow, store])

  return (
    <Panel position="bottom-right" className="minimap">
      <canvas
        ref={canvas}
        style={{ width: WIDTH, height: HEIGHT }}
        role="img"
        aria-label="Mini map: press or drag to move the view, scroll to zoom"
        title="Press or drag to move the view, scroll to zoom"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
        onWheel={onWheel}
      />
    </Panel>
  )
}
