/** Edit a queued job in place: prompt, negative prompt, seed, steps, CFG (PATCH sends only what changed). */
import { useEffect, useState } from 'react'
import type { JobEditRequest } from '../../../../engine/api/runs.ts'
import { errorMessage } from '../../api/client.ts'
import { editJob, getJobSpec } from '../../api/run-endpoints.ts'

interface Values { prompt: string; negativePrompt: string; seed: string; steps: string; cfg: string }

export function JobEditor({ jobId, onClose }: { jobId: string; onClose: () => void }) {
  const [initial, setInitial] = useState<Values | null>(null)
  const [v, setV] = useState<Values | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    let live = true
    getJobSpec(jobId).then(({ spec }) => {
      if (!live) return
      // Steps and CFG of the job's first stage: what the edit changes.
      const root = spec.plan.stages[0]?.config.values ?? {}
      const values = { prompt: spec.prompt, negativePrompt: spec.negativePrompt, seed: String(spec.seed), steps: String(root.steps ?? ''), cfg: String(root.cfg_scale ?? '') }
      setInitial(values)
      setV(values)
    }, (e) => live && setError(errorMessage(e)))
    return () => { live = false }
  }, [jobId])
  const save = async () => {
    if (!v || !initial) return
    const edit: JobEditRequest = {}
    if (v.prompt !== initial.prompt) edit.prompt = v.prompt
    if (v.negativePrompt !== initial.negativePrompt) edit.negativePrompt = v.negativePrompt
    if (v.seed !== initial.seed) edit.seed = Number(v.seed)
    if (v.steps !== initial.steps) edit.steps = Number(v.steps)
    if (v.cfg !== initial.cfg) edit.cfg_scale = Number(v.cfg)
    if (Object.keys(edit).length === 0) return onClose()
    setBusy(true)
    try {
      await editJob(jobId, edit)
      onClose()
    } catch (e) {
      setError(errorMessage(e))
    } finally {
      setBusy(false)
    }
  }
  const field = (key: keyof Values) => ({ value: v?.[key] ?? '', onChange: (e: { target: { value: string } }) => v && setV({ ...v, [key]: e.target.value }) })
  return (
    <div className="job-editor" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      {!v && !error && <p className="muted small">Loading the job…</p>}
      {v && (
        <>
          <label>Prompt<textarea rows={3} {...field('prompt')} /></label>
          <label>Negative prompt<textarea rows={2} {...field('negativePrompt')} /></label>
          <div className="job-editor-row">
            <label>Seed<input type="number" min={0} max={4294967294} {...field('seed')} /></label>
            <label>Steps<input type="number" min={1} max={150} {...field('steps')} /></label>
            <label>CFG<input type="number" min={1} max={30} step={0.5} {...field('cfg')} /></label>
          </div>
        </>
      )}
      {error && <p className="error-text small">{error}</p>}
      <div className="job-editor-actions">
        <button className="btn small" onClick={onClose}>Cancel</button>
        <button className="btn small primary" disabled={!v || busy} onClick={() => void save()}>Save changes</button>
      </div>
    </div>
  )
}
