/**
 * Which backend may run a job: only one whose lists hold every resource the job names (its
 * checkpoint, VAE, samplers, upscalers, ADetailer models, … in canonical form, engine/resources).
 * Decided from the lists each backend gave when it came up or was refreshed, never by asking it.
 *
 * - At submit: a job no backend can serve is refused (400), naming what each backend lacks.
 * - At claim: a backend skips jobs another backend can serve and it cannot.
 * - Before the first request: if the backend's lists no longer hold a need (they changed since
 *   submit) and no other backend can take the job, it fails with a message saying what is missing
 *   and that a refresh (`POST /api/resources/refresh`) re-reads the lists.
 */
import type { RunSpec, JobSpec } from '../../engine/compile/spec.ts'
import { describeNeeds, jobNeeds, missingNeeds, type ResourceNeed } from '../../engine/resources/needs.ts'
import type { Backend } from './backends.ts'
import { flavourAllows, flavourDispatchProblem, flavourProblems, someForge } from './flavour.ts'

/** What `backend` lacks of `needs`; null when its lists are not known (then it is not held against it). */
export function lacking(needs: readonly ResourceNeed[], backend: Backend): ResourceNeed[] | null {
  return backend.lists ? missingNeeds(needs, backend.lists) : null
}

/** True when no backend with known lists can serve these needs, and at least one list is known. */
function nobodyServes(needs: readonly ResourceNeed[], backends: readonly Backend[]): boolean {
  const known = backends.filter((b) => b.lists !== null)
  return known.length > 0 && known.every((b) => lacking(needs, b)!.length > 0)
}

/** Problems (API form) for the jobs of a run that no backend can serve; [] when all can be. */
export function routeProblems(run: RunSpec, backends: readonly Backend[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [...flavourProblems(run, backends)]
  const seen = new Set<string>()
  // Jobs of one config combination share one plan object: check each plan once.
  const plans = new Set<JobSpec['plan']>()
  for (const job of run.jobs) {
    if (plans.has(job.plan)) continue
    plans.add(job.plan)
    const needs = jobNeeds(job)
    const key = JSON.stringify(needs.map((n) => [n.kind, n.name]))
    if (seen.has(key)) continue
    seen.add(key)
    if (!nobodyServes(needs, backends)) continue
    const first = needs.find((n) => backends.some((b) => b.lists && lacking([n], b)!.length > 0)) ?? needs[0]!
    const detail = backends.filter((b) => b.lists).map((b) => `${b.id} lacks ${describeNeeds(lacking(needs, b)!)}`).join('; ')
    problems.push({
      path: `graph.nodes.${first.stageId}.${first.field}`,
      message: `No WebUI has everything job ${job.jobId.slice(0, 8)} needs, and a job runs all its stages on one WebUI: ${detail}.`,
    })
  }
  return problems
}

/**
 * The claim filter for one backend: a job it cannot serve is left to a backend that can. A job
 * nobody can serve is taken (and then failed by `dispatchProblem` with a clear message) rather
 * than left queued forever. Decisions are cached per job until some backend's lists change.
 */
export function claimFilter(self: Backend, all: readonly Backend[], specOf: (jobId: string) => JobSpec | undefined): ((jobId: string) => boolean) | undefined {
  if (all.length < 2) return undefined
  const cache = new Map<string, boolean>()
  let version = -1
  return (jobId) => {
    const v = all.reduce((sum, b) => sum + b.listsVersion, 0)
    if (v !== version) { cache.clear(); version = v }
    let ok = cache.get(jobId)
    if (ok === undefined) {
      const spec = specOf(jobId)
      const needs = spec ? jobNeeds(spec) : []
      ok = (lacking(needs, self)?.length ?? 0) === 0 || nobodyServes(needs, all)
      // A Forge-only job is left to a Forge backend while one is (or may be) there.
      if (ok && spec && !flavourAllows(spec, self) && someForge(all.filter((b) => b !== self))) ok = false
      if (cache.size > 10_000) cache.clear()
      cache.set(jobId, ok)
    }
    return ok
  }
}

/** Why this backend must not run the job (its lists lack a need), or null. Checked before the first request. */
export function dispatchProblem(spec: JobSpec, backend: Backend): string | null {
  const flavour = flavourDispatchProblem(spec, backend)
  if (flavour) return flavour
  const missing = lacking(jobNeeds(spec), backend)
  if (!missing || missing.length === 0) return null
  return `WebUI ${backend.id} no longer has ${describeNeeds(missing)}: its lists changed after this run was queued, and no other WebUI has everything this job needs. ` +
    'Install it there (or change the graph), then re-read the lists with POST /api/resources/refresh (Refresh in the editor) and retry the job.'
}
