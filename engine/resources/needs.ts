/**
 * What a compiled job needs from a WebUI: the canonical resource names its stages send. The
 * server routes a job only to a backend whose lists hold all of them, and checks them again just
 * before the job's first request (the lists may have changed since the run was queued). LoRAs and
 * embeddings are not needs: A1111 runs without them (the compiler warns instead).
 */
import type { JobSpec } from '../compile/spec.ts'
import type { ResourceCatalog } from './catalog.ts'
import { getPath, resourceFields } from './fields.ts'
import { resolveResource, type ResourceKind } from './resolve.ts'

export interface ResourceNeed {
  kind: ResourceKind
  name: string
  stageId: string
  label: string
  field: string
  what: string
}

export function jobNeeds(spec: JobSpec): ResourceNeed[] {
  const needs: ResourceNeed[] = []
  for (const stage of spec.plan.stages) {
    const values = stage.config.values as Record<string, unknown>
    for (const f of resourceFields(stage.kind, values)) {
      needs.push({ kind: f.kind, name: String(getPath(values, f.path)), stageId: stage.stageId, label: stage.label, field: f.path, what: f.what })
    }
  }
  return needs
}

/**
 * The needs a WebUI with these lists cannot serve (a list it did not give is not held against it).
 * A name must be one of its exact keys: canonical names always are; a job queued before names
 * were resolved may carry an alias, which the WebUI resolves too, but not in another letter case.
 */
export function missingNeeds(needs: readonly ResourceNeed[], catalog: ResourceCatalog): ResourceNeed[] {
  return needs.filter((n) => {
    const r = resolveResource(n.kind, n.name, catalog)
    return r.status === 'missing' || r.status === 'ambiguous' || (r.status === 'ok' && r.folded === true)
  })
}

/** `checkpoint "x" (Portrait, model)` for an error message; a name several stages need is named once. */
export function describeNeeds(needs: readonly ResourceNeed[]): string {
  const byName = new Map<string, ResourceNeed[]>()
  for (const n of needs) {
    const key = `${n.kind}\0${n.name}`
    byName.set(key, [...(byName.get(key) ?? []), n])
  }
  return [...byName.values()].map((ns) => `${ns[0]!.what} "${ns[0]!.name}" (${ns.map((n) => `${n.label}, ${n.field}`).join('; ')})`).join('; ')
}
