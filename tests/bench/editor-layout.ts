/**
 * Where the benchmark's 300 nodes sit, shared by the editor graph (editor-graph.ts) and the bare
 * React Flow page (editor-bare/), so both pages fit the same extent at about the same zoom and
 * show the same number of nodes on screen.
 */
export const NODE_COUNT = 300
/** Ten nodes make one pipeline; two pipelines share a row of the grid. */
export const UNIT_SIZE = 10
export const COLUMNS = 20
export const COLUMN_GAP = 300
export const ROW_GAP = 280

export function gridPosition(index: number): { x: number; y: number } {
  return { x: (index % COLUMNS) * COLUMN_GAP, y: Math.floor(index / COLUMNS) * ROW_GAP }
}

/**
 * The wires of one pipeline as [from, to] offsets inside its unit (see editor-graph.ts for the
 * kinds and ports); the bare page draws the same pairs so both pages have the same edge count.
 */
export const UNIT_WIRES: readonly (readonly [number, number])[] = [
  [0, 2], [2, 3], [1, 3], [3, 4], [1, 4], [4, 5], [1, 5], [5, 6], [6, 7], [3, 8], [8, 9],
]
