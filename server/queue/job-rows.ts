/**
 * How a job is laid out in the jobs table, and the conversions between rows, QueuedJob,
 * QueueJobSummary and JobSpec. Kept apart from the store so the SQL there reads as queue logic.
 */
import type { JobState, QueueJobSummary } from '../../engine/api/events.ts'
import type { JobSpec } from '../../engine/compile/spec.ts'
import type { JobEdit, QueuedJob } from './types.ts'
import { applyInheritance } from '../../engine/compile/inherit.ts'

/** The columns a summary needs: everything but the spec JSON. */
export const SUMMARY_COLUMNS = `job_id, run_id, graph_id, state, position, priority, attempts, passed_over, model,
  backend, last_error, failed_stage, created_at, started_at, finished_at, prompt, seed, stages, pack_id`

export interface SummaryRow {
  job_id: string
  run_id: string
  graph_id: string
  state: JobState
  position: number
  priority: number
  attempts: number
  passed_over: number
  model: string
  backend: string | null
  last_error: string | null
  failed_stage: string | null
  created_at: string
  started_at: string | null
  finished_at: string | null
  prompt: string
  seed: number
  stages: string
  pack_id: string | null
}

export interface JobRow extends SummaryRow {
  spec_json: string
}

export function toSummary(row: SummaryRow): QueueJobSummary {
  return {
    jobId: row.job_id,
    runId: row.run_id,
    graphId: row.graph_id,
    state: row.state,
    position: row.position,
    priority: row.priority,
    attempts: row.attempts,
    prompt: row.prompt,
    seed: row.seed,
    model: row.model,
    stages: JSON.parse(row.stages) as string[],
    backend: row.backend,
    lastError: row.last_error,
    failedStage: row.failed_stage,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    packId: row.pack_id,
  }
}

export function toQueuedJob(row: JobRow): QueuedJob {
  return {
    jobId: row.job_id,
    runId: row.run_id,
    state: row.state,
    position: row.position,
    priority: row.priority,
    attempts: row.attempts,
    passedOver: row.passed_over,
    model: row.model,
    backend: row.backend,
    lastError: row.last_error,
    failedStage: row.failed_stage,
    createdAt: row.created_at,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    spec: JSON.parse(row.spec_json) as JobSpec,
  }
}

/** The checkpoint the job's root stage asks for; '' when it leaves the loaded one in place. */
export function modelOf(spec: JobSpec): string {
  const root = rootStage(spec)
  const model = root?.config.values['model']
  return typeof model === 'string' ? model : ''
}

export function stageIdsOf(spec: JobSpec): string[] {
  return spec.plan.stages.map((s) => s.stageId)
}

function rootStage(spec: JobSpec) {
  return spec.plan.stages.find((s) => s.stageId === spec.plan.rootId) ?? spec.plan.stages[0]
}

/** Provenance label for a value changed on a queued job, so the recipe says it was not compiled. */
const EDITED = 'edit'

/**
 * A copy of `spec` with the edit applied. The compiler hands out one plan object to many jobs,
 * so the plan, the root stage and its config are copied before anything is written: no other
 * job (in memory or in the RunSpec that was submitted) may see the change.
 */
export function applyEdit(spec: JobSpec, edit: JobEdit): JobSpec {
  checkEdit(edit)
  const rootIndex = spec.plan.stages.findIndex((s) => s.stageId === spec.plan.rootId)
  const at = rootIndex === -1 ? 0 : rootIndex
  const root = spec.plan.stages[at]!
  const values = { ...root.config.values }
  const provenance = { ...root.config.provenance }
  const stage = { ...root, config: { ...root.config, values, provenance } }
  const next: JobSpec = { ...spec, plan: { ...spec.plan, stages: spec.plan.stages.map((s, i) => (i === at ? stage : s)) } }

  if (edit.prompt !== undefined) {
    next.prompt = edit.prompt
    // A prompt wired into the root stage itself overrides the job's; edit the one that is sent.
    if (stage.prompt !== undefined) stage.prompt = edit.prompt
  }
  if (edit.negativePrompt !== undefined) {
    next.negativePrompt = edit.negativePrompt
    if (stage.negativePrompt !== undefined) stage.negativePrompt = edit.negativePrompt
  }
  if (edit.seed !== undefined) {
    next.seed = edit.seed
    // A concrete stage seed wins over the job's (payloads' stageSeed), so keep the two equal.
    if (typeof values['seed'] === 'number' && values['seed'] !== -1) {
      values['seed'] = edit.seed
      provenance['seed'] = EDITED
    }
  }
  if (edit.steps !== undefined) { values['steps'] = edit.steps; provenance['steps'] = EDITED }
  if (edit.cfg_scale !== undefined) { values['cfg_scale'] = edit.cfg_scale; provenance['cfg_scale'] = EDITED }
  // Later stages that inherit steps or CFG from the root follow the edit, as they would have had
  // the value been compiled (inherited fields are recomputed; set ones stay).
  next.plan = { ...next.plan, stages: applyInheritance(next.plan.stages) }
  return next
}

/**
 * The routes validate edits with zod before they get here; this is the last guard so a bad
 * number can never reach the database or a WebUI request.
 */
function checkEdit(edit: JobEdit): void {
  if (edit.seed !== undefined && (!Number.isSafeInteger(edit.seed) || edit.seed < 0)) {
    // Seeds are concrete from compile on (the preview shows what runs, the stage cache relies on it).
    throw new RangeError(`seed must be an integer ≥ 0, got ${edit.seed}`)
  }
  if (edit.steps !== undefined && (!Number.isInteger(edit.steps) || edit.steps < 1)) throw new RangeError(`steps must be a positive integer, got ${edit.steps}`)
  if (edit.cfg_scale !== undefined && !Number.isFinite(edit.cfg_scale)) throw new RangeError(`cfg_scale must be a number, got ${edit.cfg_scale}`)
  if (edit.prompt !== undefined && typeof edit.prompt !== 'string') throw new TypeError('prompt must be a string')
  if (edit.negativePrompt !== undefined && typeof edit.negativePrompt !== 'string') throw new TypeError('negativePrompt must be a string')
}
