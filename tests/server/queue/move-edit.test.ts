import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { QueueError, type QueueStore, type Store } from '../../../server/queue/index.ts'
import { batchRun, ids, memoryStore } from './helpers.ts'
import { compile } from '../../../engine/compile/compile.ts'
import { context, edge, graph, node } from '../../engine/compile/fixtures.ts'

let store: Store
let q: QueueStore
let j: string[]
beforeEach(() => {
  store = memoryStore()
  q = store.queue
  q.submit(batchRun(5, 1))
  j = ids(q.snapshot().jobs)
})
afterEach(() => store.close())

const order = (): string[] => ids(q.snapshot({ finishedLimit: 0 }).jobs)
const codeOf = (fn: () => unknown): string | undefined => {
  try { fn() } catch (err) { return err instanceof QueueError ? err.code : `not a QueueError: ${String(err)}` }
  return undefined
}

describe('move', () => {
  it('to front and to back', () => {
    q.move(j[3]!, { to: 'front' })
    expect(order()).toEqual([j[3], j[0], j[1], j[2], j[4]])
    q.move(j[0]!, { to: 'back' })
    expect(order()).toEqual([j[3], j[1], j[2], j[4], j[0]])
    expect(q.claim('b', 'A')!.jobId).toBe(j[3])
  })

  it('before and after another job, with positions strictly between the neighbours', () => {
    q.move(j[4]!, { before: j[1]! })
    expect(order()).toEqual([j[0], j[4], j[1], j[2], j[3]])
    const p = (id: string) => q.get(id)!.position
    expect(p(j[4]!)).toBeGreaterThan(p(j[0]!))
    expect(p(j[4]!)).toBeLessThan(p(j[1]!))
    q.move(j[0]!, { after: j[3]! })
    expect(order()).toEqual([j[4], j[1], j[2], j[3], j[0]])
    q.move(j[2]!, { before: j[4]! })
    expect(order()).toEqual([j[2], j[4], j[1], j[3], j[0]])
    q.move(j[2]!, { after: j[0]! })
    expect(order()).toEqual([j[4], j[1], j[3], j[0], j[2]])
  })

  it('survives hundreds of moves between the same two neighbours (renumbering when the gap is used up)', () => {
    // Alternately move j3 and j4 right after j0: each lands in the shrinking gap before the other.
    for (let i = 0; i < 300; i++) q.move(i % 2 === 0 ? j[3]! : j[4]!, { after: j[0]! })
    expect(order()).toEqual([j[0], j[4], j[3], j[1], j[2]])
    const positions = q.snapshot().jobs.map((s) => s.position)
    expect(new Set(positions).size).toBe(5)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    // The same on the other side: the last move (i = 299) puts j2 right before j0.
    for (let i = 0; i < 300; i++) q.move(i % 2 === 0 ? j[1]! : j[2]!, { before: j[0]! })
    expect(order()).toEqual([j[1], j[2], j[0], j[4], j[3]])
  })

  it('a running job keeps its place against moved jobs when it is requeued', () => {
    q.claim('b', 'A') // j0 running
    // Exhaust the gap right after j0's position, forcing renumbering with j0 among the live jobs.
    for (let i = 0; i < 100; i++) q.move(i % 2 === 0 ? j[2]! : j[3]!, { before: j[1]! })
    q.move(j[4]!, { to: 'front' })
    q.requeue(j[0]!, 'backend down')
    expect(order()).toEqual([j[4], j[0], j[2], j[3], j[1]])
  })

  it('before/after a job of another priority takes its priority, front takes the highest', () => {
    const hi = batchRun(1, 2)
    q.submit(hi, { priority: 3 })
    const h = hi.jobs[0]!.jobId
    q.move(j[2]!, { before: h })
    expect(order().slice(0, 2)).toEqual([j[2], h])
    expect(q.get(j[2]!)!.priority).toBe(3)
    q.move(j[4]!, { to: 'front' })
    expect(order()[0]).toBe(j[4])
    expect(q.get(j[4]!)!.priority).toBe(3)
    q.move(h, { to: 'back' })
    expect(order().at(-1)).toBe(h)
    expect(q.get(h)!.priority).toBe(0)
  })

  it('refuses to move anything but a queued job, or next to one that is not queued', () => {
    q.claim('b', 'A')
    expect(codeOf(() => q.move(j[0]!, { to: 'back' }))).toBe('bad-state')
    expect(codeOf(() => q.move(j[1]!, { before: j[0]! }))).toBe('bad-state')
    q.succeed(j[0]!)
    expect(codeOf(() => q.move(j[0]!, { to: 'front' }))).toBe('bad-state')
    expect(codeOf(() => q.move('nope', { to: 'front' }))).toBe('not-found')
    expect(codeOf(() => q.move(j[1]!, { after: 'nope' }))).toBe('not-found')
    expect(codeOf(() => q.move(j[1]!, { after: j[1]! }))).toBeUndefined()
    expect(order()).toEqual(j.slice(1))
  })
})

describe('edit', () => {
  it('changes only that job, on a copy of the shared plan', () => {
    const run = batchRun(3, 7)
    const original = structuredClone(run)
    expect(run.jobs[0]!.plan).toBe(run.jobs[1]!.plan)
    q.submit(run)
    const [a, b, c] = ids(run.jobs) as [string, string, string]
    const beforeB = q.get(b)!
    const edited = q.edit(a, { prompt: 'a lighthouse in fog', negativePrompt: 'blurry', seed: 1234, steps: 35, cfg_scale: 4.5 })
    expect(edited.spec.prompt).toBe('a lighthouse in fog')
    expect(edited.spec.negativePrompt).toBe('blurry')
    expect(edited.spec.seed).toBe(1234)
    expect(edited.spec.plan.stages[0]!.config.values).toMatchObject({ steps: 35, cfg_scale: 4.5 })
    expect(edited.spec.plan.stages[0]!.config.provenance).toMatchObject({ steps: 'edit', cfg_scale: 'edit' })
    expect(q.get(a)).toEqual(edited)
    expect(q.summary(a)).toMatchObject({ prompt: 'a lighthouse in fog', seed: 1234 })
    // The other jobs of the run and the submitted RunSpec are untouched.
    expect(q.get(b)).toEqual(beforeB)
    expect(q.get(c)!.spec).toEqual(original.jobs[2])
    expect(run).toEqual(original)
  })

  it('later stages that inherit steps or CFG from the root follow the edit; values they set stay', () => {
    const { run } = compile(graph([
      node('t', 'txt2img', { prompt: 'a', steps: 20 }, { label: 'Gen' }),
      node('ad', 'adetailer', {}),
      node('i', 'img2img', { cfg_scale: 3 }),
    ], [edge('t.image', 'ad.image'), edge('ad.image', 'i.image')]), context())
    q.submit(run!)
    const edited = q.edit(run!.jobs[0]!.jobId, { steps: 35, cfg_scale: 4.5 })
    const [, ad, i] = edited.spec.plan.stages
    expect([ad!.config.values.steps, ad!.config.values.cfg_scale, ad!.config.provenance.steps]).toEqual([35, 4.5, 'inherited from Gen'])
    expect([i!.config.values.steps, i!.config.values.cfg_scale, i!.config.provenance.cfg_scale]).toEqual([35, 3, 'node'])
  })

  it('a partial edit leaves the other fields alone', () => {
    const edited = q.edit(j[1]!, { steps: 12 })
    const spec = batchRun(5, 1).jobs[1]!
    expect(edited.spec.prompt).toBe(spec.prompt)
    expect(edited.spec.seed).toBe(spec.seed)
    expect(edited.spec.plan.stages[0]!.config.values['steps']).toBe(12)
    expect(edited.spec.plan.stages[0]!.config.values['cfg_scale']).toBe(7)
  })

  it('is refused for a running or finished job, and for bad numbers', () => {
    q.claim('b', 'A')
    expect(codeOf(() => q.edit(j[0]!, { seed: 1 }))).toBe('bad-state')
    q.succeed(j[0]!)
    expect(codeOf(() => q.edit(j[0]!, { seed: 1 }))).toBe('bad-state')
    expect(codeOf(() => q.edit('nope', { seed: 1 }))).toBe('not-found')
    expect(() => q.edit(j[1]!, { steps: 0 })).toThrow(RangeError)
    expect(() => q.edit(j[1]!, { seed: 1.5 })).toThrow(RangeError)
    expect(() => q.edit(j[1]!, { seed: -1 })).toThrow(RangeError)
    expect(() => q.edit(j[1]!, { cfg_scale: Number.NaN })).toThrow(RangeError)
    expect(q.get(j[1]!)!.spec).toEqual(batchRun(5, 1).jobs[1])
  })
})
