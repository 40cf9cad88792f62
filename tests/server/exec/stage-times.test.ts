import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { queueEta } from '../../../server/exec/queue-eta.ts'
import { LOG_TAIL_BYTES, measuresOfLine, median, SAMPLES, StageTimes } from '../../../server/exec/stage-times.ts'

const plan = (...stages: [string, number][]) => ({ stages: stages.map(([kind, images]) => ({ kind, images })) })

describe('measured stage times', () => {
  it('keep the median ms per image of the last measurements, skipping cached stages', () => {
    const t = new StageTimes()
    t.add({ kind: 'txt2img', ms: 4000, images: 4, cached: false }) // 1000 per image
    t.add({ kind: 'txt2img', ms: 3000, images: 1, cached: false })
    t.add({ kind: 'txt2img', ms: 2000, images: 1, cached: false })
    t.add({ kind: 'txt2img', ms: 1, images: 1, cached: true })
    expect(t.perImage('txt2img')).toEqual({ ms: 2000, samples: 3 })
    for (let i = 0; i < SAMPLES; i++) t.add({ kind: 'txt2img', ms: 500, images: 1, cached: false })
    expect(t.perImage('txt2img')).toEqual({ ms: 500, samples: SAMPLES })
    expect(median([3, 1, 2, 10])).toBe(2.5)
  })

  it('estimate a job only when every stage kind was measured', () => {
    const t = new StageTimes()
    t.add({ kind: 'txt2img', ms: 1000, images: 1, cached: false })
    expect(t.estimateJob(plan(['txt2img', 2]))).toBe(2000)
    expect(t.estimateJob(plan(['txt2img', 2], ['upscale', 2]))).toBeNull()
  })

  it('queue ETA: running jobs count their remaining time, a run ends with its last job, an unmeasured job makes what follows unknown', () => {
    const t = new StageTimes()
    t.add({ kind: 'txt2img', ms: 1000, images: 1, cached: false })
    const now = Date.parse('2026-01-01T00:00:10.000Z')
    const plans: Record<string, ReturnType<typeof plan>> = { a: plan(['txt2img', 3]), b: plan(['txt2img', 1]), c: plan(['video', 1]) }
    const live = [
      { jobId: 'a', runId: 'r1', state: 'running', startedAt: '2026-01-01T00:00:09.000Z' },
      { jobId: 'b', runId: 'r1', state: 'queued', startedAt: null },
    ]
    const eta = queueEta(live, (id) => plans[id], t, 2, now)
    expect(eta).toMatchObject({ remainingMs: (2000 + 1000) / 2, runs: { r1: 1500 }, backends: 2 })
    const later = queueEta([...live, { jobId: 'b2', runId: 'r2', state: 'queued', startedAt: null }], (id) => plans[id === 'b2' ? 'b' : id], t, 1, now)
    expect(later.runs).toEqual({ r1: 3000, r2: 4000 })
    const unknown = queueEta([{ jobId: 'c', runId: 'r2', state: 'queued', startedAt: null }, ...live], (id) => plans[id], t, 0, now)
    expect(unknown).toMatchObject({ remainingMs: null, runs: { r2: null, r1: null }, backends: 1 })
  })

  it('read the end of the learning log at start, skipping a torn first line and bad lines', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'snf-times-'))
    try {
      const line = JSON.stringify({ stageTimings: [{ stageId: 't', kind: 'txt2img', ms: 900, cached: false }], outputs: [{ stageId: 't' }, { stageId: 't' }] })
      const filler = 'x'.repeat(LOG_TAIL_BYTES) // pushes a first line out of the tail
      await writeFile(join(dir, 'log.jsonl'), `${JSON.stringify({ stageTimings: [{ stageId: 't', kind: 'txt2img', ms: 1, cached: false }], outputs: [{ stageId: 't' }], pad: filler })}\n{not json\n${line}\n`)
      const t = new StageTimes()
      await t.loadLogTail(join(dir, 'log.jsonl'))
      expect(t.perImage('txt2img')).toEqual({ ms: 450, samples: 1 })
      await new StageTimes().loadLogTail(join(dir, 'missing.jsonl'))
      expect(measuresOfLine({})).toEqual([])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
