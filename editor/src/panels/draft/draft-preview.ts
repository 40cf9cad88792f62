/**
 * The draft's preview, compiled in the browser from each entry's snapshot (its substituted graph,
 * run seed and clock): the same compile the server runs at submit, so the jobs shown are the jobs
 * that will run. A run whose jobs no longer match the digest taken when it was added is flagged
 * (the server refuses to submit it). Time is estimated from the queue's measured stage times.
 */
import type { JobDraft } from '../../../../engine/api/draft.ts'
import type { LibraryContextResponse, ResourcesResponse } from '../../../../engine/api/http.ts'
import type { QueueEtaResponse } from '../../../../engine/api/queue-extras.ts'
import { compile } from '../../../../engine/compile/compile.ts'
import type { JobSpec } from '../../../../engine/compile/spec.ts'
import { createWildcardLibrary } from '../../../../engine/prompts/index.ts'
import { hashValue } from '../../../../engine/util/hash.ts'
import { compileContext } from '../../services/compile-service.ts'

export interface DraftRunPreview {
  entryId: string
  packIds: string[]
  runId: string
  jobs: JobSpec[]
  /** False when the recompiled jobs differ from the snapshot (a pack, preset or wildcard changed). */
  asSnapshotted: boolean
  problem?: string
}

export interface DraftTotals { jobs: number; webuiCalls: number; images: number; videos: number }

export function previewDraft(draft: JobDraft, library: LibraryContextResponse | null, resources: ResourcesResponse | null): DraftRunPreview[] {
  const wildcards = createWildcardLibrary(library?.wildcardFiles ?? {})
  const out: DraftRunPreview[] = []
  for (const entry of draft.entries) {
    for (const r of entry.runs) {
      const ctx = { ...compileContext(library, resources, wildcards, r.runSeed), now: r.now }
      const { run, errors } = compile(r.graph, ctx)
      const jobs = run?.jobs ?? []
      const asSnapshotted = errors.length === 0 && hashValue(jobs) === r.jobsDigest
      out.push({ entryId: entry.id, packIds: r.packIds, runId: r.runId, jobs, asSnapshotted, ...(errors[0] ? { problem: errors[0].message } : {}) })
    }
  }
  return out
}

/** Totals as snapshotted (what submit queues). */
export function draftTotals(draft: JobDraft): DraftTotals {
  const t = { jobs: 0, webuiCalls: 0, images: 0, videos: 0 }
  for (const e of draft.entries) for (const r of e.runs) for (const k of Object.keys(t) as (keyof DraftTotals)[]) t[k] += r.totals[k]
  return t
}

/**
 * Estimated wall time of the draft's jobs: images × measured median ms per image of each stage
 * kind (the queue ETA's measure, docs/queue.md), over the WebUIs that are up. null when a stage
 * kind has no measurement yet (shown as "—", never a guess), with the kinds missing.
 */
export function estimateDraftMs(runs: readonly DraftRunPreview[], eta: QueueEtaResponse | null): { ms: number | null; unmeasured: string[] } {
  if (!eta) return { ms: null, unmeasured: [] }
  const unmeasured = new Set<string>()
  let ms = 0
  for (const r of runs) {
    for (const job of r.jobs) {
      for (const s of job.plan.stages) {
        const m = eta.perImage[s.kind]
        if (!m) unmeasured.add(s.kind)
        else ms += m.ms * s.images
      }
    }
  }
  return unmeasured.size ? { ms: null, unmeasured: [...unmeasured] } : { ms: ms / Math.max(1, eta.backends), unmeasured: [] }
}
