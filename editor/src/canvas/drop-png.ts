/**
 * A PNG dropped on the canvas: one of ours restores the graph it was made with (as a new
 * document, so it never overwrites the library graph by itself); an A1111 PNG becomes a txt2img node with its
 * parameters where it was dropped; anything else is refused with the reason.
 */
import { importPng } from '../png/from-png.ts'
import type { EditorStore } from '../store/create-store.ts'
import { openAsNewDocument } from '../document/actions.ts'

export async function dropPng(store: EditorStore, file: Blob, at: { x: number; y: number }): Promise<void> {
  const result = await importPng(file)
  const s = store.getState()
  if (result.kind === 'none') return s.showToast(result.reason, 'error')
  if (result.kind === 'graph') {
    // A new document with its own id: it never overwrites (or takes the outputs of) the graph it came from.
    const n = result.graph.nodes.length
    if (!(await openAsNewDocument(store, result.graph, `Restored “${result.graph.name}” from the image (${n} node${n === 1 ? '' : 's'}): a new graph, not in the library until you save it.`))) return
    // The preview compiles with the run's own seed, so it shows the job that made this image.
    if (result.runSeed !== undefined) store.getState().setPreviewRunSeed(result.runSeed)
    return
  }
  const id = s.addNode('txt2img', { x: at.x - 120, y: at.y - 40 }, result.params)
  const n = Object.keys(result.params).length
  s.showToast(`Added ${id} with ${n} setting${n === 1 ? '' : 's'} from the A1111 image.`)
}
