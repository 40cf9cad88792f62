/**
 * History: finished jobs, newest first, with thumbnails and the job's rating; filters by graph,
 * pack, model and minimum rating (server-side, GET /api/history). Refreshed when a job finishes.
 * "Open graph" re-opens the graph exactly as that job's run compiled it.
 */
import { useEffect, useMemo, useState } from 'react'
import type { HistoryResponse } from '../../../../engine/api/http.ts'
import { errorMessage } from '../../api/client.ts'
import { getHistory, getRunGraph, thumbUrl } from '../../api/run-endpoints.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { Stars } from '../Stars.tsx'
import { openAsNewDocument } from '../../document/actions.ts'
import { openReview } from '../../compare/overlay-state.ts'

const PAGE = 50

interface Filter { graphId: string; packId: string; model: string; minRating: string }

export function HistoryPanel() {
  const store = useEditorStoreApi()
  const server = useEditorStore((s) => s.server)
  const graphList = useEditorStore((s) => s.graphList)
  const packs = useEditorStore((s) => s.library?.packs)
  const models = useEditorStore((s) => s.resources?.models)
  // Finished count: changes exactly when a job finishes, which is when the list can change.
  const finished = useEditorStore((s) => (s.queue ? s.queue.counts.succeeded + s.queue.counts.failed + s.queue.counts.cancelled : 0))
  // A rating given elsewhere (the gallery, a node's thumbnail) shows here too.
  const ratingsVersion = useEditorStore((s) => s.ratingsVersion)
  const [filter, setFilter] = useState<Filter>({ graphId: '', packId: '', model: '', minRating: '' })
  const [page, setPage] = useState<HistoryResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [limit, setLimit] = useState(PAGE)
  /** Jobs ticked for "Compare selected" (any runs). */
  const [picked, setPicked] = useState<string[]>([])
  const togglePick = (jobId: string) => setPicked((p) => (p.includes(jobId) ? p.filter((x) => x !== jobId) : [...p, jobId]))

  useEffect(() => {
    if (server !== 'online') return
    const abort = new AbortController()
    // Debounced: a burst of finishing jobs is one request.
    const t = setTimeout(() => {
      getHistory({ ...filter, limit }, abort.signal).then((p) => { setPage(p); setError(null) }, (e) => !abort.signal.aborted && setError(errorMessage(e)))
    }, 250)
    return () => { clearTimeout(t); abort.abort() }
  }, [filter, limit, finished, server, ratingsVersion])

  const graphOptions = useMemo(() => graphList.map((g) => ({ id: g.id, name: g.name })), [graphList])
  const openName = useEditorStore((s) => s.meta.name)
  const openId = useEditorStore((s) => s.meta.id)
  // Ids are unique per document, so a name is never another graph's; a graph not in the library says so.
  const graphName = (id: string) => graphList.find((g) => g.id === id)?.name ?? (id === openId ? `${openName} (not in the library)` : `a graph not in the library (${id})`)
  if (server !== 'online') return <div className="panel-empty"><p>History needs the StableNew Flow server.</p></div>

  const reopen = async (runId: string) => {
    try {
      // A past run's graph is a copy to look at or run again: a new document, never the library graph by itself.
      const graph = await getRunGraph(runId)
      await openAsNewDocument(store, graph, 'Opened the graph as that run compiled it, as a new graph (Save keeps it).', `${graph.name} (from a run)`)
    } catch (e) {
      store.getState().showToast(errorMessage(e), 'error')
    }
  }
  const set = (k: keyof Filter) => (e: { target: { value: string } }) => { setLimit(PAGE); setFilter({ ...filter, [k]: e.target.value }) }
  return (
    <div className="history-panel">
      <div className="history-filters">
        <select value={filter.graphId} onChange={set('graphId')} aria-label="Graph">
          <option value="">All graphs</option>
          {graphOptions.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
        </select>
        <select value={filter.packId} onChange={set('packId')} aria-label="Pack">
          <option value="">All packs</option>
          {Object.values(packs ?? {}).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
        </select>
        <select value={filter.model} onChange={set('model')} aria-label="Model">
          <option value="">All models</option>
          {(models ?? []).map((m) => <option key={m} value={m}>{m}</option>)}
        </select>
        <select value={filter.minRating} onChange={set('minRating')} aria-label="Minimum rating">
          <option value="">Any rating</option>
          {[1, 2, 3, 4, 5].map((n) => <option key={n} value={n}>{'★'.repeat(n)} or more</option>)}
        </select>
      </div>
      {error && <p className="error-text small">{error}</p>}
      {page && <p className="muted small history-total">{page.total === 0 ? 'No finished jobs match.' : `${page.total} finished job${page.total === 1 ? '' : 's'}`}</p>}
      {picked.length > 0 && (
        <div className="history-picked">
          <button className="btn small" disabled={picked.length < 2} onClick={() => openReview({ kind: 'compare', jobIds: picked })} title="Compare the ticked jobs as an X/Y/Z grid">Compare {picked.length} selected</button>
          <button className="btn tiny" onClick={() => setPicked([])}>Clear</button>
        </div>
      )}
      <ul className="hlist">
        {page?.jobs.map((j) => (
          <li key={j.jobId} className={`hrow state-${j.state}`} data-job={j.jobId}>
            <div className="hthumbs">
              {j.thumbnails.slice(-4).map((a) => (
                <button key={a.artifactId} className="hthumb" onClick={() => store.getState().openLightbox(a.artifactId, page.jobs.flatMap((x) => x.thumbnails.slice(-4).map((t) => t.artifactId)))} title={`${a.stageId} ${a.width}×${a.height}`}>
                  <img src={thumbUrl(a.artifactId)} alt={`Job ${j.jobId.slice(0, 8)}, stage ${a.stageId}, image ${a.index + 1}`} loading="lazy" />
                  {a.rating ? <span className="hthumb-rating" title={`Rated ${a.rating} of 5`}>★{a.rating}</span> : null}
                </button>
              ))}
              {j.thumbnails.length === 0 && <span className="hthumb empty">no image</span>}
            </div>
            <div className="hbody">
              <div className="hprompt" title={j.prompt}>{j.prompt || <i className="muted">(empty prompt)</i>}</div>
              <div className="qmeta">
                <span className={`state-pill ${j.state}`}>{j.state}</span> {graphName(j.graphId)}{j.packId ? ` · ${j.packId}` : ''} · seed {j.seed} · {j.model || 'loaded model'}
                {j.finishedAt && ` · ${new Date(j.finishedAt).toLocaleTimeString()}`}
              </div>
              {j.lastError && <div className="qerror">{j.lastError}</div>}
              <div className="hactions">
                <span className="job-rating" title="Rate the whole job (the images are rated on their thumbnails)"><span className="muted small">Job</span> <Stars targetKind="job" targetId={j.jobId} rating={j.rating} /></span>
                <button className="btn tiny" onClick={() => void reopen(j.runId)} title="Open the graph this job came from">Open graph</button>
                <button className="btn tiny" onClick={() => openReview({ kind: 'compare', runId: j.runId })} title="Compare this job's run as an X/Y/Z grid">Compare</button>
                <label className="muted small hpick"><input type="checkbox" checked={picked.includes(j.jobId)} onChange={() => togglePick(j.jobId)} aria-label={`Select job ${j.jobId.slice(0, 8)} to compare`} /> select</label>
              </div>
            </div>
          </li>
        ))}
      </ul>
      {page && page.total > page.jobs.length && <button className="btn small more" onClick={() => setLimit(Math.min(limit + PAGE, 200))} disabled={limit >= 200}>Show more</button>}
    </div>
  )
}
