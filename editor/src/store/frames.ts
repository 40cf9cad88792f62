/**
 * Groups (frames) move the nodes inside them, as in ComfyUI: membership is geometric and decided
 * when a frame's drag starts (every node, note or smaller frame whose box lies inside it), so
 * nothing about it is stored and resizing a frame over nodes adopts them. Only frame drags pay
 * for this; a stage-node drag costs one null check per update.
 */
import type { NodeChange, NodePositionChange } from '@xyflow/react'
import type { FlowNode } from './flow-types.ts'

export interface Box { x: number; y: number; width: number; height: number }

/** Default size of a node not yet measured (a stage node's face is 240 wide). */
export const UNMEASURED = { width: 240, height: 160 }

export function boxOf(n: FlowNode): Box {
  return {
    x: n.position.x,
    y: n.position.y,
    width: n.width ?? n.measured?.width ?? UNMEASURED.width,
    height: n.height ?? n.measured?.height ?? UNMEASURED.height,
  }
}

export function contains(outer: Box, inner: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height
}

/** The nodes a frame carries: inside its box, not itself, and not already moved by the drag (selected ones). */
export function frameMembers(frame: FlowNode, nodes: readonly FlowNode[]): FlowNode[] {
  const box = boxOf(frame)
  return nodes.filter((n) => n.id !== frame.id && !n.selected && contains(box, boxOf(n)))
}

interface FrameDrag { start: { x: number; y: number }; members: { id: string; x: number; y: number }[] }
export type FrameDrags = Map<string, FrameDrag>

/** At a drag's start: the frames being dragged and what each carries (null when no frame moves). */
export function startFrameDrags(changes: readonly NodeChange<FlowNode>[], nodes: readonly FlowNode[]): FrameDrags | null {
  let drags: FrameDrags | null = null
  const carried = new Set<string>()
  for (const c of changes) {
    if (c.type !== 'position' || !c.dragging) continue
    const frame = nodes.find((n) => n.id === c.id)
    if (frame?.type !== 'frame') continue
    // A node inside two dragged frames (nested) moves once.
    const members = frameMembers(frame, nodes).filter((m) => !carried.has(m.id))
    for (const m of members) carried.add(m.id)
    ;(drags ??= new Map()).set(frame.id, { start: { ...frame.position }, members: members.map((m) => ({ id: m.id, ...m.position })) })
  }
  return drags
}

/** The position changes that move each dragged frame's members by the frame's offset. */
export function followFrames(changes: readonly NodeChange<FlowNode>[], drags: FrameDrags): NodePositionChange[] {
  const out: NodePositionChange[] = []
  for (const c of changes) {
    if (c.type !== 'position' || !c.position) continue
    const d = drags.get(c.id)
    if (!d) continue
    const dx = c.position.x - d.start.x
    const dy = c.position.y - d.start.y
    for (const m of d.members) out.push({ id: m.id, type: 'position', position: { x: m.x + dx, y: m.y + dy }, dragging: c.dragging ?? false })
  }
  return out
}

/** A frame's box around `boxes`: a margin on each side and room for the 32 px title above. */
export function frameAround(boxes: readonly Box[], margin = 20, title = 32): Box {
  const x0 = Math.min(...boxes.map((b) => b.x))
  const y0 = Math.min(...boxes.map((b) => b.y))
  const x1 = Math.max(...boxes.map((b) => b.x + b.width))
  const y1 = Math.max(...boxes.map((b) => b.y + b.height))
  return { x: x0 - margin, y: y0 - margin - title, width: x1 - x0 + 2 * margin, height: y1 - y0 + 2 * margin + title }
}
