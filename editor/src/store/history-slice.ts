/**
 * Undo/redo of graph snapshots. Nodes and edges are immutable, so a snapshot is two array
 * references: cheap enough to take before every edit. Consecutive edits with the same key
 * (typing in one field) within COALESCE_MS become one step, as users expect from text fields.
 */
import type { StateCreator } from 'zustand'
import type { EditorState, HistorySlice, Snapshot } from './types.ts'

export const HISTORY_LIMIT = 200
export const COALESCE_MS = 1000

/** Selection is view state: an undo should not also change what is selected in surprising ways. */
const unselected = (s: Snapshot): Snapshot => ({
  nodes: s.nodes.map((n) => (n.selected || n.dragging ? { ...n, selected: false, dragging: false } : n)),
  edges: s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)),
})

export const createHistorySlice: StateCreator<EditorState, [], [], HistorySlice> = (set, get) => ({
  past: [],
  future: [],
  historyKey: null,
  historyAt: 0,

  record(key) {
    const s = get()
    const now = Date.now()
    if (key !== undefined && key === s.historyKey && now - s.historyAt < COALESCE_MS) {
      set({ historyAt: now })
      return
    }
    const past = [...s.past, { nodes: s.nodes, edges: s.edges }]
    if (past.length > HISTORY_LIMIT) past.shift()
    set({ past, future: [], historyKey: key ?? null, historyAt: now })
  },

  undo() {
    const s = get()
    const prev = s.past[s.past.length - 1]
    if (!prev) return
    const restored = unselected(prev)
    set({
      past: s.past.slice(0, -1),
      future: [...s.future, { nodes: s.nodes, edges: s.edges }],
      ...restored,
      selectedIds: [],
      historyKey: null,
      dirty: true,
    })
  },

  redo() {
    const s = get()
    const next = s.future[s.future.length - 1]
    if (!next) return
    const restored = unselected(next)
    set({
      future: s.future.slice(0, -1),
      past: [...s.past, { nodes: s.nodes, edges: s.edges }],
      ...restored,
      selectedIds: [],
      historyKey: null,
      dirty: true,
    })
  },
})
