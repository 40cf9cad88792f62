/**
 * The one EventSource on `/api/events`. Every message is parsed with the zod ServerEvent (a bad
 * one is skipped, not trusted). The stream starts with the current state (queue snapshot,
 * backends, progress of running jobs), so after a reload the editor re-attaches to a running
 * queue with no extra request. Events about jobs of the open graph (job.graphId = graph id) are
 * routed to its nodes by stageId (node id = stage id). The browser retries a dropped stream on
 * its own; when it gives up (the stream closed), we reopen it with a growing delay.
 */
import { ServerEvent } from '../../../engine/api/events.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { getNodeOutputs } from '../api/run-endpoints.ts'
import { getLastConfigs } from '../api/endpoints.ts'
import type { EditorStore } from '../store/create-store.ts'

export const OUTPUTS_LIMIT = 4
const RETRY_MIN_MS = 1000
const RETRY_MAX_MS = 10_000

/** Fetches a node's latest outputs; calls for the same node while one is in flight collapse into one more. */
export function createOutputsLoader(store: EditorStore) {
  const inFlight = new Map<string, boolean>()
  const load = async (stageId: string): Promise<void> => {
    if (inFlight.has(stageId)) { inFlight.set(stageId, true); return }
    inFlight.set(stageId, false)
    const graphId = store.getState().meta.id
    try {
      const { artifacts } = await getNodeOutputs(graphId, stageId, OUTPUTS_LIMIT)
      // The user may have opened another graph meanwhile.
      if (store.getState().meta.id === graphId && store.getState().nodes.some((n) => n.id === stageId)) store.getState().setNodeOutputs(stageId, artifacts)
    } catch {
      // Thumbnails are a convenience; a failed fetch leaves the old ones.
    } finally {
      const again = inFlight.get(stageId)
      inFlight.delete(stageId)
      if (again) void load(stageId)
    }
  }
  /** Every node of the open graph that makes outputs (image stages and video nodes). */
  const loadAll = () => {
    for (const n of store.getState().nodes) {
      const kind = getNodeKind(n.data.kind)
      if (kind?.outputs.some((p) => p.type === 'image' || p.type === 'video')) void load(n.id)
    }
  }
  return { load, loadAll }
}

export function startEventsService(store: EditorStore, outputs = createOutputsLoader(store)): () => void {
  let source: EventSource | null = null
  let retryMs = RETRY_MIN_MS
  let timer: ReturnType<typeof setTimeout> | undefined
  let stopped = false
  /**
   * jobId → graphId, from the latest queue snapshot. Running jobs and the latest finished ones
   * are always listed, so every job that can send progress or stage-done is here; rebuilding it
   * per snapshot keeps it bounded however many jobs a session sees.
   */
  let jobGraph = new Map<string, string>()
  const isOpenGraphJob = (jobId: string) => jobGraph.get(jobId) === store.getState().meta.id
  // The last run's configs change with every finished job; one fetch per burst of job-done events.
  let lastConfigsTimer: ReturnType<typeof setTimeout> | undefined
  const refreshLastConfigs = () => {
    if (lastConfigsTimer !== undefined) return
    lastConfigsTimer = setTimeout(() => {
      lastConfigsTimer = undefined
      if (stopped) return
      getLastConfigs().then((r) => store.getState().setLastConfigs(r.configs), () => { /* an extra: keep the old offer */ })
    }, 1000)
  }

  const handle = (event: ServerEvent) => {
    const s = store.getState()
    switch (event.type) {
      case 'queue':
        jobGraph = new Map(event.snapshot.jobs.map((j) => [j.jobId, j.graphId]))
        s.setQueue(event.snapshot)
        break
      case 'backend': {
        s.setBackend(event.backend)
        // An unset model compiles to the checkpoint the first up WebUI has loaded (as the server
        // does at submit), so the preview follows it when it changes.
        const loaded = Object.values(store.getState().backends)
          .sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }))
          .find((b) => b.state === 'up' && b.loadedModel !== null)?.loadedModel ?? null
        if (s.resources && loaded !== null && loaded !== s.resources.loadedModel) s.setResources({ ...s.resources, loadedModel: loaded }, s.favourites)
        break
      }
      case 'stage-start':
        s.setJobProgress(event.jobId, { stageId: event.stageId, step: 0, steps: 0, progress: 0 })
        if (isOpenGraphJob(event.jobId)) s.setNodeRun(event.stageId, { jobId: event.jobId, state: 'running', step: 0, steps: 0, progress: 0, preview: null })
        break
      case 'progress': {
        s.setJobProgress(event.jobId, { stageId: event.stageId, step: event.step, steps: event.steps, progress: event.progress })
        if (!isOpenGraphJob(event.jobId)) break
        const prev = s.nodeRun[event.stageId]
        s.setNodeRun(event.stageId, {
          jobId: event.jobId, state: 'running', step: event.step, steps: event.steps, progress: event.progress,
          // Keep the last preview until a newer one arrives, so the picture does not flicker.
          preview: event.preview ?? (prev?.jobId === event.jobId ? prev.preview : null),
        })
        break
      }
      case 'video-done':
        // Videos are run-level: show them on the video node when it is in the open graph.
        if (s.nodes.some((n) => n.id === event.stageId)) {
          if (s.nodeRun[event.stageId]?.videoRunId) s.setNodeRun(event.stageId, undefined)
          void outputs.load(event.stageId)
        }
        break
      case 'video-failed':
        // Shown on the video node, with a Retry (NodeRun).
        if (s.nodes.some((n) => n.id === event.stageId)) {
          s.setNodeRun(event.stageId, { jobId: '', state: 'failed', step: 0, steps: 0, progress: 0, preview: null, error: event.error, videoRunId: event.runId })
        }
        break
      case 'stage-done':
        if (!isOpenGraphJob(event.jobId)) break
        if (s.nodeRun[event.stageId]?.jobId === event.jobId) s.setNodeRun(event.stageId, undefined)
        void outputs.load(event.stageId)
        break
      case 'job-failed':
        s.setJobProgress(event.jobId, undefined)
        if (event.stageId && isOpenGraphJob(event.jobId)) {
          s.setNodeRun(event.stageId, { jobId: event.jobId, state: 'failed', step: 0, steps: 0, progress: 0, preview: null, error: event.error })
        }
        break
      case 'job-done':
        s.setJobProgress(event.jobId, undefined)
        refreshLastConfigs()
        break
      default:
        break
    }
  }

  const open = () => {
    if (stopped) return
    store.getState().setStream('connecting')
    const es = new EventSource('/api/events')
    source = es
    es.onopen = () => {
      retryMs = RETRY_MIN_MS
      store.getState().setStream('open')
      // Outputs made while we were away (or before a reload).
      outputs.loadAll()
    }
    es.onmessage = (m) => {
      let raw: unknown
      try { raw = JSON.parse(m.data as string) } catch { return }
      const parsed = ServerEvent.safeParse(raw)
      if (parsed.success) handle(parsed.data)
    }
    es.onerror = () => {
      if (stopped) return
      // Only after the stream had been open does a drop mean "lost"; a first failure is still "connecting".
      if (store.getState().stream === 'open') store.getState().setStream('lost')
      if (es.readyState === EventSource.CLOSED) {
        es.close()
        timer = setTimeout(open, retryMs)
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS)
      }
    }
  }

  // Opening another graph: fetch its nodes' outputs.
  const unsubscribe = store.subscribe((next, prev) => {
    if (next.loadSeq !== prev.loadSeq && next.stream === 'open') outputs.loadAll()
  })
  open()
  return () => {
    stopped = true
    unsubscribe()
    if (timer !== undefined) clearTimeout(timer)
    if (lastConfigsTimer !== undefined) clearTimeout(lastConfigsTimer)
    source?.close()
  }
}
