/**
 * One job of the draft in full, as the Jobs tab shows a job of the open graph: prompt, negative,
 * the randomizer's choices, the stage plan, and each stage's resolved config and exact WebUI
 * request (the same StageDetail), compiled from the entry's snapshot.
 */
import { useState } from 'react'
import type { JobSpec } from '../../../../engine/compile/spec.ts'
import { StageDetail } from '../../preview/StageDetail.tsx'

export function DraftJobDetail({ job }: { job: JobSpec }) {
  const [stageId, setStageId] = useState(job.plan.stages[0]?.stageId)
  const stage = job.plan.stages.find((s) => s.stageId === stageId) ?? job.plan.stages[0]
  const choices = [...Object.entries(job.randomizerSummary.slots), ...Object.entries(job.randomizerSummary.sweeps)]
  return (
    <div className="job-detail draft-job-detail">
      <div className="kv"><span>Prompt</span><p>{job.prompt}</p></div>
      <div className="kv"><span>Negative</span><p>{job.negativePrompt || <i className="muted">(none)</i>}</p></div>
      <div className="kv"><span>Seed</span><p>{job.seed}</p></div>
      {choices.length > 0 && <div className="kv"><span>Variant</span><p>{choices.map(([k, v]) => `${k} = ${JSON.stringify(v)}`).join(' · ')}</p></div>}
      <div className="plan">
        {job.plan.stages.map((s, i) => (
          <span key={s.stageId} className="plan-step">
            {i > 0 && <span className="plan-arrow">→</span>}
            <button className={`plan-chip${s.stageId === stage?.stageId ? ' active' : ''}`} onClick={() => setStageId(s.stageId)}>{s.label}</button>
          </span>
        ))}
      </div>
      {stage && <StageDetail job={job} stage={stage} />}
    </div>
  )
}
