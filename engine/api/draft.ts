/**
 * The job draft (PR-035 G3/G4, docs/api.md "Job draft"): (graph, packs) entries collected before
 * they are submitted together. Each entry is snapshotted when it is added: the substituted graph,
 * its run seed and time stamp (so every variant, seed and sweep is drawn then, once) and a digest
 * of the compiled jobs; submit recompiles and refuses an entry whose jobs would differ, so what
 * runs is exactly what the draft's preview showed. Stored in the data folder as `job-draft.json`.
 */
import { z } from 'zod'
import { Graph, Id } from '../graph/schema.ts'
import { noDuplicatePacks, PackChoice, PackRunBody } from './pack-runs.ts'

const Totals = z.strictObject({ jobs: z.int(), webuiCalls: z.int(), images: z.int(), videos: z.int() })

export const DraftRun = z.strictObject({
  packIds: z.array(Id),
  /** The graph with its pack node substituted: compiled as is at submit. */
  graph: Graph,
  runSeed: z.int().min(0).max(4294967294),
  /** The compile clock at creation (run id and job time stamps derive from it). */
  now: z.iso.datetime(),
  runId: Id,
  jobIds: z.array(z.string()),
  /** hashValue of the compiled JobSpecs: submit refuses the entry if a recompile differs. */
  jobsDigest: z.string(),
  totals: Totals,
})
export type DraftRun = z.infer<typeof DraftRun>

export const DraftEntry = z.strictObject({
  id: Id,
  createdAt: z.iso.datetime(),
  graphId: Id,
  graphName: z.string(),
  packNodeId: Id,
  split: z.enum(['per-pack', 'one']),
  packs: z.array(PackChoice),
  runs: z.array(DraftRun).min(1),
})
export type DraftEntry = z.infer<typeof DraftEntry>

export const JobDraft = z.strictObject({
  version: z.literal(1),
  entries: z.array(DraftEntry).max(500),
})
export type JobDraft = z.infer<typeof JobDraft>

/** An entry is a pack run that is not queued yet: the same fields but `front` (chosen at submit). */
export const AddDraftEntryRequest = PackRunBody.omit({ front: true }).superRefine(noDuplicatePacks)
export type AddDraftEntryRequest = z.infer<typeof AddDraftEntryRequest>

/** Submit the whole draft: appended to the queue, or with `front` ("run now") before everything queued. */
export const SubmitDraftRequest = z.strictObject({ front: z.boolean().optional() })
export const DraftEntryParam = z.strictObject({ entryId: Id })
