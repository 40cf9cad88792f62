/**
 * The job draft (docs/api.md "Job draft"): GET /api/draft, POST /api/draft/entries (a saved graph
 * on packs, snapshotted now), DELETE /api/draft/entries/:entryId, DELETE /api/draft, and
 * POST /api/draft/submit (all entries, appended or first; the draft is emptied once queued).
 */
import { Hono } from 'hono'
import { AddDraftEntryRequest, DraftEntryParam, SubmitDraftRequest, type DraftEntry } from '../../../engine/api/draft.ts'
import { hashValue } from '../../../engine/util/hash.ts'
import type { AppDeps } from '../deps.ts'
import { createDraftStore } from '../draft-store.ts'
import { checkedPackRuns, createdResponse, type PackRunDeps } from '../pack-runs.ts'
import { ApiError } from '../problems.ts'
import { compileFor, runnable, submitRuns } from '../run-submit.ts'
import { jsonBody, params } from '../validate.ts'

export function draftRoutes(deps: AppDeps & PackRunDeps) {
  const drafts = createDraftStore(deps.paths.root)
  return new Hono()
    .get('/draft', async (c) => c.json(await drafts.read()))
    .post('/draft/entries', async (c) => {
      const body = await jsonBody(c, AddDraftEntryRequest)
      // Compiled (and refused) now, like a run: an entry in the draft is one that can run.
      const { graph, packNodeId, runs } = await checkedPackRuns(deps, body)
      const entry: DraftEntry = {
        id: `d-${hashValue([deps.now(), body, runs.map((r) => r.run.runId)]).slice(0, 12)}`,
        createdAt: deps.now(),
        graphId: graph.id,
        graphName: graph.name,
        packNodeId,
        split: body.split ?? 'per-pack',
        packs: body.packs.map((p) => ({ packId: p.packId, ...(p.rows?.length ? { rows: p.rows } : {}) })),
        runs: runs.map((r) => ({ packIds: r.packIds, graph: r.graph, runSeed: r.runSeed, now: r.now, runId: r.run.runId, jobIds: r.run.jobs.map((j) => j.jobId), jobsDigest: hashValue(r.run.jobs), totals: r.run.totals })),
      }
      const draft = await drafts.update(async (d) => {
        const next = { ...d, entries: [...d.entries, entry] }
        return { draft: next, result: next }
      })
      return c.json({ entry, draft }, 201)
    })
    .delete('/draft/entries/:entryId', async (c) => {
      const { entryId } = params(c, DraftEntryParam)
      return c.json(await drafts.update(async (d) => {
        if (!d.entries.some((e) => e.id === entryId)) throw new ApiError(404, `draft entry "${entryId}" not found`, [{ path: 'params.entryId', message: `no entry "${entryId}" in the draft` }])
        const next = { ...d, entries: d.entries.filter((e) => e.id !== entryId) }
        return { draft: next, result: next }
      }))
    })
    .delete('/draft', async (c) => c.json(await drafts.update(async () => {
      const next = { version: 1 as const, entries: [] }
      return { draft: next, result: next }
    })))
    .post('/draft/submit', async (c) => {
      const body = await jsonBody(c, SubmitDraftRequest)
      const created = await drafts.update(async (d) => {
        if (d.entries.length === 0) throw new ApiError(400, 'the job draft is empty', [{ path: 'draft.entries', message: 'add an entry first' }])
        const checked = []
        for (const [i, entry] of d.entries.entries()) {
          for (const r of entry.runs) {
            const what = `draft entry ${i + 1} (graph "${entry.graphId}" on ${r.packIds.join(', ')})`
            const run = runnable(deps, await compileFor(deps, r.graph, r.runSeed, r.now), what, `draft.entries.${i}`)
            // The snapshot is what the preview showed: if the library changed what it compiles to, say so.
            if (hashValue(run.jobs) !== r.jobsDigest) {
              throw new ApiError(409, `${what} would not run what was previewed: a pack, preset or wildcard it uses changed since it was added; remove it and add it again`, [{ path: `draft.entries.${i}`, message: 'changed since it was added' }])
            }
            checked.push({ packIds: r.packIds, run })
          }
        }
        submitRuns(deps, checked.map((x) => x.run), body.front ?? false)
        return { draft: { version: 1 as const, entries: [] }, result: createdResponse(checked) }
      })
      return c.json(created, 201)
    })
}
