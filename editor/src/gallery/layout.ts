/**
 * The gallery grid's layout, pure: the runs (each a header row, then rows of `cols` thumbnails)
 * turned into rows of a virtual list, the image index ↔ row mapping, and where the arrow keys go.
 * Images are numbered in the server's order (0 … total-1), so image i is at offset i of the page
 * query with the same filters.
 */

export interface RunGroup { runId: string; createdAt: string; graphId: string | null; count: number }

export type GridRow =
  | { kind: 'header'; group: number }
  | { kind: 'images'; group: number; start: number; count: number }

export interface GridLayout {
  rows: GridRow[]
  cols: number
  total: number
  /** Row index of image i. */
  rowOf(index: number): number
}

/** `groups` null: one flat list (sort by rating), no run headers. */
export function buildLayout(groups: readonly RunGroup[] | null, total: number, cols: number): GridLayout {
  const c = Math.max(1, Math.floor(cols))
  const rows: GridRow[] = []
  const imageRowIndex: number[] = []
  const imageRowStart: number[] = []
  const addImages = (group: number, start: number, count: number) => {
    for (let k = 0; k < count; k += c) {
      imageRowIndex.push(rows.length)
      imageRowStart.push(start + k)
      rows.push({ kind: 'images', group, start: start + k, count: Math.min(c, count - k) })
    }
  }
  if (groups === null) {
    addImages(0, 0, total)
  } else {
    let start = 0
    groups.forEach((g, gi) => {
      rows.push({ kind: 'header', group: gi })
      addImages(gi, start, g.count)
      start += g.count
    })
  }
  const rowOf = (index: number): number => {
    // The last image row starting at or before `index`.
    let lo = 0, hi = imageRowStart.length - 1
    if (hi < 0) return 0
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (imageRowStart[mid]! <= index) lo = mid
      else hi = mid - 1
    }
    return imageRowIndex[lo]!
  }
  const counted = groups === null ? total : groups.reduce((s, g) => s + g.count, 0)
  return { rows, cols: c, total: counted, rowOf }
}

/** The image the key moves focus to from `index` (the same index when it cannot move). */
export function moveFocus(layout: GridLayout, index: number, key: string, pageRows = 4): number {
  const { rows, total } = layout
  if (total === 0) return 0
  const clamp = (i: number) => Math.max(0, Math.min(total - 1, i))
  if (key === 'ArrowLeft') return clamp(index - 1)
  if (key === 'ArrowRight') return clamp(index + 1)
  if (key === 'Home') return 0
  if (key === 'End') return total - 1
  const step = key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : key === 'PageDown' ? pageRows : key === 'PageUp' ? -pageRows : 0
  if (step === 0) return index
  const r = layout.rowOf(clamp(index))
  const here = rows[r] as Extract<GridRow, { kind: 'images' }>
  const col = clamp(index) - here.start
  // Walk image rows (skipping run headers), keeping the column where the row is long enough.
  let target = r
  let left = Math.abs(step)
  for (let k = r + Math.sign(step); k >= 0 && k < rows.length && left > 0; k += Math.sign(step)) {
    if (rows[k]!.kind === 'images') { target = k; left-- }
  }
  if (target === r) return index
  const row = rows[target] as Extract<GridRow, { kind: 'images' }>
  return row.start + Math.min(col, row.count - 1)
}

/** Indexes from a to b inclusive, either order (shift-click selection). */
export function rangeOf(a: number, b: number): number[] {
  const lo = Math.min(a, b), hi = Math.max(a, b)
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
}
