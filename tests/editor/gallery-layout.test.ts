/** The gallery grid's layout and keyboard moves, and the virtual list's range with per-row heights. */
import { describe, expect, it } from 'vitest'
import { buildLayout, moveFocus, rangeOf } from '../../editor/src/gallery/layout.ts'
import { rowTops, visibleRangeOf } from '../../editor/src/preview/VirtualList.tsx'

const run = (runId: string, count: number) => ({ runId, createdAt: '2026-01-01T00:00:00Z', graphId: 'g', count })

describe('gallery layout', () => {
  // Run a: 5 images (rows of 3: [0 1 2] [3 4]); run b: 4 images ([5 6 7] [8]).
  const layout = buildLayout([run('a', 5), run('b', 4)], 9, 3)

  it('puts a header before each run and its images in rows of `cols`', () => {
    expect(layout.rows).toEqual([
      { kind: 'header', group: 0 },
      { kind: 'images', group: 0, start: 0, count: 3 },
      { kind: 'images', group: 0, start: 3, count: 2 },
      { kind: 'header', group: 1 },
      { kind: 'images', group: 1, start: 5, count: 3 },
      { kind: 'images', group: 1, start: 8, count: 1 },
    ])
    expect([0, 2, 3, 4, 5, 8].map(layout.rowOf)).toEqual([1, 1, 2, 2, 4, 5])
  })

  it('moves left/right through the list and up/down by column across run headers', () => {
    expect(moveFocus(layout, 2, 'ArrowRight')).toBe(3)
    expect(moveFocus(layout, 0, 'ArrowLeft')).toBe(0)
    expect(moveFocus(layout, 8, 'ArrowRight')).toBe(8)
    expect(moveFocus(layout, 1, 'ArrowDown')).toBe(4)
    // Column 2 does not exist in the short row: the last image of that row.
    expect(moveFocus(layout, 2, 'ArrowDown')).toBe(4)
    // Down from run a's last row skips run b's header.
    expect(moveFocus(layout, 4, 'ArrowDown')).toBe(6)
    expect(moveFocus(layout, 6, 'ArrowUp')).toBe(4)
    expect(moveFocus(layout, 0, 'ArrowUp')).toBe(0)
    expect(moveFocus(layout, 8, 'ArrowDown')).toBe(8)
    expect(moveFocus(layout, 1, 'PageDown', 2)).toBe(6)
    expect(moveFocus(layout, 4, 'End')).toBe(8)
    expect(moveFocus(layout, 4, 'Home')).toBe(0)
  })

  it('lays out a flat list without headers (sorted by rating)', () => {
    const flat = buildLayout(null, 7, 3)
    expect(flat.rows.map((r) => r.kind)).toEqual(['images', 'images', 'images'])
    expect(moveFocus(flat, 5, 'ArrowDown')).toBe(6)
  })

  it('selects ranges in either direction', () => {
    expect(rangeOf(4, 2)).toEqual([2, 3, 4])
  })

  it('keeps 100,000 images as a few thousand rows', () => {
    const groups = Array.from({ length: 1000 }, (_, i) => run(`r${i}`, 100))
    const big = buildLayout(groups, 100_000, 8)
    expect(big.rows).toHaveLength(1000 * (1 + 13))
    expect(big.rowOf(99_999)).toBe(big.rows.length - 1)
  })
})

describe('virtual list with per-row heights', () => {
  it('finds the rows in view by their running sums', () => {
    // Rows alternate 40 (a header) and 168 (thumbnails).
    const tops = rowTops(100, (i) => (i % 2 === 0 ? 40 : 168))
    expect(tops[2]).toBe(208)
    expect(tops[100]).toBe(50 * 208)
    const [first, last] = visibleRangeOf(tops, 208 * 20, 600, 100)
    // Row 40 is at the top of the view; a few rows either side are rendered too.
    expect(first).toBeLessThanOrEqual(40)
    expect(first).toBeGreaterThanOrEqual(30)
    expect(last).toBeGreaterThan(40 + 4)
    expect(last).toBeLessThanOrEqual(40 + 6 + 1 + 6)
    expect(visibleRangeOf(tops, 0, 600, 0)).toEqual([0, 0])
  })
})
