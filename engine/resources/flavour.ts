/**
 * A Forge-only setting (distilled CFG) when every WebUI is known to be A1111: A1111 would drop it
 * without a word, so the stage is an error on its node and field at compile time, and the editor
 * shows it before Run. The server refuses the same run at submit for the same reason
 * (server/exec/flavour.ts), and fails such a job at dispatch if flavours were unknown then.
 */
import type { GraphError, JobSpec } from '../compile/spec.ts'
import { usesForgeOnly } from '../config/generation-extras.ts'
import type { ResourceCatalog } from './catalog.ts'

export function forgeOnlyErrors(jobs: readonly JobSpec[], catalog: ResourceCatalog, errors: GraphError[]): void {
  const flavors = catalog.flavors
  if (!flavors || flavors.length === 0 || flavors.includes('forge')) return
  const seen = new Set<string>()
  for (const job of jobs) {
    for (const stage of job.plan.stages) {
      const field = usesForgeOnly(stage.config.values as Record<string, unknown>)
      if (!field || seen.has(stage.stageId)) continue
      seen.add(stage.stageId)
      errors.push({
        code: 'needs-forge', nodeId: stage.stageId, field,
        message: `${stage.label}: ${field} is a Forge setting, and every WebUI here is A1111 (which would ignore it). Clear it or add a Forge WebUI.`,
      })
    }
  }
}
