/**
 * Drag-to-reorder in the queue panel, as the server understands it: the dragged job goes
 * `before` the job now at the drop slot, or `after` the last one when dropped at the end
 * (docs/api.md `POST /api/jobs/:id/move`). Pure, so the tricky index arithmetic is tested.
 */
import type { MoveRequest } from '../../../engine/api/runs.ts'

/**
 * `slot` is the insertion point in the list as shown (0 = above the first row, n = below the
 * last). Returns null when the drop would not change the order.
 */
export function moveRequestFor(order: readonly string[], dragged: string, slot: number): MoveRequest | null {
  const from = order.indexOf(dragged)
  if (from < 0 || slot < 0 || slot > order.length) return null
  if (slot === from || slot === from + 1) return null
  const rest = order.filter((id) => id !== dragged)
  const at = slot > from ? slot - 1 : slot
  if (at >= rest.length) return { after: rest[rest.length - 1]! }
  return { before: rest[at]! }
}

/** The order after a move, for showing it at once while the server confirms. */
export function applyMove(order: readonly string[], dragged: string, move: MoveRequest): string[] {
  const rest = order.filter((id) => id !== dragged)
  if (!order.includes(dragged)) return [...order]
  if ('to' in move) return move.to === 'front' ? [dragged, ...rest] : [...rest, dragged]
  const anchor = 'before' in move ? move.before : move.after
  const i = rest.indexOf(anchor)
  if (i < 0) return [...order]
  rest.splice('before' in move ? i : i + 1, 0, dragged)
  return rest
}
