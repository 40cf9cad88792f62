/**
 * POST /api/runs on a saved graph with chosen packs (docs/api.md "Run a saved graph on packs"):
 * `{ graphId, packs: [{ packId, rows? }], split }` beside the `{ graph }` form of engine/api/runs.ts.
 */
import { z } from 'zod'
import { Id } from '../graph/schema.ts'

export const PackChoice = z.strictObject({
  packId: Id,
  /** 0-based rows to use; absent or empty = every row. */
  rows: z.array(z.int().min(0).max(100_000)).max(10_000).optional(),
})
export type PackChoice = z.infer<typeof PackChoice>

/** The same pack twice would queue the same jobs twice: refused, naming the second. */
export function noDuplicatePacks(body: { packs: readonly { packId: string }[] }, ctx: z.RefinementCtx): void {
  const seen = new Set<string>()
  body.packs.forEach((p, i) => {
    if (seen.has(p.packId)) ctx.addIssue({ code: 'custom', path: ['packs', i, 'packId'], message: `pack "${p.packId}" is chosen twice` })
    seen.add(p.packId)
  })
}

/** The fields of a pack run; the request adds the duplicate check (the draft reuses them, engine/api/draft.ts). */
export const PackRunBody = z.strictObject({
  graphId: Id,
  packs: z.array(PackChoice).min(1, 'choose at least one pack').max(64),
  /** One run per pack (the default), or one run over all of them. */
  split: z.enum(['per-pack', 'one']).optional(),
  /** Which pack node to substitute; needed only when the graph has several. */
  packNodeId: Id.optional(),
  runSeed: z.int().min(0).max(4294967294).optional(),
  front: z.boolean().optional(),
})
export const PackRunRequest = PackRunBody.superRefine(noDuplicatePacks)
export type PackRunRequest = z.infer<typeof PackRunRequest>

const Totals = z.object({ jobs: z.int(), webuiCalls: z.int(), images: z.int(), videos: z.int() })

export const PackRunsCreatedResponse = z.object({
  runs: z.array(z.object({ runId: z.string(), packIds: z.array(z.string()), jobIds: z.array(z.string()), totals: Totals })),
  totals: Totals,
})
export type PackRunsCreatedResponse = z.infer<typeof PackRunsCreatedResponse>
