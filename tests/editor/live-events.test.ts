/**
 * The events service against a fake EventSource: server events reach the store parsed, jobs of
 * the open graph drive their nodes by stage id, other graphs' jobs touch no node, a progress
 * event replaces only its node's entry (so only that node re-renders), stage-done fetches the
 * node's outputs, and a finished job's progress disappears with the next queue snapshot.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { readFileSync } from 'node:fs'
import { parseGraph } from '../../engine/graph/migrations.ts'
import type { QueueJobSummary, ServerEvent } from '../../engine/api/events.ts'
import { createEditorStore } from '../../editor/src/store/create-store.ts'
import { startEventsService } from '../../editor/src/services/events-service.ts'

class FakeEventSource {
  static CLOSED = 2
  static last: FakeEventSource | null = null
  readyState = 1
  onopen: (() => void) | null = null
  onmessage: ((m: { data: string }) => void) | null = null
  onerror: (() => void) | null = null
  constructor(readonly url: string) { FakeEventSource.last = this }
  close() { this.readyState = 2 }
  send(e: ServerEvent | string) { this.onmessage?.({ data: typeof e === 'string' ? e : JSON.stringify(e) }) }
}

const graph = (() => {
  const p = parseGraph(JSON.parse(readFileSync('graphs/portrait.json', 'utf8')))
  if (!p.ok) throw new Error('portrait')
  return p.graph
})()

const job = (jobId: string, graphId: string, state: QueueJobSummary['state']): QueueJobSummary => ({
  jobId, runId: 'r1', graphId, state, position: 1, priority: 0, attempts: 1, prompt: 'p', seed: 1, model: 'm', stages: ['txt'],
  backend: null, lastError: null, failedStage: null, createdAt: '2026-01-01T00:00:00Z', startedAt: null, finishedAt: null,
})
const snapshot = (jobs: QueueJobSummary[]): ServerEvent => ({
  type: 'queue', snapshot: { paused: false, counts: { queued: 0, running: jobs.length, succeeded: 0, failed: 0, cancelled: 0 }, jobs },
})
const progress = (jobId: string, stageId: string, step: number): ServerEvent => ({ type: 'progress', jobId, stageId, progress: step / 20, step, steps: 20, etaSeconds: 1, preview: null })

describe('events service', () => {
  let fetchMock: ReturnType<typeof vi.fn>
  beforeEach(() => {
    vi.stubGlobal('EventSource', FakeEventSource)
    fetchMock = vi.fn(async () => new Response(JSON.stringify({ artifacts: [{ artifactId: 'a1', jobId: 'j1', stageId: 'txt', index: 0, width: 8, height: 8, rating: 3 }] })))
    vi.stubGlobal('fetch', fetchMock)
  })
  afterEach(() => vi.unstubAllGlobals())

  it('routes progress of the open graph to its nodes, one entry at a time', async () => {
    const store = createEditorStore({ graph })
    const stop = startEventsService(store)
    const es = FakeEventSource.last!
    es.onopen?.()
    es.send(snapshot([job('j1', 'portrait', 'running'), job('j2', 'other-graph', 'running')]))
    es.send(progress('j1', 'txt', 3))
    const before = store.getState().nodeRun
    expect(before.txt).toMatchObject({ jobId: 'j1', step: 3, steps: 20, state: 'running' })

    // Another graph's job: no node of this graph changes (the queue panel still sees it).
    es.send(progress('j2', 'txt', 9))
    expect(store.getState().nodeRun).toBe(before)
    expect(store.getState().jobProgress.j2).toMatchObject({ step: 9 })

    // A second node's progress leaves the first node's entry the same object (its selector does not fire).
    es.send(progress('j1', 'detail', 1))
    expect(store.getState().nodeRun.txt).toBe(before.txt)
    expect(store.getState().nodeRun.detail).toMatchObject({ step: 1 })

    // A malformed or unknown event is ignored.
    es.send('{not json')
    es.send(JSON.stringify({ type: 'progress', jobId: 'j1' }))
    expect(store.getState().nodeRun.txt).toBe(before.txt)
    stop()
  })

  it('stage-done clears the bar and fetches that node’s outputs; a finished job drops its progress', async () => {
    const store = createEditorStore({ graph })
    const stop = startEventsService(store)
    const es = FakeEventSource.last!
    es.send(snapshot([job('j1', 'portrait', 'running')]))
    es.send(progress('j1', 'txt', 20))
    fetchMock.mockClear()
    es.send({ type: 'stage-done', jobId: 'j1', stageId: 'txt', cached: false, artifacts: [] })
    expect(store.getState().nodeRun.txt).toBeUndefined()
    await vi.waitFor(() => expect(store.getState().nodeOutputs.txt?.[0]?.artifactId).toBe('a1'))
    expect(String(fetchMock.mock.calls[0]![0])).toBe('/api/nodes/portrait/txt/latest?limit=4')

    es.send(progress('j1', 'detail', 5))
    es.send(snapshot([{ ...job('j1', 'portrait', 'succeeded') }]))
    expect(store.getState().nodeRun.detail).toBeUndefined()
    expect(store.getState().jobProgress.j1).toBeUndefined()
    stop()
  })

  it('rating an image updates every node list that shows it, and no other list', () => {
    const store = createEditorStore({ graph })
    const a = { artifactId: 'a1', jobId: 'j1', stageId: 'txt', index: 0, width: 8, height: 8, rating: null, kind: 'image' as const }
    store.getState().setNodeOutputs('txt', [a])
    store.getState().setNodeOutputs('up', [{ ...a, artifactId: 'a2' }])
    const up = store.getState().nodeOutputs.up
    store.getState().setImageRating('a1', 4)
    expect(store.getState().nodeOutputs.txt![0]!.rating).toBe(4)
    expect(store.getState().nodeOutputs.up).toBe(up)
  })
})
