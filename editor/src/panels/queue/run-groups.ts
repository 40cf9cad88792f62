/**
 * Running and queued jobs grouped by run, groups in the order their first job appears (running
 * first, then queue order). Queued jobs keep their index in the whole queued list, which is what
 * drag-to-reorder's drop slots count in.
 */
import type { QueueJobSummary } from '../../../../engine/api/events.ts'

export interface RunGroup {
  runId: string
  graphId: string
  /** The packs of the run's listed jobs, in order of first appearance (a run on packs names them). */
  packIds: string[]
  running: QueueJobSummary[]
  queued: { job: QueueJobSummary; index: number }[]
}

export function groupByRun(running: readonly QueueJobSummary[], queued: readonly QueueJobSummary[]): RunGroup[] {
  const groups = new Map<string, RunGroup>()
  const group = (j: QueueJobSummary) => {
    let g = groups.get(j.runId)
    if (!g) groups.set(j.runId, (g = { runId: j.runId, graphId: j.graphId, packIds: [], running: [], queued: [] }))
    if (j.packId && !g.packIds.includes(j.packId)) g.packIds.push(j.packId)
    return g
  }
  for (const j of running) group(j).running.push(j)
  queued.forEach((j, index) => group(j).queued.push({ job: j, index }))
  return [...groups.values()]
}
