/**
 * The queue's ETA from measured stage times (stage-times.ts explains the measure). Pure but for
 * the plan lookup, which the executor caches per job (a plan's stage kinds and image counts never
 * change once queued: an edit touches prompt, seed, steps and CFG only).
 */
import type { QueueEtaResponse } from '../../engine/api/queue-extras.ts'
import type { PlanShape, StageTimes } from './stage-times.ts'

export interface LiveJob { jobId: string; runId: string; state: string; startedAt: string | null }

export function queueEta(live: readonly LiveJob[], planOf: (jobId: string) => PlanShape | undefined, times: StageTimes, backendsUp: number, nowMs: number): QueueEtaResponse {
  const backends = Math.max(1, backendsUp)
  const runs: Record<string, number | null> = {}
  // Work ahead of and including each job, in claim order: a run is done when its last job is.
  let total: number | null = 0
  for (const job of live) {
    const plan = planOf(job.jobId)
    let ms = plan ? times.estimateJob(plan) : null
    // A running job has part of its time behind it (never below zero: it may overrun the estimate).
    if (ms !== null && job.state === 'running' && job.startedAt) ms = Math.max(0, ms - Math.max(0, nowMs - Date.parse(job.startedAt)))
    total = ms === null || total === null ? null : total + ms
    runs[job.runId] = total === null ? null : total / backends
  }
  return { remainingMs: total === null ? null : total / backends, runs, backends, perImage: times.all() }
}

/** Keeps the plans of live jobs only: a job is parsed once while it is queued or running. */
export function createPlanCache(load: (jobId: string) => PlanShape | undefined) {
  let cache = new Map<string, PlanShape | undefined>()
  return {
    planOf: (jobId: string) => {
      if (!cache.has(jobId)) cache.set(jobId, load(jobId))
      return cache.get(jobId)
    },
    keepOnly(ids: readonly string[]) {
      const next = new Map<string, PlanShape | undefined>()
      for (const id of ids) if (cache.has(id)) next.set(id, cache.get(id))
      cache = next
    },
  }
}
