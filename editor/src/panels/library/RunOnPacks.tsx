/**
 * "Run on packs…" for a saved graph: pick packs (search, multi-select) with the jobs each would
 * make, choose one run per pack or one for all, and which pack node to substitute when the graph
 * has several; then queue (or run now), or add the choice to the job draft. The saved graph is
 * not changed (POST /api/runs with graphId, docs/api.md).
 */
import { useEffect, useMemo, useState } from 'react'
import { packNodesOf } from '../../../../engine/compile/pack-runs.ts'
import type { Graph } from '../../../../engine/graph/schema.ts'
import { getGraph } from '../../api/endpoints.ts'
import { addDraftEntry, submitPackRuns } from '../../api/pack-run-endpoints.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { attempt } from './shared.ts'
import { countPerPack } from './pack-counts.ts'
import { parseRows } from '../../inspector/fields.ts'
import '../draft/draft.css'
import { announceDraftChange } from '../draft/draft-signal.ts'

const plural = (n: number, one: string) => `${n.toLocaleString()} ${one}${n === 1 ? '' : 's'}`

export function RunOnPacks({ graphId, onClose }: { graphId: string; onClose(): void }) {
  const store = useEditorStoreApi()
  const library = useEditorStore((s) => s.library)
  const resources = useEditorStore((s) => s.resources)
  // Counts only (job counts do not depend on the seed); the server draws each run's seed, so running
  // the same packs twice queues two runs instead of a 409 for the same run.
  const runSeed = useEditorStore((s) => s.previewRunSeed ?? 0)
  const [graph, setGraph] = useState<Graph | null>(null)
  const [packNodeId, setPackNodeId] = useState('')
  const [picked, setPicked] = useState<string[]>([])
  const [search, setSearch] = useState('')
  const [split, setSplit] = useState<'per-pack' | 'one'>('per-pack')
  /** Rows per picked pack (0-based; none = every row), and the fields' text while typed. */
  const [rows, setRows] = useState<Record<string, number[]>>({})
  const [rowText, setRowText] = useState<Record<string, string>>({})
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    let live = true
    void attempt(store, 'Could not read the graph', () => getGraph(graphId)).then((g) => {
      if (!live || !g) return
      setGraph(g)
      setPackNodeId(packNodesOf(g)[0]?.id ?? '')
    })
    return () => { live = false }
  }, [graphId, store])

  const packs = useMemo(() => Object.values(library?.packs ?? {}), [library])
  const counts = useMemo(
    () => (graph && packNodeId ? countPerPack(graph, packNodeId, packs.map((p) => p.id), rows, library, resources, runSeed) : {}),
    [graph, packNodeId, packs, rows, library, resources, runSeed],
  )
  if (!graph) return <div className="run-on-packs muted small">Reading the graph…</div>
  const packNodes = packNodesOf(graph)
  if (packNodes.length === 0) return <div className="run-on-packs"><p className="muted small">This graph has no pack node to run on packs.</p><button className="btn tiny" onClick={onClose}>Close</button></div>
  const q = search.trim().toLowerCase()
  const shown = packs.filter((p) => !q || p.id.toLowerCase().includes(q) || p.name.toLowerCase().includes(q))
  const total = picked.reduce((n, id) => n + (counts[id]?.ok ? (counts[id] as { jobs: number }).jobs : 0), 0)
  // Rows that do not parse, or picked packs that cannot run (a row past the end): nothing is sent.
  const badRows = picked.filter((id) => parseRows(rowText[id] ?? '') === null || !counts[id]?.ok)
  const body = { graphId, packs: picked.map((packId) => ({ packId, ...(rows[packId]?.length ? { rows: rows[packId] } : {}) })), split, ...(packNodes.length > 1 ? { packNodeId } : {}) }

  const run = async (front: boolean) => {
    setBusy(true)
    try {
      const r = await attempt(store, 'Could not queue the runs', () => submitPackRuns({ ...body, front }))
      if (r) {
        store.getState().showToast(`Queued ${plural(r.runs.length, 'run')}, ${plural(r.totals.jobs, 'job')}${front ? ' first' : ''}.`, 'info')
        store.getState().setRightTab('queue')
        onClose()
      }
    } finally { setBusy(false) }
  }
  const toDraft = async () => {
    setBusy(true)
    try {
      const r = await attempt(store, 'Could not add to the draft', () => addDraftEntry(body))
      if (r) {
        announceDraftChange()
        store.getState().showToast(`Added to the draft: ${plural(r.entry.runs.reduce((n, x) => n + x.totals.jobs, 0), 'job')}.`, 'info')
        store.getState().setRightTab('draft')
        onClose()
      }
    } finally { setBusy(false) }
  }

  return (
    <div className="run-on-packs" aria-label={`Run ${graph.name} on packs`}>
      {packNodes.length > 1 && (
        <label className="check">Substitute
          <select aria-label="Pack node to substitute" value={packNodeId} onChange={(e) => setPackNodeId(e.target.value)}>
            {packNodes.map((n) => <option key={n.id} value={n.id}>{n.label ?? n.id}</option>)}
          </select>
        </label>
      )}
      <input type="search" aria-label="Search packs" placeholder="search packs" value={search} onChange={(e) => setSearch(e.target.value)} />
      <ul className="pack-choices">
        {shown.map((p) => {
          const c = counts[p.id]
          return (
            <li key={p.id} data-pack={p.id}>
              <label className="check" title={c && !c.ok ? c.problem : undefined}>
                <input type="checkbox" disabled={!c?.ok && !picked.includes(p.id)} checked={picked.includes(p.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, p.id] : picked.filter((x) => x !== p.id))} />
                <span className="pack-choice-name">{p.name}</span>
                <span className={`pack-count${c && !c.ok ? ' error-text' : ''}`}>{!c ? '…' : c.ok ? plural(c.jobs, 'job') : 'cannot run'}</span>
              </label>
              {picked.includes(p.id) && (
                <input
                  type="text" className={`pack-rows${parseRows(rowText[p.id] ?? '') === null ? ' invalid' : ''}`} aria-label={`Rows of ${p.name}`}
                  aria-invalid={parseRows(rowText[p.id] ?? '') === null || undefined}
                  placeholder={`all ${p.rows.length} rows (e.g. 1, 3-5)`} value={rowText[p.id] ?? ''}
                  onChange={(e) => {
                    setRowText({ ...rowText, [p.id]: e.target.value })
                    const parsed = parseRows(e.target.value)
                    if (parsed) setRows({ ...rows, [p.id]: parsed })
                  }}
                />
              )}
            </li>
          )
        })}
        {shown.length === 0 && <li className="muted small">No pack matches.</li>}
      </ul>
      <div className="split-choice" role="radiogroup" aria-label="Runs">
        <label className="check"><input type="radio" name={`split-${graphId}`} checked={split === 'per-pack'} onChange={() => setSplit('per-pack')} /> one run per pack</label>
        <label className="check"><input type="radio" name={`split-${graphId}`} checked={split === 'one'} onChange={() => setSplit('one')} /> one run for all</label>
      </div>
      {badRows.map((id) => {
        const c = counts[id]
        return <p key={id} className="error-text small">{id}: {c && !c.ok ? c.problem : 'rows are 1-based numbers or ranges like 1, 3-5'}</p>
      })}
      <p className="small run-on-packs-total">{picked.length ? `${plural(picked.length, 'pack')}: ${plural(total, 'job')} in ${plural(split === 'one' ? 1 : picked.length, 'run')}` : 'Choose packs to run this graph on.'}</p>
      <div className="picker-actions">
        <button className="btn tiny" onClick={onClose}>Cancel</button>
        <button className="btn tiny" disabled={!picked.length || badRows.length > 0 || busy} onClick={() => void toDraft()} title="Collect it in the job draft and submit later with other entries">Add to draft</button>
        <button className="btn tiny" disabled={!picked.length || badRows.length > 0 || busy} onClick={() => void run(true)} title="Before everything already queued">Run now</button>
        <button className="btn tiny primary" disabled={!picked.length || badRows.length > 0 || busy} onClick={() => void run(false)}>Run ({plural(total, 'job')})</button>
      </div>
    </div>
  )
}
