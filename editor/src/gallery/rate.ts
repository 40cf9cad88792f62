/**
 * Rating from the gallery: saved at once through PUT /api/ratings (the one ratings store the node
 * previews and History read), then shown everywhere: the gallery's own copy, the node previews
 * (setImageRating) and History (which re-reads when ratings change).
 */
import { errorMessage } from '../api/client.ts'
import { rate } from '../api/run-endpoints.ts'
import type { EditorStore } from '../store/create-store.ts'

export async function rateImages(store: EditorStore, ids: readonly string[], rating: number, show: (id: string, rating: number | null) => void): Promise<void> {
  const failed: string[] = []
  // One at a time: the server appends each to learning/ratings.jsonl in order.
  for (const id of ids) {
    try {
      await rate('image', id, rating)
      show(id, rating === 0 ? null : rating)
      store.getState().setImageRating(id, rating)
    } catch (e) {
      failed.push(`${id}: ${errorMessage(e)}`)
    }
  }
  if (failed.length > 0) store.getState().showToast(`Rating not saved for ${failed.length} image(s): ${failed[0]}`, 'error')
}
