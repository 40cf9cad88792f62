/**
 * The job draft (PR-035 G3): (graph, packs) entries collected with "Add to draft" in the library's
 * "Run on packs…", with their totals (jobs, WebUI calls, images, estimated time from measured
 * stage times) and the full job preview of the whole draft; Submit appends all to the queue, Run
 * now puts them first. The draft lives in the server's data folder, so a reload or another tab
 * sees the same entries (re-read when this panel opens and when the window regains focus).
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { JobDraft } from '../../../../engine/api/draft.ts'
import type { QueueEtaResponse } from '../../../../engine/api/queue-extras.ts'
import { getQueueEta } from '../../api/run-endpoints.ts'
import { clearDraft, getDraft, removeDraftEntry, submitDraft } from '../../api/pack-run-endpoints.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { attempt } from '../library/shared.ts'
import { formatEta } from '../queue/queue-eta.ts'
import { draftTotals, estimateDraftMs, previewDraft } from './draft-preview.ts'
import './draft.css'
import { announceDraftChange, onDraftChange } from './draft-signal.ts'
import { DraftJobDetail } from './DraftJobDetail.tsx'

/** Jobs listed per run until "Show all"; the totals count all of them. */
const JOBS_SHOWN = 40

export function DraftPanel() {
  const store = useEditorStoreApi()
  const online = useEditorStore((s) => s.server === 'online')
  const library = useEditorStore((s) => s.library)
  const resources = useEditorStore((s) => s.resources)
  const [draft, setDraft] = useState<JobDraft | null>(null)
  const [eta, setEta] = useState<QueueEtaResponse | null>(null)
  const [busy, setBusy] = useState(false)
  const [openJob, setOpenJob] = useState<string | null>(null)
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set())

  const reload = useCallback(async () => {
    const d = await attempt(store, 'Could not read the job draft', () => getDraft())
    if (d) setDraft(d)
  }, [store])
  useEffect(() => {
    if (!online) return
    void reload()
    getQueueEta().then(setEta, () => {})
    const onFocus = () => void reload()
    window.addEventListener('focus', onFocus)
    const off = onDraftChange(onFocus)
    return () => {
      window.removeEventListener('focus', onFocus)
      off()
    }
  }, [online, reload])

  const runs = useMemo(() => (draft ? previewDraft(draft, library, resources) : []), [draft, library, resources])
  if (!online) return <div className="panel-empty">The job draft is kept by the server; it is not reachable.</div>
  if (!draft) return <div className="panel-empty">Reading the draft…</div>
  if (draft.entries.length === 0) {
    return <div className="panel-empty"><p>The job draft is empty.</p><p className="muted">In the library, “Run on packs…” on a saved graph, then “Add to draft”, collects entries here to submit together.</p></div>
  }
  const totals = draftTotals(draft)
  const estimate = estimateDraftMs(runs, eta)
  const stale = runs.filter((r) => !r.asSnapshotted)

  const act = async (what: string, fn: () => Promise<JobDraft | null>) => {
    setBusy(true)
    try {
      const d = await attempt(store, what, fn)
      if (d) {
        setDraft(d)
        announceDraftChange()
      }
    } finally { setBusy(false) }
  }
  const submit = async (front: boolean) => {
    setBusy(true)
    try {
      const r = await attempt(store, 'Could not submit the draft', () => submitDraft(front))
      if (r) {
        store.getState().showToast(`Submitted the draft: ${r.runs.length} run${r.runs.length === 1 ? '' : 's'}, ${r.totals.jobs} jobs${front ? ', first in the queue' : ''}.`, 'info')
        setDraft({ version: 1, entries: [] })
        announceDraftChange()
        store.getState().setRightTab('queue')
      } else void reload()
    } finally { setBusy(false) }
  }

  return (
    <div className="draft-panel">
      <div className="totals draft-totals">
        <div><b>{totals.jobs.toLocaleString()}</b><span>jobs</span></div>
        <div><b>{totals.webuiCalls.toLocaleString()}</b><span>WebUI calls</span></div>
        <div><b>{totals.images.toLocaleString()}</b><span>images</span></div>
        <div title={estimate.unmeasured.length ? `No measured time yet for ${estimate.unmeasured.join(', ')}` : 'From measured stage times (median ms per image of each stage kind)'}>
          <b className="draft-eta">{eta ? formatEta(estimate.ms) : '…'}</b><span>est. time</span>
        </div>
      </div>
      {stale.length > 0 && <p className="error-text small">{stale.length} run{stale.length === 1 ? '' : 's'} would no longer run what was added (a pack, preset or wildcard changed): submitting is refused until you remove and re-add {stale.length === 1 ? 'it' : 'them'}.</p>}
      <div className="picker-actions draft-actions">
        <button className="btn small" disabled={busy} onClick={() => void act('Could not clear the draft', () => clearDraft())}>Clear</button>
        <button className="btn small" disabled={busy} onClick={() => void submit(true)} title="Before everything already queued">Run now</button>
        <button className="btn small primary" disabled={busy} onClick={() => void submit(false)} title="Append to the queue">Submit all</button>
      </div>
      <ol className="draft-entries">
        {draft.entries.map((entry, i) => (
          <li key={entry.id} className="draft-entry" data-entry={entry.id}>
            <div className="draft-entry-head">
              <b>{i + 1}. {entry.graphName}</b>
              <span className="muted small"> on {entry.packs.map((p) => p.packId).join(', ')} · {entry.split === 'one' ? 'one run' : 'a run per pack'} · added {new Date(entry.createdAt).toLocaleTimeString()}</span>
              <button className="link danger" disabled={busy} onClick={() => void act('Could not remove the entry', () => removeDraftEntry(entry.id))}>Remove</button>
            </div>
            {runs.filter((r) => r.entryId === entry.id).map((r) => (
              <div key={r.runId} className="draft-run" data-packs={r.packIds.join(',')}>
                <div className="draft-run-head">{r.packIds.join(', ')} · {r.jobs.length} job{r.jobs.length === 1 ? '' : 's'}{!r.asSnapshotted && <span className="error-text"> · changed{r.problem ? `: ${r.problem}` : ''}</span>}</div>
                <ul className="draft-jobs">
                  {(expanded.has(r.runId) ? r.jobs : r.jobs.slice(0, JOBS_SHOWN)).map((j) => (
                    <li key={j.jobId}>
                      <button className={`draft-job${openJob === j.jobId ? ' active' : ''}`} title={j.prompt} aria-expanded={openJob === j.jobId} onClick={() => setOpenJob(openJob === j.jobId ? null : j.jobId)}>
                        <span className="draft-job-prompt">{j.prompt}</span>
                        <span className="muted small">seed {j.seed}{j.packId !== null ? ` · ${j.packId} row ${(j.rowIndex ?? 0) + 1}` : ''}{j.variantTotal > 1 ? ` · variant ${j.variantIndex + 1}/${j.variantTotal}` : ''}{Object.keys(j.randomizerSummary.sweeps).length ? ` · ${Object.entries(j.randomizerSummary.sweeps).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(' ')}` : ''}</span>
                      </button>
                      {openJob === j.jobId && <DraftJobDetail job={j} />}
                    </li>
                  ))}
                  {r.jobs.length > JOBS_SHOWN && !expanded.has(r.runId) && (
                    <li><button className="link" onClick={() => setExpanded(new Set([...expanded, r.runId]))}>Show all {r.jobs.length} jobs</button></li>
                  )}
                </ul>
              </div>
            ))}
          </li>
        ))}
      </ol>
    </div>
  )
}
