/**
 * `createEditorStore(init)`: one zustand store per editor instance (not a module singleton), so
 * tests and a future second editor tab each get their own state. Slices are combined here only.
 */
import { createStore, type StoreApi } from 'zustand/vanilla'
import type { Graph } from '../../../engine/graph/schema.ts'
import { createGraphSlice } from './graph-slice.ts'
import { createHistorySlice } from './history-slice.ts'
import { createLiveSlice } from './live-slice.ts'
import { createLibrarySlice, createRunSlice, createSelectionSlice, createUiSlice } from './other-slices.ts'
import type { EditorState } from './types.ts'

export interface EditorInit {
  graph?: Graph
  /** The initial graph has changes not saved to the library (a restored browser draft). */
  dirty?: boolean
  /** Where the initial graph lives (a restored document record says). */
  origin?: 'library' | 'local'
}

export type EditorStore = StoreApi<EditorState>

export function createEditorStore(init: EditorInit = {}): EditorStore {
  const store = createStore<EditorState>()((...a) => ({
    ...createGraphSlice(...a),
    ...createHistorySlice(...a),
    ...createSelectionSlice(...a),
    ...createLibrarySlice(...a),
    ...createRunSlice(...a),
    ...createUiSlice(...a),
    ...createLiveSlice(...a),
  }))
  if (init.graph) store.getState().loadGraph(init.graph, { origin: init.origin ?? 'local', dirty: init.dirty ?? false })
  return store
}
