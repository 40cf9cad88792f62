/**
 * The job preview: the RunSpec compiled in the browser on every edit. Totals, a virtual list of
 * every job (prompt, negative, seed, variant/batch, stage plan), and for the selected job and
 * stage the resolved config and WebUI payload. What it shows is what the queue will run.
 */
import { useEffect } from 'react'
import { useEditorStore } from '../store/context.tsx'
import { StageDetail } from './StageDetail.tsx'
import { VirtualList } from './VirtualList.tsx'
import { packGroups } from './pack-groups.ts'
import './pack-groups.css'

const ROW_HEIGHT = 58

export function JobPreview() {
  const compiled = useEditorStore((s) => s.compiled)
  const ms = useEditorStore((s) => s.compileMs)
  const preview = useEditorStore((s) => s.preview)
  const setPreview = useEditorStore((s) => s.setPreview)
  const selectedNode = useEditorStore((s) => (s.selectedIds.length === 1 ? s.selectedIds[0]! : null))
  const run = compiled?.run
  // Selecting a stage on the canvas shows that stage here.
  useEffect(() => {
    if (selectedNode) setPreview({ stageId: selectedNode })
  }, [selectedNode, setPreview])
  if (!compiled || !run) return <div className="panel-empty">Compiling…</div>
  const jobs = run.jobs
  const groups = packGroups(jobs)
  const job = jobs[preview.jobIndex]
  const stage = job?.plan.stages.find((s) => s.stageId === preview.stageId) ?? job?.plan.stages[0]
  return (
    <div className="job-preview">
      <div className="totals">
        <div><b>{run.totals.jobs.toLocaleString()}</b><span>jobs</span></div>
        <div><b>{run.totals.webuiCalls.toLocaleString()}</b><span>WebUI calls</span></div>
        <div><b>{run.totals.images.toLocaleString()}</b><span>images</span></div>
        <div><b>{run.totals.videos}</b><span>videos</span></div>
        <div className="muted small" title="Compiled in this browser, no server round trip">{ms.toFixed(0)} ms</div>
      </div>
      {groups.length > 1 && (
        <div className="preview-packs" aria-label="Jobs by pack">
          {groups.map((g) => (
            <button key={g.packId ?? '-'} className={`chip${job?.packId === g.packId ? ' active' : ''}`} data-pack={g.packId ?? ''} onClick={() => setPreview({ jobIndex: g.first })} title="Show this pack’s first job">
              {g.packId ?? 'own prompt'} · {g.jobs.toLocaleString()} job{g.jobs === 1 ? '' : 's'}
            </button>
          ))}
        </div>
      )}
      {compiled.errors.length > 0 && <p className="error-text small">{compiled.errors.length} error{compiled.errors.length > 1 ? 's' : ''}: the queue will refuse this run until they are fixed (see Problems).</p>}
      {jobs.length === 0 ? (
        <div className="panel-empty">No jobs yet.</div>
      ) : (
        <VirtualList
          className="job-list"
          count={jobs.length}
          rowHeight={ROW_HEIGHT}
          scrollToIndex={preview.jobIndex}
          renderRow={(i) => {
            const j = jobs[i]!
            return (
              <button className={`job-row${i === preview.jobIndex ? ' active' : ''}`} onClick={() => setPreview({ jobIndex: i })}>
                <span className="job-num">#{i + 1}</span>
                <span className="job-prompt" title={j.prompt}>{j.prompt || <i className="muted">(empty prompt)</i>}</span>
                <span className="job-meta">
                  seed {j.seed} · variant {j.variantIndex + 1}/{j.variantTotal} · batch {j.batchIndex + 1}/{j.batchTotal}
                  {j.packId !== null && <> · {j.packId} row {(j.rowIndex ?? 0) + 1}</>}
                </span>
              </button>
            )
          }}
        />
      )}
      {job && (
        <div className="job-detail">
          <div className="kv"><span>Prompt</span><p>{job.prompt}</p></div>
          <div className="kv"><span>Negative</span><p>{job.negativePrompt || <i className="muted">(none)</i>}</p></div>
          {Object.keys(job.randomizerSummary.slots).length + Object.keys(job.randomizerSummary.sweeps).length > 0 && (
            <div className="kv"><span>Variant</span><p>{[...Object.entries(job.randomizerSummary.slots), ...Object.entries(job.randomizerSummary.sweeps)].map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(' · ')}</p></div>
          )}
          <div className="plan">
            {job.plan.stages.map((s, i) => (
              <span key={s.stageId} className="plan-step">
                {i > 0 && <span className="plan-arrow">→</span>}
                <button className={`plan-chip${s.stageId === stage?.stageId ? ' active' : ''}`} onClick={() => setPreview({ stageId: s.stageId })}>{s.label}</button>
              </span>
            ))}
          </div>
          {stage && <StageDetail job={job} stage={stage} />}
        </div>
      )}
    </div>
  )
}
