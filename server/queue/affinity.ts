/**
 * Which queued job a backend takes next: model affinity with a fairness bound.
 *
 * Switching checkpoints costs a WebUI seconds to minutes, so a backend prefers a job that uses
 * the model it already has loaded. Looking only AFFINITY_WINDOW jobs past the head keeps the
 * choice cheap and keeps far-away jobs from jumping the queue. Preferring a later job "passes
 * over" every queued job ahead of it; each of those counts it. A job whose count has reached
 * FAIRNESS_BOUND is taken before anything behind it, whatever model it needs.
 *
 * The rule, scanning the window in claim order (priority desc, position asc):
 *   1. the first job with passedOver >= FAIRNESS_BOUND, if it comes before any match, is taken;
 *   2. otherwise the first job whose model is the loaded one, or '' (runs on whatever is loaded);
 *   3. otherwise the head (a model switch is unavoidable, so the oldest job pays for it).
 *
 * Guarantee: a skipped job had passedOver < FAIRNESS_BOUND (else rule 1 would have taken it), so
 * after the bump it is at most FAIRNESS_BOUND: no job is ever passed over more than
 * FAIRNESS_BOUND times, and once at the bound it can only be preceded by jobs ahead of it.
 */
import { FAIRNESS_BOUND } from './types.ts'

export interface Candidate {
  model: string
  passedOver: number
}

/** Index into `window` (claim order, non-empty) of the job to take; jobs before it are passed over. */
export function pickIndex(window: readonly Candidate[], loadedModel: string | null): number {
  for (let i = 0; i < window.length; i++) {
    const job = window[i]!
    if (job.passedOver >= FAIRNESS_BOUND) return i
    if (job.model === '' || (loadedModel !== null && job.model === loadedModel)) return i
  }
  return 0
}
