/**
 * Keeps the open document safe (docs/editor.md "Documents"):
 * - its browser record (document/storage.ts) follows changes DRAFT_SAVE_MS after they pause, and
 *   at once when another document is opened or the page is hidden, so a reload reopens exactly
 *   what was open;
 * - a library document with changes is autosaved with a debounced PUT `?autosave=1` (the server
 *   keeps one coalesced snapshot per window) and marked saved only if nothing changed meanwhile;
 * - switching documents never drops the previous one's pending autosave: it is sent at once.
 * `beforeunload` warns while changes are not in the library; on `pagehide` the record is written
 * and a pending PUT goes out with `keepalive`.
 */
import { errorMessage } from '../api/client.ts'
import { autosaveGraph } from '../api/endpoints.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import { writeDocument } from '../document/storage.ts'
import { refreshGraphList } from '../document/actions.ts'
import type { EditorStore } from '../store/create-store.ts'
import { toGraph } from '../store/graph-convert.ts'
import type { EditorState } from '../store/types.ts'

export const LIBRARY_SAVE_MS = 1500
export const DRAFT_SAVE_MS = 400

const record = (s: EditorState) => writeDocument({ graph: toGraph(s), origin: s.origin, dirty: s.dirty })
const same = (a: Graph, b: Graph) => JSON.stringify(a) === JSON.stringify(b)

export function startAutosaveService(store: EditorStore): () => void {
  let libraryTimer: ReturnType<typeof setTimeout> | undefined
  let recordTimer: ReturnType<typeof setTimeout> | undefined
  let failedOnce = false

  const put = async (graph: Graph, keepalive = false) => {
    try {
      const saved = await autosaveGraph(graph, keepalive)
      failedOnce = false
      // A new or updated snapshot: the library list's version counts follow.
      if (saved.version !== null && !keepalive) void refreshGraphList(store)
      // Only "saved" if this document did not change while the request was out; otherwise the next save follows.
      const now = store.getState()
      if (now.meta.id !== graph.id) return
      if (same(toGraph(now), graph)) now.markSaved()
      else scheduleLibrary()
    } catch (e) {
      // The browser record still holds the work; say so once, not on every keystroke.
      if (!failedOnce) store.getState().showToast(`Autosave failed (your changes are kept in this browser): ${errorMessage(e)}`, 'error')
      failedOnce = true
    }
  }

  const flushLibrary = () => {
    libraryTimer = undefined
    const s = store.getState()
    if (s.dirty && s.origin === 'library' && s.server === 'online') void put(toGraph(s))
  }
  const scheduleLibrary = () => {
    if (libraryTimer !== undefined) clearTimeout(libraryTimer)
    libraryTimer = setTimeout(flushLibrary, LIBRARY_SAVE_MS)
  }
  const flushRecord = () => {
    recordTimer = undefined
    record(store.getState())
  }
  // Debounced, not throttled: a drag (a store update per frame) writes once, when it pauses, never
  // mid-drag (serialising a large graph every few frames would cost frames); pagehide writes at once.
  const scheduleRecord = () => {
    if (recordTimer !== undefined) clearTimeout(recordTimer)
    recordTimer = setTimeout(flushRecord, DRAFT_SAVE_MS)
  }

  const unsubscribe = store.subscribe((next, prev) => {
    if (next.loadSeq !== prev.loadSeq) {
      // Another document: the previous one's pending autosave goes out now, with its own content.
      if (libraryTimer !== undefined) {
        clearTimeout(libraryTimer)
        libraryTimer = undefined
        if (prev.dirty && prev.origin === 'library' && prev.server === 'online') void put(toGraph(prev))
      }
      if (recordTimer !== undefined) clearTimeout(recordTimer)
      recordTimer = undefined
      record(next)
      return
    }
    const changed = next.nodes !== prev.nodes || next.edges !== prev.edges || next.meta !== prev.meta
    if (changed || next.dirty !== prev.dirty || next.origin !== prev.origin || next.viewport !== prev.viewport) scheduleRecord()
    const wantsLibrary = next.dirty && next.origin === 'library' && next.server === 'online'
    if (wantsLibrary && (changed || !prev.dirty || prev.origin !== 'library' || prev.server !== 'online')) scheduleLibrary()
  })
  // A document restored with changes the library does not have yet is saved once the server answers.
  record(store.getState())

  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!store.getState().dirty) return
    e.preventDefault()
    // Older browsers need returnValue set to show the dialog.
    e.returnValue = ''
  }
  const pageHide = () => {
    if (recordTimer !== undefined) clearTimeout(recordTimer)
    recordTimer = undefined
    record(store.getState())
    if (libraryTimer === undefined) return
    clearTimeout(libraryTimer)
    libraryTimer = undefined
    const s = store.getState()
    if (s.dirty && s.origin === 'library' && s.server === 'online') void put(toGraph(s), true)
  }
  window.addEventListener('beforeunload', beforeUnload)
  window.addEventListener('pagehide', pageHide)
  return () => {
    unsubscribe()
    window.removeEventListener('beforeunload', beforeUnload)
    window.removeEventListener('pagehide', pageHide)
    if (libraryTimer !== undefined) clearTimeout(libraryTimer)
    if (recordTimer !== undefined) clearTimeout(recordTimer)
  }
}
