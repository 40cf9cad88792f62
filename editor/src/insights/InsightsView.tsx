/**
 * Learning insights: for each field that varied across the finished jobs (filtered by graph,
 * pack, model, date), the mean rating per value with its count and 95% interval, failure and
 * cancel counts, and a chart; the ratings + settings as CSV; and "Suggest the next run": sweeps
 * narrowed around the best-rated values with their evidence, accepted into a randomizer of the
 * open graph in one undoable step.
 */
import { lazy, Suspense, useEffect, useMemo, useState } from 'react'
import type { InsightsResponse } from '../../../engine/api/learning.ts'
import { valueLabel } from '../../../engine/learning/fields.ts'
import { errorMessage } from '../api/client.ts'
import { getInsights, insightsCsvUrl, type InsightsFilter } from '../compare/endpoints.ts'
import { openReview } from '../compare/overlay-state.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { acceptSuggestion, randomizerNodes } from './accept.ts'
import '../compare/compare.css'
import './insights.css'

const InsightChart = lazy(() => import('./InsightChart.tsx').then((m) => ({ default: m.InsightChart })))

const pct = (n: number, of: number): string => (of === 0 || n === 0 ? '' : `${n} (${Math.round((n / of) * 100)}%)`)

export default function InsightsView() {
  const store = useEditorStoreApi()
  const graphList = useEditorStore((s) => s.graphList)
  const packs = useEditorStore((s) => s.library?.packs)
  const models = useEditorStore((s) => s.resources?.models)
  const openId = useEditorStore((s) => s.meta.id)
  const nodes = useEditorStore((s) => s.nodes)
  const randomizers = useMemo(() => randomizerNodes(nodes).map((n) => ({ id: n.id, label: n.data.label ?? n.id })), [nodes])
  const [filter, setFilter] = useState<InsightsFilter>({ graphId: openId })
  const [data, setData] = useState<InsightsResponse | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [target, setTarget] = useState<string>('')

  useEffect(() => {
    const abort = new AbortController()
    getInsights(filter, abort.signal).then((d) => { setData(d); setError(null) }, (e) => !abort.signal.aborted && setError(errorMessage(e)))
    return () => abort.abort()
  }, [filter])
  useEffect(() => { if (!randomizers.some((r) => r.id === target)) setTarget(randomizers[0]?.id ?? '') }, [randomizers, target])
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') openReview(null) }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const set = (k: keyof InsightsFilter) => (e: { target: { value: string } }) => setFilter({ ...filter, [k]: e.target.value || undefined })
  const accept = () => {
    const r = acceptSuggestion(store, data?.suggestions ?? [], target || null)
    const st = store.getState()
    if (!r.ok) return st.showToast(r.message, 'error')
    const where = r.created ? 'a new randomizer' : `randomizer "${randomizers.find((x) => x.id === r.nodeId)?.label ?? r.nodeId}"`
    st.showToast(`Suggested sweeps put into ${where} (Ctrl+Z undoes it)${r.dropped.length ? `; not added (a randomizer holds 8 sweeps): ${r.dropped.join(', ')}` : ''}.`, r.dropped.length ? 'error' : 'info')
    st.selectNode(r.nodeId, { focus: true })
    openReview(null)
  }

  return (
    <div className="review-overlay insights-view" role="dialog" aria-label="Learning insights">
      <header className="review-head">
        <h2>Insights</h2>
        <button className="btn small" onClick={() => openReview(null)} aria-label="Close insights">Close</button>
      </header>
      <div className="insights-filters">
        <label className="compare-axis"><span>Graph</span>
          <select aria-label="Graph" value={filter.graphId ?? ''} onChange={set('graphId')}>
            <option value="">All graphs</option>
            {!graphList.some((g) => g.id === openId) && <option value={openId}>This graph ({openId})</option>}
            {graphList.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
          </select>
        </label>
        <label className="compare-axis"><span>Pack</span>
          <select aria-label="Pack" value={filter.packId ?? ''} onChange={set('packId')}>
            <option value="">All packs</option>
            {Object.values(packs ?? {}).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </label>
        <label className="compare-axis"><span>Model</span>
          <select aria-label="Model" value={filter.model ?? ''} onChange={set('model')}>
            <option value="">All models</option>
            {(models ?? []).map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label className="compare-axis"><span>Since</span>
          <input type="date" aria-label="Since" value={filter.since ?? ''} onChange={set('since')} />
        </label>
        <a className="btn small" href={insightsCsvUrl(filter)} download="ratings.csv">Export CSV</a>
      </div>
      {error && <p className="error-text">{error}</p>}
      {data && <p className="muted insights-total">{data.jobs} finished job{data.jobs === 1 ? '' : 's'}, {data.ratings} rating{data.ratings === 1 ? '' : 's'}{data.fields.length === 0 ? ': no setting varied between them.' : ''}</p>}
      {data && (
        <section className="insights-suggest" aria-label="Suggest the next run">
          <h3>Suggest the next run</h3>
          {data.suggestions.length === 0
            ? <p className="muted small">No suggestion yet: rate images made with different settings (two or more values of a setting, rated).</p>
            : (
              <>
                <ul>{data.suggestions.map((s) => <li key={s.path} className="suggestion" data-path={s.path}>{s.evidence}</li>)}</ul>
                <div className="suggest-actions">
                  <select aria-label="Randomizer to update" value={target} onChange={(e) => setTarget(e.target.value)}>
                    {randomizers.map((r) => <option key={r.id} value={r.id}>Update {r.label}</option>)}
                    <option value="">Add a new randomizer</option>
                  </select>
                  <button className="btn primary small" onClick={accept}>Accept into graph</button>
                </div>
              </>
            )}
        </section>
      )}
      <div className="insight-fields">
        {data?.fields.map((f) => (
          <section key={f.key} className="insight-field" data-field={f.key}>
            <h3>{f.key} <span className="muted small">{f.rated} rating{f.rated === 1 ? '' : 's'}{f.spread !== null ? ` · spread ${f.spread}` : ''}</span></h3>
            <Suspense fallback={<div className="insight-chart" />}><InsightChart field={f} /></Suspense>
            <table className="insight-table">
              <thead><tr><th>value</th><th>mean</th><th>95% interval</th><th>n</th><th>jobs</th><th>failed</th><th>cancelled</th></tr></thead>
              <tbody>
                {f.values.map((v, i) => (
                  <tr key={i} data-value={valueLabel(v.value)}>
                    <td className="insight-value" title={valueLabel(v.value)}>{valueLabel(v.value)}</td>
                    <td className="insight-mean">{v.mean ?? '—'}</td>
                    <td>{v.ci ? `${v.ci[0]}–${v.ci[1]}` : '—'}</td>
                    <td className="insight-count">{v.count}</td>
                    <td>{v.jobs}</td>
                    <td>{pct(v.failed, v.jobs)}</td>
                    <td>{pct(v.cancelled, v.jobs)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </div>
  )
}
