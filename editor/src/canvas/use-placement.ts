/**
 * Placement in the live canvas: the visible part of the canvas in flow coordinates (the canvas
 * element sits between the side panels, so "in view" is never under a panel), minus the minimap
 * and zoom controls, and the boxes of the nodes already there. New nodes go to the free spot
 * nearest to where the user asked (canvas/placement.ts); a node that still lands outside the view
 * (the view was full, or a wire was dropped at the edge) is panned into view.
 */
import { useReactFlow } from '@xyflow/react'
import { useCallback, useMemo } from 'react'
import { useEditorStoreApi } from '../store/context.tsx'
import type { FlowEdge, FlowNode } from '../store/flow-types.ts'
import { boxOf, type Box } from '../store/frames.ts'
import { freeSpot } from './placement.ts'

const VIEW_MARGIN = 12
const DUPLICATE_OFFSET = 40
const OVERLAYS = '.canvas .react-flow__panel.minimap, .canvas .react-flow__controls'

export function usePlacement() {
  const flow = useReactFlow<FlowNode, FlowEdge>()
  const store = useEditorStoreApi()

  const toFlowBox = useCallback((r: DOMRect | { left: number; top: number; right: number; bottom: number }): Box => {
    const a = flow.screenToFlowPosition({ x: r.left, y: r.top }, { snapToGrid: false })
    const b = flow.screenToFlowPosition({ x: r.right, y: r.bottom }, { snapToGrid: false })
    return { x: a.x, y: a.y, width: b.x - a.x, height: b.y - a.y }
  }, [flow])

  const canvasRect = () => document.querySelector('.canvas')?.getBoundingClientRect() ?? null

  const viewBox = useCallback((): Box | null => {
    const r = canvasRect()
    if (!r || r.width === 0) return null
    return toFlowBox({ left: r.left + VIEW_MARGIN, top: r.top + VIEW_MARGIN, right: r.right - VIEW_MARGIN, bottom: r.bottom - VIEW_MARGIN })
  }, [toFlowBox])

  /** The free spot nearest `want` (flow coordinates, the new box's top-left). */
  const place = useCallback((want: { x: number; y: number }, size: { width: number; height: number }) => {
    const overlays = [...document.querySelectorAll(OVERLAYS)].map((el) => toFlowBox(el.getBoundingClientRect()))
    // Groups are not obstacles: a node may be placed inside one.
    const boxes = store.getState().nodes.filter((n) => n.type !== 'frame').map(boxOf)
    const p = freeSpot(want, size, [...boxes, ...overlays], viewBox())
    return { x: Math.round(p.x), y: Math.round(p.y) }
  }, [store, toFlowBox, viewBox])

  /** Where a copy of the selection goes: the nearest free spot to 40 units down-right of it (flow coordinates of its top-left). */
  const duplicateAt = useCallback((): { x: number; y: number } | null => {
    const picked = store.getState().nodes.filter((n) => n.selected).map(boxOf)
    if (picked.length === 0) return null
    const x0 = Math.min(...picked.map((b) => b.x))
    const y0 = Math.min(...picked.map((b) => b.y))
    const size = { width: Math.max(...picked.map((b) => b.x + b.width)) - x0, height: Math.max(...picked.map((b) => b.y + b.height)) - y0 }
    return place({ x: x0 + DUPLICATE_OFFSET, y: y0 + DUPLICATE_OFFSET }, size)
  }, [store, place])

  /** Pans (animated) just enough to show `box` whole, if part of it is outside the view. */
  const ensureVisible = useCallback((box: Box) => {
    const view = viewBox()
    if (!view) return
    const dx = box.x < view.x ? view.x - box.x : box.x + box.width > view.x + view.width ? view.x + view.width - box.x - box.width : 0
    const dy = box.y < view.y ? view.y - box.y : box.y + box.height > view.y + view.height ? view.y + view.height - box.y - box.height : 0
    if (dx === 0 && dy === 0) return
    const v = flow.getViewport()
    void flow.setViewport({ x: v.x + dx * v.zoom, y: v.y + dy * v.zoom, zoom: v.zoom }, { duration: 200 })
  }, [flow, viewBox])

  return useMemo(() => ({ place, duplicateAt, ensureVisible, viewBox }), [place, duplicateAt, ensureVisible, viewBox])
}
