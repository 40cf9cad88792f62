/**
 * The editor's pure helpers for issue 13: jobs grouped by pack in the preview and by run (with
 * their packs) in the queue, wire numbering and reordering, and the draft's time estimate from
 * measured stage times ("—" rather than a guess when a stage kind was never measured).
 */
import { describe, expect, it } from 'vitest'
import { packGroups } from '../../editor/src/preview/pack-groups.ts'
import { groupByRun } from '../../editor/src/panels/queue/run-groups.ts'
import { movedOrder, wiresInto, withOrderLabels } from '../../editor/src/canvas/wire-order.ts'
import { estimateDraftMs, type DraftRunPreview } from '../../editor/src/panels/draft/draft-preview.ts'
import type { FlowEdge } from '../../editor/src/store/flow-types.ts'

const wire = (id: string, source: string, target: string, port: string, order?: number): FlowEdge =>
  ({ id, source, sourceHandle: 'out', target, targetHandle: port, data: { portType: 'prompts', ...(order !== undefined ? { order } : {}) } })

describe('issue 13 in the editor', () => {
  it('groups preview jobs by pack in the order the packs come, with each group\'s first job', () => {
    const jobs = ['a', 'a', 'b', null, 'b', 'a'].map((packId) => ({ packId }))
    expect(packGroups(jobs)).toEqual([{ packId: 'a', jobs: 3, first: 0 }, { packId: 'b', jobs: 2, first: 2 }, { packId: null, jobs: 1, first: 3 }])
  })

  it('names the packs of each queued run', () => {
    const job = (jobId: string, runId: string, packId: string | null) => ({ jobId, runId, graphId: 'g', state: 'queued', packId }) as never
    const groups = groupByRun([], [job('1', 'R', 'studio'), job('2', 'R', 'portraits'), job('3', 'S', null), job('4', 'R', 'studio')])
    expect(groups.map((g) => [g.runId, g.packIds])).toEqual([['R', ['studio', 'portraits']], ['S', []]])
  })

  it('numbers wires into an input with several, as the compiler reads them, and moves one', () => {
    const edges = [wire('e1', 'a', 't', 'prompts'), wire('e2', 'b', 't', 'prompts', 0), wire('e3', 'c', 'u', 'prompts')]
    expect(wiresInto(edges, 't', 'prompts').map((e) => e.id)).toEqual(['e2', 'e1'])
    expect(withOrderLabels(edges).map((e) => e.label)).toEqual(['2', '1', undefined])
    const single = [wire('e3', 'c', 'u', 'prompts')]
    expect(withOrderLabels(single)).toBe(single)
    const wires = wiresInto(edges, 't', 'prompts')
    expect(movedOrder(wires, 'e1', -1)).toEqual(['e1', 'e2'])
    expect(movedOrder(wires, 'e1', 1)).toEqual(['e2', 'e1'])
  })

  it('estimates the draft from measured ms per image, over the WebUIs up, and says when it cannot', () => {
    const job = (stages: [string, number][]) => ({ plan: { stages: stages.map(([kind, images]) => ({ kind, images })) } })
    const runs = [{ jobs: [job([['txt2img', 2], ['upscale', 2]]), job([['txt2img', 1]])] }] as unknown as DraftRunPreview[]
    const eta = (perImage: Record<string, number>, backends = 1) => ({ remainingMs: 0, runs: {}, backends, perImage: Object.fromEntries(Object.entries(perImage).map(([k, ms]) => [k, { ms, samples: 3 }])) })
    expect(estimateDraftMs(runs, eta({ txt2img: 1000, upscale: 500 }))).toEqual({ ms: 4000, unmeasured: [] })
    expect(estimateDraftMs(runs, eta({ txt2img: 1000, upscale: 500 }, 2))).toEqual({ ms: 2000, unmeasured: [] })
    expect(estimateDraftMs(runs, eta({ txt2img: 1000 }))).toEqual({ ms: null, unmeasured: ['upscale'] })
    expect(estimateDraftMs(runs, null)).toEqual({ ms: null, unmeasured: [] })
  })
})
