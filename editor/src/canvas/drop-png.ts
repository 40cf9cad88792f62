/**
 * A PNG dropped on the canvas: one of ours restores the graph it was made with (as a draft, so
 * it never overwrites the library graph by itself); an A1111 PNG becomes a txt2img node with its
 * parameters where it was dropped; anything else is refused with the reason.
 */
import { importPng } from '../png/from-png.ts'
import type { EditorStore } from '../store/create-store.ts'

export async function dropPng(store: EditorStore, file: Blob, at: { x: number; y: number }): Promise<void> {
  const result = await importPng(file)
  const s = store.getState()
  if (result.kind === 'none') return s.showToast(result.reason, 'error')
  if (result.kind === 'graph') {
    if (s.dirty && s.origin === 'local' && !window.confirm('Replace the unsaved draft with the graph from this image?')) return
    s.loadGraph(result.graph, { origin: 'local' })
    // The preview compiles with the run's own seed, so it shows the job that made this image.
    if (result.runSeed !== undefined) s.setPreviewRunSeed(result.runSeed)
    s.showToast(`Restored “${result.graph.name}” from the image (${result.graph.nodes.length} nodes).`)
    return
  }
  const id = s.addNode('txt2img', { x: at.x - 120, y: at.y - 40 }, result.params)
  const n = Object.keys(result.params).length
  s.showToast(`Added ${id} with ${n} setting${n === 1 ? '' : 's'} from the A1111 image.`)
}
