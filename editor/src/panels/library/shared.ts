/** Small helpers the library tabs share. */
import { errorMessage } from '../../api/client.ts'
import type { EditorStore } from '../../store/create-store.ts'
import { isStageKind } from '../../inspector/provenance.ts'

/** A name → an id the server accepts (`My graph!` → `my-graph`). */
export function slugify(name: string, fallback = 'graph'): string {
  const slug = name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 100)
  return slug || `${fallback}-${Date.now().toString(36)}`
}

/** Runs a library action; a failure becomes one toast with the server's sentence. */
export async function attempt<T>(store: EditorStore, what: string, fn: () => Promise<T>): Promise<T | undefined> {
  try {
    return await fn()
  } catch (e) {
    store.getState().showToast(`${what}: ${errorMessage(e)}`, 'error')
    return undefined
  }
}

/** The selected nodes that carry a stage config (txt2img, img2img, ADetailer, upscale, video). */
export function selectedStageNodes(state: ReturnType<EditorStore['getState']>) {
  // From the selection, not the whole node list: this runs on every store update while the tab is open.
  if (state.selectedIds.length === 0) return []
  const ids = new Set(state.selectedIds)
  return state.nodes.filter((n) => ids.has(n.id) && isStageKind(n.data.kind))
}
