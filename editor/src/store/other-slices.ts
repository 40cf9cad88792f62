/**
 * The small slices: selection, library data, run state (compile results) and UI state. Each only
 * sets values; fetching and compiling happen in services (editor/src/services/).
 */
import type { StateCreator } from 'zustand'
import type { CompileResult } from '../../../engine/compile/compile.ts'
import type { EditorState, LibrarySlice, NodeProblem, RunSlice, SelectionSlice, UiSlice } from './types.ts'

export const createSelectionSlice: StateCreator<EditorState, [], [], SelectionSlice> = (set, get) => ({
  selectedIds: [],
  preview: { jobIndex: 0, stageId: null },
  focus: null,
  selectNode(id, opts) {
    const s = get()
    if (!s.nodes.some((n) => n.id === id)) return
    set({
      nodes: s.nodes.map((n) => (n.id === id ? (n.selected ? n : { ...n, selected: true }) : n.selected ? { ...n, selected: false } : n)),
      selectedIds: [id],
      ...(opts?.focus ? { focus: { nodeId: id, seq: (s.focus?.seq ?? 0) + 1 } } : {}),
    })
  },
  setPreview(p) {
    set({ preview: { ...get().preview, ...p } })
  },
})

export const createLibrarySlice: StateCreator<EditorState, [], [], LibrarySlice> = (set) => ({
  server: 'connecting',
  serverMessage: null,
  simulated: false,
  librarySource: 'none',
  library: null,
  resources: null,
  favourites: null,
  lastConfigs: null,
  graphList: [],
  setServer(server, serverMessage = null, simulated = false) {
    set({ server, serverMessage, simulated })
  },
  setLibrary(library, librarySource) {
    set({ library, librarySource })
  },
  setResources(resources, favourites) {
    set({ resources, favourites })
  },
  setGraphList(graphList) {
    set({ graphList })
  },
  setLastConfigs(lastConfigs) {
    set({ lastConfigs })
  },
})

/** Groups compile problems by node, reusing the previous array when a node's problems did not change. */
export function problemsByNode(result: CompileResult, previous: Record<string, NodeProblem[]>): Record<string, NodeProblem[]> {
  const next: Record<string, NodeProblem[]> = {}
  const add = (nodeId: string | undefined, p: NodeProblem) => {
    if (nodeId === undefined) return
    ;(next[nodeId] ??= []).push(p)
  }
  for (const e of result.errors) add(e.nodeId, { severity: 'error', message: e.message, ...(e.field ? { field: e.field } : {}), ...(e.port ? { port: e.port } : {}) })
  for (const w of result.warnings) add(w.nodeId, { severity: 'warning', message: w.message, ...(w.field ? { field: w.field } : {}) })
  for (const [id, list] of Object.entries(next)) {
    const old = previous[id]
    if (old && old.length === list.length && old.every((p, i) => p.message === list[i]!.message && p.severity === list[i]!.severity)) next[id] = old
  }
  return next
}

export const createRunSlice: StateCreator<EditorState, [], [], RunSlice> = (set, get) => ({
  compiled: null,
  compileMs: 0,
  stageConfigs: {},
  nodeProblems: {},
  previewRunSeed: null,
  setPreviewRunSeed(seed) {
    set({ previewRunSeed: seed })
  },
  setCompiled(result, ms) {
    const stageConfigs: RunSlice['stageConfigs'] = {}
    for (const job of result.run?.jobs ?? []) {
      for (const stage of job.plan.stages) stageConfigs[stage.stageId] ??= stage.config
    }
    for (const v of result.run?.videos ?? []) stageConfigs[v.stageId] ??= v.config
    const s = get()
    const jobs = result.run?.jobs.length ?? 0
    set({
      compiled: result,
      compileMs: ms,
      stageConfigs,
      nodeProblems: problemsByNode(result, s.nodeProblems),
      preview: s.preview.jobIndex < jobs ? s.preview : { jobIndex: 0, stageId: s.preview.stageId },
    })
  },
})

export const createUiSlice: StateCreator<EditorState, [], [], UiSlice> = (set, get) => ({
  toast: null,
  rightTab: 'inspector',
  showToast(text, tone = 'info', at) {
    set({ toast: { text, tone, ...(at ?? {}), seq: (get().toast?.seq ?? 0) + 1 } })
  },
  clearToast(seq) {
    if (get().toast?.seq === seq) set({ toast: null })
  },
  setRightTab(rightTab) {
    set({ rightTab })
  },
})
