/**
 * Autosave of the open graph, and the warning before leaving with unsaved changes.
 * - A graph from the server's library is saved back with a debounced PUT (the server keeps the
 *   previous content as a version, and skips identical content), then marked saved.
 * - Any other graph (an example, a new one, one from a PNG or a past run) is kept as a browser
 *   draft in localStorage, so a reload or a crash does not lose it; it stays "unsaved" until it
 *   is saved to the library.
 * Which graph was open is remembered too, so a reload reopens it (see startup-service).
 */
import { errorMessage } from '../api/client.ts'
import { saveGraph } from '../api/endpoints.ts'
import { parseGraph } from '../../../engine/graph/migrations.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import type { EditorStore } from '../store/create-store.ts'
import { toGraph } from '../store/graph-convert.ts'
import type { GraphOrigin } from '../store/types.ts'

export const LIBRARY_SAVE_MS = 1500
export const DRAFT_SAVE_MS = 400
const DRAFT_KEY = 'stablenew:draft'
const OPEN_KEY = 'stablenew:open'

export interface OpenRecord { origin: GraphOrigin; id: string }

function storage(): Storage | null {
  try { return typeof localStorage === 'undefined' ? null : localStorage } catch { return null }
}

export function readOpenRecord(): OpenRecord | null {
  try {
    const v = JSON.parse(storage()?.getItem(OPEN_KEY) ?? 'null') as OpenRecord | null
    return v && (v.origin === 'library' || v.origin === 'local') && typeof v.id === 'string' ? v : null
  } catch {
    return null
  }
}

/** The browser draft, if there is one that still parses as a graph. */
export function readDraft(): { graph: Graph; dirty: boolean } | null {
  try {
    const raw = JSON.parse(storage()?.getItem(DRAFT_KEY) ?? 'null') as { graph: unknown; dirty?: boolean } | null
    if (!raw) return null
    const parsed = parseGraph(raw.graph)
    return parsed.ok ? { graph: parsed.graph, dirty: raw.dirty === true } : null
  } catch {
    return null
  }
}

function write(key: string, value: unknown): void {
  try { storage()?.setItem(key, JSON.stringify(value)) } catch { /* storage full or disabled: nothing else to do */ }
}

export function startAutosaveService(store: EditorStore): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let failedOnce = false

  const remember = () => {
    const s = store.getState()
    write(OPEN_KEY, { origin: s.origin, id: s.meta.id } satisfies OpenRecord)
    if (s.origin === 'local') write(DRAFT_KEY, { graph: toGraph(s), dirty: s.dirty })
  }

  const flush = async () => {
    timer = undefined
    const s = store.getState()
    if (!s.dirty) return
    if (s.origin !== 'library' || s.server !== 'online') {
      write(DRAFT_KEY, { graph: toGraph(s), dirty: true })
      return
    }
    const graph = toGraph(s)
    try {
      await saveGraph(graph)
      failedOnce = false
      // Only "saved" if nothing changed while the request was out; otherwise the next save follows.
      const now = store.getState()
      if (now.meta.id === graph.id && JSON.stringify(toGraph(now)) === JSON.stringify(graph)) now.markSaved()
      else schedule()
    } catch (e) {
      // Keep the work in the browser and say so once, not on every keystroke.
      write(DRAFT_KEY, { graph, dirty: true })
      if (!failedOnce) store.getState().showToast(`Autosave failed: ${errorMessage(e)}`, 'error')
      failedOnce = true
    }
  }

  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(() => void flush(), store.getState().origin === 'library' ? LIBRARY_SAVE_MS : DRAFT_SAVE_MS)
  }

  const unsubscribe = store.subscribe((next, prev) => {
    if (next.loadSeq !== prev.loadSeq || next.origin !== prev.origin || next.meta.id !== prev.meta.id) remember()
    if (!next.dirty) return
    if (next.nodes !== prev.nodes || next.edges !== prev.edges || next.meta !== prev.meta || !prev.dirty) schedule()
  })

  const beforeUnload = (e: BeforeUnloadEvent) => {
    if (!store.getState().dirty) return
    e.preventDefault()
    // Older browsers need returnValue set to show the dialog.
    e.returnValue = ''
  }
  /**
   * The page is going away with a save still pending: write the draft now (synchronous), and send
   * a library graph's PUT with `keepalive` so it completes after the page is gone.
   */
  const pageHide = () => {
    if (timer === undefined) return
    clearTimeout(timer)
    timer = undefined
    const s = store.getState()
    if (!s.dirty) return
    const graph = toGraph(s)
    if (s.origin === 'local' || s.server !== 'online') return write(DRAFT_KEY, { graph, dirty: true })
    void fetch(`/api/graphs/${encodeURIComponent(graph.id)}`, {
      method: 'PUT', keepalive: true, headers: { 'content-type': 'application/json' }, body: JSON.stringify(graph),
    }).catch(() => {})
  }
  window.addEventListener('beforeunload', beforeUnload)
  window.addEventListener('pagehide', pageHide)
  return () => {
    unsubscribe()
    window.removeEventListener('beforeunload', beforeUnload)
    window.removeEventListener('pagehide', pageHide)
    if (timer !== undefined) clearTimeout(timer)
  }
}
