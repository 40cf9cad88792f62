/**
 * A fixed-row-height virtual list: only the rows in view (plus a few) are in the DOM, so ten
 * thousand jobs scroll as smoothly as ten. Row height is fixed on purpose: it makes the visible
 * range a division, with no measuring.
 */
import { useEffect, useRef, useState, type ReactNode } from 'react'

const OVERSCAN = 6

export function visibleRange(scrollTop: number, viewport: number, rowHeight: number, count: number): [number, number] {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN)
  const last = Math.min(count, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN)
  return [first, last]
}

export function VirtualList({ count, rowHeight, renderRow, className, scrollToIndex }: {
  count: number
  rowHeight: number
  renderRow(index: number): ReactNode
  className?: string
  scrollToIndex?: number
}) {
  const ref = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [height, setHeight] = useState(400)
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
    if (!el || scrollToIndex === undefined) return
    const top = scrollToIndex * rowHeight
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top - el.clientHeight / 2 + rowHeight / 2
  }, [scrollToIndex, rowHeight])
  const [first, last] = visibleRange(scrollTop, height, rowHeight, count)
  const rows: ReactNode[] = []
  for (let i = first; i < last; i++) {
    rows.push(<div key={i} className="vrow" style={{ top: i * rowHeight, height: rowHeight }}>{renderRow(i)}</div>)
  }
  return (
    <div ref={ref} className={`vlist ${className ?? ''}`} style={{ height: count * rowHeight }} onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}>
      <div style={{ height: count * rowHeight, position: 'relative' }}>{rows}</div>
    </div>
  )
}
