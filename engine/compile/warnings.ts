/** Compile warnings that look across jobs. */
import type { GraphWarning, JobSpec } from './spec.ts'

/**
 * A sweep of a field that a higher layer (the node itself) also sets does nothing: the node wins
 * (DESIGN §3). Say so, since the job list would otherwise show variants that all run the same.
 */
export function sweepOverrideWarnings(jobs: readonly JobSpec[]): GraphWarning[] {
  const warnings: GraphWarning[] = []
  const seen = new Set<string>()
  const seenPlans = new Set<object>()
  for (const job of jobs) {
    const swept = Object.keys(job.randomizerSummary.sweeps)
    if (swept.length === 0 || seenPlans.has(job.plan)) continue
    seenPlans.add(job.plan)
    for (const path of swept) {
      const [kind, ...rest] = path.split('.')
      const field = rest.join('.')
      for (const stage of job.plan.stages) {
        if (stage.kind !== kind) continue
        const source = stage.config.provenance[field]
        const key = `${path}\0${stage.stageId}`
        // Only the node layer sits above sweeps (an ADetailer carrier sweep moves into the passes
        // and leaves the carrier inherited: that is not an override).
        if (source !== 'node' || seen.has(key)) continue
        seen.add(key)
        warnings.push({ code: 'sweep-overridden', nodeId: stage.stageId, field, message: `The sweep of ${path} has no effect on "${stage.label}": ${field} is set on the node, which overrides sweeps. Clear it on the node to sweep it.` })
      }
    }
  }
  return warnings
}
