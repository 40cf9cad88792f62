/**
 * A virtual list: only the rows in view (plus a few) are in the DOM, so ten thousand jobs (or a
 * hundred thousand gallery images, a row of thumbnails each) scroll as smoothly as ten. Rows have
 * a fixed height (the visible range is a division, no measuring), or a height per row given up
 * front (the gallery's run headers): then the range is a binary search over their running sums,
 * still with no measuring.
 */
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'

const OVERSCAN = 6

export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN)
  return [first, last]
}

/** Row tops for per-row heights: tops[i] is row i's top, tops[count] the whole height. */
export function rowTops(count: number, heightOf: (index: number) => number): Float64Array {
  const tops = new Float64Array(count + 1)
  for (let i = 0; i < count; i++) tops[i + 1] = tops[i]! + heightOf(i)
  return tops
}

/** The row containing offset y (the last row whose top is ≤ y). */
function rowAt(tops: Float64Array, count: number, y: number): number {
  let lo = 0, hi = count
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (tops[mid]! <= y) lo = mid
    else hi = mid - 1
  }
  return Math.min(lo, Math.max(0, count - 1))
}

export function visibleRangeOf(tops: Float64Array, scrollTop: number, viewport: number, count: number): [number, number] {
  if (count === 0) return [0, 0]
  const first = Math.max(0, rowAt(tops, count, scrollTop) - OVERSCAN)
  const last = Math.min(count, rowAt(tops, count, scrollTop + viewport) + 1 + OVERSCAN)
  return [first, last]
}

export function VirtualList({ count, rowHeight, renderRow, className, scrollToIndex, label }: {
  count: number
  /** One height for every row, or a height per row (called once per row when `count` or it changes). */
  rowHeight: number | ((index: number) => number)
  renderRow(index: number): ReactNode
  className?: string
  scrollToIndex?: number
  label?: string
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
  const tops = useMemo(() => (typeof rowHeight === 'number' ? null : rowTops(count, rowHeight)), [count, rowHeight])
  const topOf = (i: number) => (tops ? tops[i]! : i * (rowHeight as number))
  const total = tops ? tops[count]! : count * (rowHeight as number)
  useEffect(() => {
    const el = ref.current
    if (!el) return
    const ro = new ResizeObserver(() => setHeight(el.clientHeight))
    ro.observe(el)
    setHeight(el.clientHeight)
    return () => ro.disconnect()
  }, [])
  useEffect(() => {
    const el = ref.current
    if (!el || scrollToIndex === undefined || scrollToIndex >= count) return
    const top = topOf(scrollToIndex)
    const h = topOf(scrollToIndex + 1) - top
    if (top < el.scrollTop || top + h > el.scrollTop + el.clientHeight) el.scrollTop = top - el.clientHeight / 2 + h / 2
  }, [scrollToIndex, rowHeight, tops])
  const [first, last] = tops ? visibleRangeOf(tops, scrollTop, height, count) : visibleRange(scrollTop, height, rowHeight as number, count)
  const rows: ReactNode[] = []
  for (let i = first; i < last; i++) {
    rows.push(<div key={i} className="vrow" style={{ top: topOf(i), height: topOf(i + 1) - topOf(i) }}>{renderRow(i)}</div>)
  }
  return (
    <div ref={ref} className={`vlist ${className ?? ''}`} style={tops ? undefined : { height: total }} aria-label={label} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: total, position: 'relative' }}>{rows}</div>
    </div>
  )
}
