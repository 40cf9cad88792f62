/**
 * The job preview groups jobs by pack: each pack with its job count and first job, in the order
 * the packs' rows come (pack nodes with several packs and prompts inputs with several wires emit
 * them pack by pack). Jobs without a pack (a stage's own prompt) form the group `null`.
 */
import type { JobSpec } from '../../../engine/compile/spec.ts'

export interface PackGroup { packId: string | null; jobs: number; first: number }

export function packGroups(jobs: readonly Pick<JobSpec, 'packId'>[]): PackGroup[] {
  const groups = new Map<string | null, PackGroup>()
  jobs.forEach((j, i) => {
    const g = groups.get(j.packId)
    if (g) g.jobs++
    else groups.set(j.packId, { packId: j.packId, jobs: 1, first: i })
  })
  return [...groups.values()]
}
