/**
 * Level of detail: below LOD_ZOOM a node's 11–13 px text is under 5 px on screen — unreadable —
 * yet the full face (ports with labels, summary lines, thumbnails: ~19 elements a node) is what
 * made dragging on a zoomed-out 300-node canvas miss its frame (paint, layerize and hit testing
 * all scale with elements). So nodes draw a compact face there, as ComfyUI's low-quality mode
 * does. React Flow's zoom changes on every wheel tick; the selector returns a boolean, so nodes
 * re-render only when the zoom crosses the threshold.
 */
import type { ReactFlowState } from '@xyflow/react'
import { createContext } from 'react'

export const LOD_ZOOM = 0.4

/** True while the canvas is zoomed out past the threshold. */
export const selectZoomedOut = (s: ReactFlowState): boolean => s.transform[2] < LOD_ZOOM

/**
 * The canvas subscribes once and hands the boolean down by context: 300 node subscriptions to
 * React Flow's store would each run on its every update (two per drag update), while a context
 * costs nothing until its value changes.
 */
export const ZoomedOutContext = createContext(false)

/**
 * Height of a full node face, for a compact node that has never been drawn in full (a graph
 * opened zoomed out), so both faces take the same space and wires keep their places when the
 * zoom crosses the threshold. Mirrors styles.css: head, port rows, summary list.
 */
export function estimateFullHeight(portRows: number, summaryLines: number): number {
  const head = 33
  const ports = 2 + portRows * 22 + 4
  const summary = summaryLines > 0 ? 1 + 6 + 8 + summaryLines * 18 : 0
  return 2 + head + ports + summary
}
