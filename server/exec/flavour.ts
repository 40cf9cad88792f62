/**
 * Routing by WebUI flavour (issue 11 §1 "Forge"): a stage that sets a Forge-only field
 * (distilled CFG) would be silently ignored by A1111, so such a job runs only on a backend
 * detected as Forge. With backends known and none of them Forge, the run is refused at submit;
 * a job that still reaches a non-Forge backend fails before its first request, saying why.
 */
import type { JobSpec, RunSpec } from '../../engine/compile/spec.ts'
import { usesForgeOnly } from '../../engine/config/generation-extras.ts'
import type { Backend } from './backends.ts'

export interface ForgeNeed { stageId: string; label: string; field: string }

/** The first stage of a job that needs Forge, or null. */
export function forgeNeed(spec: JobSpec): ForgeNeed | null {
  for (const stage of spec.plan.stages) {
    const field = usesForgeOnly(stage.config.values as Record<string, unknown>)
    if (field) return { stageId: stage.stageId, label: stage.label, field }
  }
  return null
}

const describe = (n: ForgeNeed): string => `${n.label} sets ${n.field}, which only Forge understands (A1111 would ignore it)`

/** Submit-time problems: jobs needing Forge when every backend's flavour is known and none is Forge. */
export function flavourProblems(run: RunSpec, backends: readonly Backend[]): { path: string; message: string }[] {
  const known = backends.filter((b) => b.flavor !== null)
  if (known.length === 0 || known.some((b) => b.flavor === 'forge') || known.length < backends.length) return []
  const seen = new Set<JobSpec['plan']>()
  for (const job of run.jobs) {
    if (seen.has(job.plan)) continue
    seen.add(job.plan)
    const need = forgeNeed(job)
    if (!need) continue
    return [{
      path: `graph.nodes.${need.stageId}.${need.field}`,
      message: `${describe(need)}, and no WebUI here is Forge (${known.map((b) => `${b.id}: ${b.flavor}`).join(', ')}). Clear the field or add a Forge WebUI.`,
    }]
  }
  return []
}

/** Whether this backend may take the job as far as flavour goes (null: no Forge need). */
export function flavourAllows(spec: JobSpec, backend: Backend): boolean {
  return forgeNeed(spec) === null || backend.flavor === 'forge'
}

/** True when some backend is (or may be) Forge, so a Forge job should wait for it. */
export function someForge(backends: readonly Backend[]): boolean {
  return backends.some((b) => b.flavor === 'forge' || b.flavor === null)
}

/** Why this backend must not run the job for its flavour, or null. */
export function flavourDispatchProblem(spec: JobSpec, backend: Backend): string | null {
  const need = forgeNeed(spec)
  if (!need || backend.flavor === 'forge') return null
  return `${describe(need)}; WebUI ${backend.id} is ${backend.flavor ?? 'of an unknown flavour'} and no Forge WebUI took the job. Run it on a Forge WebUI or clear the field.`
}
