/**
 * Where a new node goes: as near as possible to where the user asked (the cursor, the drop point,
 * the view's centre), inside the visible canvas and not overlapping another node or an overlay
 * (minimap, zoom controls). Pure: boxes in flow coordinates in, a position out.
 */
import type { Box } from '../store/frames.ts'

export const PLACE_STEP = 20
const GAP = 16
const MAX_RINGS = 120

function overlaps(a: Box, b: Box, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap
}

function within(box: Box, view: Box): boolean {
  return box.x >= view.x && box.y >= view.y && box.x + box.width <= view.x + view.width && box.y + box.height <= view.y + view.height
}

/** `want` moved inside `view` (as far as the size allows). */
export function clampInto(want: { x: number; y: number }, size: { width: number; height: number }, view: Box): { x: number; y: number } {
  return {
    x: Math.max(view.x, Math.min(want.x, view.x + view.width - size.width)),
    y: Math.max(view.y, Math.min(want.y, view.y + view.height - size.height)),
  }
}

/**
 * The free spot nearest to `want` (its top-left corner), searched in rings of PLACE_STEP: first
 * inside `view`, and if the view is full, the nearest free spot anywhere (the caller then pans to
 * it). Obstacles are node boxes and overlays; `view` null means "anywhere".
 */
export function freeSpot(want: { x: number; y: number }, size: { width: number; height: number }, obstacles: readonly Box[], view: Box | null): { x: number; y: number } {
  const start = view ? clampInto(want, size, view) : want
  const free = (x: number, y: number, inView: boolean) => {
    const box = { x, y, ...size }
    if (inView && view && !within(box, view)) return false
    return !obstacles.some((o) => overlaps(box, o, GAP))
  }
  for (const inView of view ? [true, false] : [false]) {
    const origin = inView ? start : want
    for (let r = 0; r <= MAX_RINGS; r++) {
      const ring: { x: number; y: number; d: number }[] = []
      for (let i = -r; i <= r; i++) {
        for (const [dx, dy] of r === 0 ? [[0, 0]] : [[i, -r], [i, r], [-r, i], [r, i]]) {
          const x = origin.x + dx! * PLACE_STEP
          const y = origin.y + dy! * PLACE_STEP
          ring.push({ x, y, d: dx! * dx! + dy! * dy! })
        }
      }
      ring.sort((a, b) => a.d - b.d)
      const hit = ring.find((p) => free(p.x, p.y, inView))
      if (hit) return { x: hit.x, y: hit.y }
    }
  }
  return start
}
