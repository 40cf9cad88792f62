/**
 * The live slice: what the server's event stream says (queue snapshot, WebUI backends, per-node
 * run state of the open graph) and each node's latest outputs. Keyed by node id (= stage id), and
 * each setter replaces one key only, so a progress event re-renders the one node it is about.
 */
import type { StateCreator } from 'zustand'
import type { BackendStatus, QueueSnapshot } from '../../../engine/api/events.ts'
import type { NodeOutput } from '../../../engine/api/http.ts'
import type { EditorState } from './types.ts'

export interface NodeRunState {
  jobId: string
  state: 'running' | 'failed'
  step: number
  steps: number
  /** 0..1 */
  progress: number
  /** Data URL of the WebUI's live preview, when it sends one. */
  preview: string | null
  error?: string
  /** Set when a run's video failed on this (video) node: the run to retry it in. */
  videoRunId?: string
}

export interface JobProgress {
  stageId: string
  step: number
  steps: number
  progress: number
}

export type StreamState = 'connecting' | 'open' | 'lost'

export interface LiveSlice {
  queue: QueueSnapshot | null
  backends: Record<string, BackendStatus>
  stream: StreamState
  nodeRun: Record<string, NodeRunState>
  /** Progress per running job, for the queue panel. */
  jobProgress: Record<string, JobProgress>
  nodeOutputs: Record<string, NodeOutput[]>
  lightbox: string | null
  /** The images the lightbox steps through with previous/next (the node's outputs, the history page); contains `lightbox`. */
  lightboxList: readonly string[]
  /** Bumped by every image rating, so lists that show ratings (History) read them again. */
  ratingsVersion: number
  setQueue(snapshot: QueueSnapshot): void
  setBackend(b: BackendStatus): void
  setStream(s: StreamState): void
  setNodeRun(stageId: string, run: NodeRunState | undefined): void
  setJobProgress(jobId: string, p: JobProgress | undefined): void
  setNodeOutputs(stageId: string, list: NodeOutput[]): void
  /** Updates the rating everywhere that image shows (a node may list an image another node made). */
  setImageRating(artifactId: string, rating: number): void
  openLightbox(artifactId: string | null, list?: readonly string[]): void
}

function without<T>(rec: Record<string, T>, key: string): Record<string, T> {
  if (!(key in rec)) return rec
  const { [key]: _gone, ...rest } = rec
  return rest
}

export const createLiveSlice: StateCreator<EditorState, [], [], LiveSlice> = (set, get) => ({
  queue: null,
  backends: {},
  stream: 'connecting',
  nodeRun: {},
  jobProgress: {},
  nodeOutputs: {},
  lightbox: null,
  lightboxList: [],
  ratingsVersion: 0,
  setQueue(queue) {
    const s = get()
    // A job that is no longer running (done, cancelled, failed) has no progress to show.
    const running = new Set(queue.jobs.filter((j) => j.state === 'running').map((j) => j.jobId))
    let nodeRun = s.nodeRun
    for (const [id, r] of Object.entries(nodeRun)) if (r.state === 'running' && !running.has(r.jobId)) nodeRun = without(nodeRun, id)
    let jobProgress = s.jobProgress
    for (const id of Object.keys(jobProgress)) if (!running.has(id)) jobProgress = without(jobProgress, id)
    set({ queue, nodeRun, jobProgress })
  },
  setBackend(b) {
    set({ backends: { ...get().backends, [b.id]: b } })
  },
  setStream(stream) {
    if (get().stream !== stream) set({ stream })
  },
  setNodeRun(stageId, run) {
    const s = get()
    set({ nodeRun: run ? { ...s.nodeRun, [stageId]: run } : without(s.nodeRun, stageId) })
  },
  setJobProgress(jobId, p) {
    const s = get()
    set({ jobProgress: p ? { ...s.jobProgress, [jobId]: p } : without(s.jobProgress, jobId) })
  },
  setNodeOutputs(stageId, list) {
    set({ nodeOutputs: { ...get().nodeOutputs, [stageId]: list } })
  },
  setImageRating(artifactId, rating) {
    const s = get()
    let changed = false
    const next: Record<string, NodeOutput[]> = {}
    for (const [id, list] of Object.entries(s.nodeOutputs)) {
      next[id] = list.some((a) => a.artifactId === artifactId) ? ((changed = true), list.map((a) => (a.artifactId === artifactId ? { ...a, rating } : a))) : list
    }
    set(changed ? { nodeOutputs: next, ratingsVersion: s.ratingsVersion + 1 } : { ratingsVersion: s.ratingsVersion + 1 })
  },
  openLightbox(lightbox, list) {
    // Stepping (no list) keeps the current list; a new list must contain the image it opens on.
    const current = get().lightboxList
    const lightboxList = lightbox === null ? [] : list?.includes(lightbox) ? list : current.includes(lightbox) ? current : [lightbox]
    set({ lightbox, lightboxList })
  },
})
