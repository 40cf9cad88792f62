/**
 * X/Y/Z compare grid of one run (or of jobs selected in History): choose two fields that vary between its jobs as the axes (and a
 * third as tabs), the stage whose images the cells show, rate each cell in place, and export the
 * grid as one labelled PNG (the same picture `flow grid` writes). Cells are laid out with the
 * engine's layoutGrid, as the server lays out the PNG.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import type { CompareResponse } from '../../../engine/api/learning.ts'
import { valueLabel } from '../../../engine/learning/fields.ts'
import { layoutGrid } from '../../../engine/learning/grid.ts'
import { errorMessage } from '../api/client.ts'
import { thumbUrl } from '../api/run-endpoints.ts'
import { Stars } from '../panels/Stars.tsx'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { getCompare, getCompareJobs, gridPngUrl } from './endpoints.ts'
import { openReview } from './overlay-state.ts'
import './compare.css'

type Job = CompareResponse['jobs'][number]

/** The image a cell shows: the chosen stage's first image, or the job's last stage's (as the exported PNG). */
function cellImage(job: Job, stage: string) {
  const want = stage || job.finalStage
  return job.artifacts.find((a) => a.stageId === want)
}

export default function CompareView({ runId, jobIds }: { runId?: string; jobIds?: readonly string[] }) {
  const store = useEditorStoreApi()
  const [data, setData] = useState<CompareResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [x, setX] = useState('')
  const [y, setY] = useState('')
  const [z, setZ] = useState('')
  const [zIndex, setZIndex] = useState(0)
  const [stage, setStage] = useState('')
  const [ratings, setRatings] = useState<Record<string, number>>({})
  const axesSet = useRef(false)
  // Changes exactly when a job finishes: a run still going fills its cells in (axes kept).
  const finished = useEditorStore((s) => (s.queue ? s.queue.counts.succeeded + s.queue.counts.failed + s.queue.counts.cancelled : 0))

  useEffect(() => {
    const abort = new AbortController()
    const load = runId !== undefined ? getCompare(runId, abort.signal) : getCompareJobs(jobIds ?? [], abort.signal)
    load.then((d) => {
      setData(d)
      setError(null)
      // Default axes once; later refreshes keep what the user chose (Y "none" included).
      if (!axesSet.current) {
        axesSet.current = true
        setX(d.fields[0]?.key ?? '')
        setY(d.fields[1]?.key ?? '')
      }
    }, (e) => !abort.signal.aborted && setError(errorMessage(e)))
    return () => abort.abort()
  }, [runId, jobIds, finished])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape' && !store.getState().lightbox) openReview(null) }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])

  const grid = useMemo(() => (data && x ? layoutGrid(data.jobs, { x, y: y || undefined, z: z || undefined }) : null), [data, x, y, z])
  const jobs = useMemo(() => new Map(data?.jobs.map((j) => [j.jobId, j]) ?? []), [data])

  const pick = (axis: 'x' | 'y' | 'z', key: string) => {
    // A field sits on one axis only: taking the field another axis holds swaps the two.
    const current = { x, y, z }
    const next = { ...current, [axis]: key }
    for (const other of ['x', 'y', 'z'] as const) if (other !== axis && key !== '' && current[other] === key) next[other] = current[axis]
    if (!next.x) next.x = data?.fields.find((f) => f.key !== next.y && f.key !== next.z)?.key ?? ''
    setX(next.x)
    setY(next.y)
    setZ(next.z)
    if (next.z !== z) setZIndex(0)
  }
  const field = (axis: 'x' | 'y' | 'z', value: string, optional: boolean) => (
    <label className="compare-axis">
      <span>{axis.toUpperCase()}</span>
      <select aria-label={`${axis.toUpperCase()} axis`} value={value} onChange={(e) => pick(axis, e.target.value)}>
        {optional && <option value="">— none —</option>}
        {data?.fields.map((f) => <option key={f.key} value={f.key}>{f.key} ({f.values.length})</option>)}
      </select>
    </label>
  )

  const layout = grid?.ok ? grid.layout : null
  const zValue = layout?.z ? valueLabel(layout.z.values[zIndex] ?? null) : undefined
  const source = runId !== undefined ? { runId } : { jobIds: jobIds ?? [] }
  const title = runId ?? `${jobIds?.length ?? 0} selected jobs`
  const exportUrl = layout ? gridPngUrl(source, { x, y: y || undefined, z: z || undefined, zValue, stage: stage || undefined }) : null
  const rows = layout ? layout.cells[Math.min(zIndex, layout.cells.length - 1)]! : []
  const imageIds = rows.flatMap((r) => r.flatMap((ids) => { const j = ids[0] && jobs.get(ids[0]); const a = j && cellImage(j, stage); return a ? [a.artifactId] : [] }))

  return (
    <div className="review-overlay compare-view" role="dialog" aria-label={`Compare ${runId ? `run ${runId}` : title}`}>
      <header className="review-head">
        <h2>Compare <span className="muted">{title}</span></h2>
        <button className="btn small" onClick={() => openReview(null)} aria-label="Close compare">Close</button>
      </header>
      {error && <p className="error-text">{error}</p>}
      {data && data.fields.length === 0 && <p className="muted">Every job of this run has the same settings: there is nothing to compare.</p>}
      {data && data.fields.length > 0 && (
        <div className="compare-controls">
          {field('x', x, false)}
          {field('y', y, true)}
          {field('z', z, true)}
          <label className="compare-axis">
            <span>Stage</span>
            <select aria-label="Stage" value={stage} onChange={(e) => setStage(e.target.value)}>
              <option value="">Final image</option>
              {data.stages.map((s) => <option key={s.stageId} value={s.stageId}>{s.label} ({s.kind})</option>)}
            </select>
          </label>
          {exportUrl && <a className="btn small export-png" href={exportUrl} download={`${runId ?? 'selection'}-grid.png`}>Export PNG</a>}
        </div>
      )}
      {grid && !grid.ok && <p className="error-text">{grid.message}</p>}
      {layout?.z && (
        <div className="compare-tabs" role="tablist" aria-label={layout.z.key}>
          {layout.z.values.map((v, i) => (
            <button key={i} role="tab" aria-selected={i === zIndex} className={`tab${i === zIndex ? ' active' : ''}`} onClick={() => setZIndex(i)}>{layout.z!.key} = {valueLabel(v)}</button>
          ))}
        </div>
      )}
      {layout && (
        <div className="compare-scroll">
          <table className="compare-grid">
            <thead>
              <tr>
                <th className="corner">{layout.y ? `${layout.y.key} ╲ ${layout.x.key}` : layout.x.key}</th>
                {layout.x.values.map((v, i) => <th key={i} scope="col">{valueLabel(v)}</th>)}
              </tr>
            </thead>
            <tbody>
              {rows.map((row, yi) => (
                <tr key={yi}>
                  <th scope="row">{layout.y ? valueLabel(layout.y.values[yi] ?? null) : ''}</th>
                  {row.map((ids, xi) => {
                    const job = ids[0] ? jobs.get(ids[0]) : undefined
                    const art = job && cellImage(job, stage)
                    return (
                      <td key={xi} className="compare-cell" data-x={xi} data-y={yi} data-artifact={art?.artifactId}>
                        {!job && <span className="muted small">no job</span>}
                        {job && !art && <span className={`state-pill ${job.state}`}>{job.state === 'succeeded' ? 'no image' : job.state}</span>}
                        {art && (
                          <>
                            <button className="compare-thumb" onClick={() => store.getState().openLightbox(art.artifactId, imageIds)} title={`Job ${job.jobId.slice(0, 8)}${ids.length > 1 ? ` (+${ids.length - 1} more in this cell)` : ''}`}>
                              <img src={thumbUrl(art.artifactId)} alt={`${layout.x.key} ${valueLabel(layout.x.values[xi] ?? null)}${layout.y ? `, ${layout.y.key} ${valueLabel(layout.y.values[yi] ?? null)}` : ''}`} loading="lazy" />
                              {ids.length > 1 && <span className="compare-more">+{ids.length - 1}</span>}
                            </button>
                            <Stars size="large" targetKind="image" targetId={art.artifactId} rating={ratings[art.artifactId] ?? art.rating} label={`Rating of ${valueLabel(layout.x.values[xi] ?? null)}${layout.y ? ` / ${valueLabel(layout.y.values[yi] ?? null)}` : ''}`}
                              onRated={(n) => setRatings((r) => ({ ...r, [art.artifactId]: n }))} />
                          </>
                        )}
                      </td>
                    )
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
