/**
 * The gallery grid: a virtual list (preview/VirtualList.tsx, with per-row heights for the run
 * headers) whose rows are thumbnails, so 100,000 images keep a few hundred elements in the DOM
 * and load only the thumbnails in view. One tab stop: arrows move the focus, 1–5 rate, 0 clears,
 * Enter opens the viewer, Space / Ctrl-click / Shift-click select, Delete deletes.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react'
import type { GalleryImage } from '../../../engine/api/gallery.ts'
import { thumbUrl } from '../api/run-endpoints.ts'
import { VirtualList } from '../preview/VirtualList.tsx'
import { formatBytes } from './endpoints.ts'
import { buildLayout, moveFocus, rangeOf, type GridLayout, type RunGroup } from './layout.ts'
import type { GalleryData } from './use-gallery-data.ts'

export const CELL = 168
const HEADER = 40

export interface GridActions {
  rate(indexes: number[], rating: number): void
  open(index: number): void
  remove(indexes: number[]): void
  runAction(runId: string, action: 'delete' | 'keep-rated'): void
}

function RunHeader({ group, bytes, graphName, onAction }: { group: RunGroup; bytes: number | undefined; graphName: string; onAction: GridActions['runAction'] }) {
  return (
    <div className="gallery-run" data-run={group.runId} role="row">
      <div className="gallery-run-cell" role="gridcell">
      <b>{new Date(group.createdAt).toLocaleString()}</b>
      <span className="muted">{graphName} · run <code>{group.runId}</code> · {group.count.toLocaleString()} image{group.count === 1 ? '' : 's'}{bytes !== undefined ? ` · ${formatBytes(bytes)} on disk` : ''}</span>
      <span className="gallery-run-actions">
        <button className="btn tiny" onClick={() => onAction(group.runId, 'keep-rated')} title="Delete this run's images rated below a number of stars (unrated ones too)">Keep rated…</button>
        <button className="btn tiny danger" onClick={() => onAction(group.runId, 'delete')} title="Delete every image of this run (ratings are kept)">Delete run</button>
      </span>
      </div>
    </div>
  )
}

const Cell = memo(function Cell({ index, image, rating, focused, selected, onPointer, onOpen }: {
  index: number; image: GalleryImage | undefined; rating: number | null; focused: boolean; selected: boolean
  onPointer(index: number, e: React.MouseEvent): void; onOpen(index: number): void
}) {
  const cls = `gallery-cell${focused ? ' focused' : ''}${selected ? ' selected' : ''}`
  if (!image) return <div className={`${cls} loading`} id={`gcell-${index}`} role="gridcell" aria-selected={selected} aria-busy="true" />
  return (
    <div className={cls} id={`gcell-${index}`} role="gridcell" aria-selected={selected} data-artifact={image.artifactId} data-rating={rating ?? 0}
      aria-label={`Image ${index + 1}: ${image.stageId}, ${rating ? `rated ${rating} of 5` : 'unrated'}`}
      onMouseDown={(e) => onPointer(index, e)} onDoubleClick={() => onOpen(index)} title={image.prompt ?? undefined}>
      <img src={thumbUrl(image.artifactId)} alt="" loading="lazy" decoding="async" draggable={false} />
      {rating ? <span className="gallery-rating">{'★'.repeat(rating)}</span> : null}
      {image.state && image.state !== 'succeeded' && <span className={`gallery-state ${image.state}`}>{image.state}</span>}
      {selected && <span className="gallery-check" aria-hidden="true">✓</span>}
    </div>
  )
})

export function GalleryGrid({ data, flat, focus, setFocus, selected, setSelected, actions, runBytes, graphName }: {
  data: GalleryData
  /** No run headers (sorted by rating). */
  flat: boolean
  focus: number
  setFocus(i: number): void
  selected: ReadonlySet<number>
  setSelected(s: Set<number>): void
  actions: GridActions
  runBytes: ReadonlyMap<string, number>
  graphName(id: string | null): string
}) {
  const wrap = useRef<HTMLDivElement>(null)
  const [width, setWidth] = useState(1000)
  useEffect(() => {
    const el = wrap.current
    if (!el) return
    const ro = new ResizeObserver(() => setWidth(el.clientWidth))
    ro.observe(el)
    setWidth(el.clientWidth)
    // Keyboard-first: the grid has the focus as soon as the gallery opens.
    el.focus()
    return () => ro.disconnect()
  }, [])
  const cols = Math.max(1, Math.floor((width - 24) / CELL))
  const layout: GridLayout = useMemo(() => buildLayout(flat ? null : data.groups ?? [], data.total, cols), [flat, data.groups, data.total, cols])
  const heightOf = useMemo(() => (i: number) => (layout.rows[i]!.kind === 'header' ? HEADER : CELL), [layout])
  const anchor = useRef(focus)

  const onPointer = (index: number, e: React.MouseEvent) => {
    wrap.current?.focus()
    if (e.shiftKey) setSelected(new Set([...selected, ...rangeOf(anchor.current, index)]))
    else if (e.ctrlKey || e.metaKey) {
      const next = new Set(selected)
      if (next.has(index)) next.delete(index)
      else next.add(index)
      setSelected(next)
      anchor.current = index
    } else {
      anchor.current = index
      if (selected.size > 0) setSelected(new Set())
    }
    setFocus(index)
  }
  /** What a rating or delete key acts on: the selection when the focus is in it, else the focused image. */
  const targets = (): number[] => (selected.size > 0 && selected.has(focus) ? [...selected].sort((a, b) => a - b) : [focus])

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (layout.total === 0 || e.altKey) return
    const pageRows = Math.max(1, Math.floor((wrap.current?.clientHeight ?? 600) / CELL))
    if (['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'].includes(e.key)) {
      e.preventDefault()
      const next = moveFocus(layout, focus, e.key, pageRows)
      if (e.shiftKey) setSelected(new Set([...selected, ...rangeOf(focus, next)]))
      else anchor.current = next
      setFocus(next)
    } else if (/^[0-5]$/.test(e.key) && !e.ctrlKey && !e.metaKey) {
      e.preventDefault()
      actions.rate(targets(), Number(e.key))
    } else if (e.key === 'Enter') {
      e.preventDefault()
      actions.open(focus)
    } else if (e.key === ' ') {
      e.preventDefault()
      const next = new Set(selected)
      if (next.has(focus)) next.delete(focus)
      else next.add(focus)
      setSelected(next)
    } else if (e.key === 'Delete' || e.key === 'Backspace') {
      e.preventDefault()
      actions.remove(targets())
    } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'a') {
      e.preventDefault()
      setSelected(new Set(rangeOf(0, layout.total - 1)))
    }
  }

  const renderRow = (r: number) => {
    const row = layout.rows[r]!
    if (row.kind === 'header') {
      const g = data.groups![row.group]!
      return <RunHeader group={g} bytes={runBytes.get(g.runId)} graphName={graphName(g.graphId)} onAction={actions.runAction} />
    }
    const cells = []
    for (let k = 0; k < row.count; k++) {
      const i = row.start + k
      const img = data.imageAt(i)
      cells.push(<Cell key={i} index={i} image={img} rating={img ? data.ratingOf(img) : null} focused={i === focus} selected={selected.has(i)} onPointer={onPointer} onOpen={actions.open} />)
    }
    return <div className="gallery-row" role="row">{cells}</div>
  }

  return (
    <div ref={wrap} className="gallery-grid" tabIndex={0} role={layout.total > 0 ? "grid" : undefined} aria-multiselectable="true" aria-label="Images (arrows move, 1–5 rate, 0 clears, Enter opens)"
      aria-activedescendant={layout.total > 0 ? `gcell-${focus}` : undefined} onKeyDown={onKeyDown}>
      {layout.total === 0
        ? <p className="panel-empty">{data.groups === null ? 'Loading…' : 'No images match.'}</p>
        : <VirtualList className="gallery-list" count={layout.rows.length} rowHeight={heightOf} scrollToIndex={layout.rowOf(focus)} renderRow={renderRow} />}
    </div>
  )
}
