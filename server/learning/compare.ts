/**
 * A run's jobs (or a selection of jobs) as the compare grid sees them: each job's comparable
 * fields, state and images (with their ratings), their stages and the fields that vary. The grid PNG places cells with
 * the same engine function (layoutGrid) the editor uses, so both show the same grid.
 */
import type { CompareResponse } from '../../engine/api/learning.ts'
import { jobFields, valueLabel, varyingFields } from '../../engine/learning/fields.ts'
import { layoutGrid, findValue, type GridAxes, type GridLayout } from '../../engine/learning/grid.ts'
import type { ArtifactRecord, ArtifactStore, QueuedJob, QueueStore, RatingIndex } from '../queue/types.ts'

export interface CompareStore { queue: QueueStore; artifacts: ArtifactStore; ratings: RatingIndex }

export function compareRun(store: CompareStore, runId: string): CompareResponse | undefined {
  const run = store.queue.getRun(runId)
  if (!run) return undefined
  const images = store.artifacts.ofRun(runId).filter((a) => a.kind === 'image')
  return compareJobs(store, store.queue.jobsOfRun(runId), images, { runId, graphId: run.graphId })
}

/**
 * A selection of jobs (from any runs) compared the same way; `unknown` names the first id that
 * is not a job. The order given is kept (it is the order within a cell).
 */
export function compareSelection(store: CompareStore, jobIds: readonly string[]): CompareResponse | { unknown: string } {
  const jobs: QueuedJob[] = []
  for (const id of new Set(jobIds)) {
    const job = store.queue.get(id)
    if (!job) return { unknown: id }
    jobs.push(job)
  }
  const images = jobs.flatMap((j) => store.artifacts.ofJob(j.jobId)).filter((a) => a.kind === 'image')
  const graphs = new Set(jobs.map((j) => j.spec.graphId))
  return compareJobs(store, jobs, images, { runId: null, graphId: graphs.size === 1 ? [...graphs][0]! : null })
}

function compareJobs(store: CompareStore, jobs: QueuedJob[], images: ArtifactRecord[], ids: { runId: string | null; graphId: string | null }): CompareResponse {
  const ratings = store.ratings.many('image', images.map((a) => a.artifactId))
  const stages = new Map<string, { stageId: string; kind: string; label: string }>()
  for (const j of jobs) for (const s of j.spec.plan.stages) if (!stages.has(s.stageId)) stages.set(s.stageId, { stageId: s.stageId, kind: s.kind, label: s.label })
  const ofJob = new Map<string, ArtifactRecord[]>()
  for (const a of images) ofJob.set(a.jobId, [...(ofJob.get(a.jobId) ?? []), a])
  const compared = jobs.map((j) => ({
    jobId: j.jobId,
    state: j.state,
    finalStage: j.spec.plan.stages.at(-1)!.stageId,
    fields: jobFields(j.spec),
    artifacts: (ofJob.get(j.jobId) ?? []).sort((a, b) => a.index - b.index)
      .map((a) => ({ artifactId: a.artifactId, stageId: a.stageId, index: a.index, rating: ratings.get(a.artifactId) ?? null })),
  }))
  return {
    ...ids,
    stages: [...stages.values()],
    fields: sweepsFirst(varyingFields(compared.map((j) => j.fields)), jobs[0]?.spec.randomizerSummary.sweeps ?? {}),
    jobs: compared,
  }
}

/** The randomizer's sweeps first, in its order (the grid's default axes), then the other fields. */
function sweepsFirst<F extends { key: string }>(fields: F[], sweeps: Record<string, unknown>): F[] {
  const order = Object.keys(sweeps)
  const rank = (f: F): number => (order.includes(f.key) ? order.indexOf(f.key) : order.length)
  return fields.map((f, i) => ({ f, i })).sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i).map((x) => x.f)
}

/** The image a cell shows for a job: the first image of the chosen stage, or of the job's last stage. */
export function cellArtifact(job: CompareResponse['jobs'][number], stageId: string | undefined) {
  const stage = stageId ?? job.finalStage
  return job.artifacts.find((a) => a.stageId === stage)
}

export type GridPlan =
  | { ok: true; layout: GridLayout; zIndex: number }
  | { ok: false; field: string; message: string }

/** Validates the axes and the Z value against the run; problems name the query field. */
export function planGrid(data: CompareResponse, axes: GridAxes & { zValue?: string | undefined; stage?: string | undefined }): GridPlan {
  if (axes.stage !== undefined && !data.stages.some((s) => s.stageId === axes.stage)) {
    return { ok: false, field: 'stage', message: `"${axes.stage}" is not a stage of this run; its stages are ${data.stages.map((s) => s.stageId).join(', ')}` }
  }
  const r = layoutGrid(data.jobs, axes)
  if (!r.ok) return { ok: false, field: r.axis, message: r.message }
  let zIndex = 0
  if (r.layout.z) {
    if (axes.zValue === undefined) return { ok: false, field: 'zValue', message: `give the Z value to draw (one image per Z value): one of ${r.layout.z.values.map(valueLabel).join(', ')}` }
    zIndex = findValue(r.layout.z, axes.zValue)
    if (zIndex < 0) return { ok: false, field: 'zValue', message: `"${axes.zValue}" is not a value of ${r.layout.z.key}; its values are ${r.layout.z.values.map(valueLabel).join(', ')}` }
  } else if (axes.zValue !== undefined) {
    return { ok: false, field: 'zValue', message: 'zValue needs a z field' }
  }
  return { ok: true, layout: r.layout, zIndex }
}
