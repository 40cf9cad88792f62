/**
 * The queue: counts, the ETA, pause/resume, cancel all; running and queued jobs grouped by run
 * (each with its ETA and "cancel run"; drag a row to reorder; cancel; edit), and the latest
 * finished ones (retry a failed or cancelled job). Everything comes from the event stream's
 * snapshots; actions answer with the new state, which the stream then confirms.
 */
import { memo, useState } from 'react'
import type { QueueJobSummary } from '../../../../engine/api/events.ts'
import { errorMessage } from '../../api/client.ts'
import { cancelAll, cancelJob, moveJob, pauseQueue, resumeQueue, retryJob } from '../../api/run-endpoints.ts'
import { applyMove, moveRequestFor } from '../../queue/reorder.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { JobEditor } from './JobEditor.tsx'
import { ConfirmButton } from './ConfirmButton.tsx'
import { formatEta, useQueueEta } from './queue-eta.ts'
import { groupByRun } from './run-groups.ts'

const FINISHED_SHOWN = 30
const ETA_HELP = 'Estimated from measured stage times: for each stage kind, the median time per image of the last 20 finished (not cached) stages. Shown as — until every stage kind in the queue has been measured.'

function useAction() {
  const store = useEditorStoreApi()
  return async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn()
    } catch (e) {
      store.getState().showToast(`${what} failed: ${errorMessage(e)}`, 'error')
    }
  }
}

const JobProgressBar = memo(function JobProgressBar({ jobId }: { jobId: string }) {
  const p = useEditorStore((s) => s.jobProgress[jobId])
  if (!p) return <div className="job-progress"><div className="bar"><i style={{ width: '0%' }} /></div><span>starting…</span></div>
  return (
    <div className="job-progress">
      <div className="bar"><i style={{ width: `${Math.round(p.progress * 100)}%` }} /></div>
      <span>{p.stageId} · {p.steps ? `${p.step}/${p.steps}` : '…'}</span>
    </div>
  )
})

function JobRow({ job, index, dragging, onDragStart, onDragEnd, onDropAt }: {
  job: QueueJobSummary
  index?: number
  dragging?: boolean
  onDragStart?: () => void
  onDragEnd?: () => void
  onDropAt?: (slot: number) => void
}) {
  const act = useAction()
  const [editing, setEditing] = useState(false)
  const [over, setOver] = useState<'above' | 'below' | null>(null)
  const queued = job.state === 'queued'
  const draggable = queued && onDropAt !== undefined && !editing
  return (
    <li
      className={`qrow state-${job.state}${dragging ? ' dragging' : ''}${over ? ` drop-${over}` : ''}`}
      data-job={job.jobId}
      draggable={draggable}
      onDragStart={(e) => { e.dataTransfer.setData('text/x-job', job.jobId); e.dataTransfer.effectAllowed = 'move'; onDragStart?.() }}
      onDragEnd={() => { setOver(null); onDragEnd?.() }}
      onDragOver={(e) => {
        if (!onDropAt || index === undefined) return
        e.preventDefault()
        const r = e.currentTarget.getBoundingClientRect()
        setOver(e.clientY < r.top + r.height / 2 ? 'above' : 'below')
      }}
      onDragLeave={() => setOver(null)}
      onDrop={(e) => {
        if (!onDropAt || index === undefined) return
        e.preventDefault()
        const r = e.currentTarget.getBoundingClientRect()
        setOver(null)
        onDropAt(e.clientY < r.top + r.height / 2 ? index : index + 1)
      }}
    >
      <div className="qrow-main">
        {draggable && <span className="grip" title="Drag to reorder">⋮⋮</span>}
        {index !== undefined && <span className="qnum">#{index + 1}</span>}
        {/* Running and queued rows sit under their heading; finished ones say how they ended. */}
        {job.state !== 'queued' && job.state !== 'running' && <span className={`state-pill ${job.state}`}>{job.state}</span>}
        <span className="qprompt" title={job.prompt}>{job.prompt || <i className="muted">(empty prompt)</i>}</span>
        <span className="qactions">
          {queued && <button className="btn tiny" onClick={() => setEditing((x) => !x)} title="Edit prompt, seed, steps, CFG">Edit</button>}
          {(queued || job.state === 'running') && <button className="btn tiny" onClick={() => void act('Cancel', () => cancelJob(job.jobId))} title="Cancel this job">Cancel</button>}
          {(job.state === 'failed' || job.state === 'cancelled') && <button className="btn tiny" onClick={() => void act('Retry', () => retryJob(job.jobId))} title="Queue this job again">Retry</button>}
        </span>
      </div>
      <div className="qmeta">
        seed {job.seed} · {job.model || 'loaded model'} · {job.stages.join(' → ')}{job.backend ? ` · on ${job.backend}` : ''}
      </div>
      {job.state === 'running' && <JobProgressBar jobId={job.jobId} />}
      {job.state === 'failed' && job.lastError && <div className="qerror">{job.failedStage ? `${job.failedStage}: ` : ''}{job.lastError}</div>}
      {editing && <JobEditor jobId={job.jobId} onClose={() => setEditing(false)} />}
    </li>
  )
}

export function QueuePanel() {
  const queue = useEditorStore((s) => s.queue)
  const server = useEditorStore((s) => s.server)
  const act = useAction()
  const [dragged, setDragged] = useState<string | null>(null)
  /** The order shown right after a drop, until the server's snapshot replaces it. */
  const [optimistic, setOptimistic] = useState<{ base: unknown; order: string[] } | null>(null)
  const eta = useQueueEta()
  if (server !== 'online') return <div className="panel-empty"><p>The queue needs the StableNew Flow server.</p></div>
  if (!queue) return <div className="panel-empty">Connecting to the queue…</div>
  const running = queue.jobs.filter((j) => j.state === 'running')
  let queued = queue.jobs.filter((j) => j.state === 'queued')
  if (optimistic && optimistic.base === queue) {
    const byId = new Map(queued.map((j) => [j.jobId, j]))
    queued = optimistic.order.map((id) => byId.get(id)!).filter(Boolean)
  }
  const finished = queue.jobs.filter((j) => j.state !== 'queued' && j.state !== 'running').slice(0, FINISHED_SHOWN)
  const order = queued.map((j) => j.jobId)
  const dropAt = (slot: number) => {
    if (!dragged) return
    const move = moveRequestFor(order, dragged, slot)
    setDragged(null)
    if (!move) return
    setOptimistic({ base: queue, order: applyMove(order, dragged, move) })
    void act('Reorder', () => moveJob(dragged, move))
  }
  const c = queue.counts
  return (
    <div className="queue-panel">
      <div className="queue-head">
        <div className="counts">
          <span><b>{c.running}</b> running</span><span><b>{c.queued}</b> queued</span>
          <span className="ok"><b>{c.succeeded}</b> done</span>
          {c.failed > 0 && <span className="bad"><b>{c.failed}</b> failed</span>}
          {c.cancelled > 0 && <span><b>{c.cancelled}</b> cancelled</span>}
        </div>
        {queue.paused
          ? <button className="btn small primary" onClick={() => void act('Resume', resumeQueue)}>▶ Resume</button>
          : <button className="btn small" onClick={() => void act('Pause', pauseQueue)} title="Running jobs finish; no new job starts">❚❚ Pause</button>}
        {c.queued + c.running > 0 && (
          <ConfirmButton label="Cancel all" confirm={`Cancel ${c.queued + c.running} job${c.queued + c.running === 1 ? '' : 's'}`} onConfirm={() => void act('Cancel all', () => cancelAll())} />
        )}
      </div>
      {c.queued + c.running > 0 && (
        <p className="queue-eta" title={ETA_HELP}>
          Time left: <b>{formatEta(eta?.remainingMs)}</b>
          {eta && eta.remainingMs === null && <span className="muted small"> (no measured stage times yet for some stages)</span>}
          {eta && eta.backends > 1 && <span className="muted small"> on {eta.backends} WebUIs</span>}
        </p>
      )}
      {queue.paused && <p className="queue-paused">The queue is paused: no new job starts until you resume.</p>}
      {running.length + queued.length + finished.length === 0 && <div className="panel-empty"><p>The queue is empty.</p><p className="muted">Press <b>Run</b> to queue the open graph’s jobs.</p></div>}
      {running.length + queued.length > 0 && c.queued > queued.length && <p className="muted small">Showing the first {queued.length} of {c.queued} queued jobs.</p>}
      {groupByRun(running, queued).map((g) => (
        <section key={g.runId} className="run-group" data-run={g.runId}>
          <header className="run-group-head">
            <span className="run-group-title" title={g.runId}>{g.graphId}{g.packIds.length > 0 && <span className="small run-group-packs"> on {g.packIds.join(', ')}</span>} <span className="muted small">· {g.runId.slice(-8)}</span></span>
            <span className="muted small">{g.running.length > 0 && `${g.running.length} running · `}{g.queued.length} queued · ETA <b className="run-eta">{formatEta(eta?.runs[g.runId])}</b></span>
            <ConfirmButton label="Cancel run" confirm={`Cancel ${g.running.length + g.queued.length} job${g.running.length + g.queued.length === 1 ? '' : 's'}`} onConfirm={() => void act('Cancel run', () => cancelAll(g.runId))} />
          </header>
          {g.running.length > 0 && <ul className="qlist">{g.running.map((j) => <JobRow key={j.jobId} job={j} />)}</ul>}
          {g.queued.length > 0 && (
            <ul className="qlist queued">
              {g.queued.map(({ job: j, index: i }) => (
                <JobRow key={j.jobId} job={j} index={i} dragging={dragged === j.jobId} onDragStart={() => setDragged(j.jobId)} onDragEnd={() => setDragged(null)} onDropAt={dropAt} />
              ))}
            </ul>
          )}
        </section>
      ))}
      {finished.length > 0 && <><h3>Finished</h3><ul className="qlist">{finished.map((j) => <JobRow key={j.jobId} job={j} />)}</ul></>}
    </div>
  )
}
