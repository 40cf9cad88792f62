/**
 * Align and distribute the selected boxes (the right-click menu): pure, so the store applies the
 * result as one undo step. Distribution keeps the outermost two and spaces the rest with equal
 * gaps between boxes (not between corners), as InvokeAI and most drawing tools do.
 */
import type { Box } from './frames.ts'

export type AlignMode = 'left' | 'top' | 'center' | 'middle' | 'distribute-h' | 'distribute-v'

export interface Placed extends Box { id: string }

export function alignBoxes(boxes: readonly Placed[], mode: AlignMode): Map<string, { x: number; y: number }> {
  const out = new Map<string, { x: number; y: number }>()
  if (boxes.length < 2) return out
  switch (mode) {
    case 'left': {
      const x = Math.min(...boxes.map((b) => b.x))
      for (const b of boxes) out.set(b.id, { x, y: b.y })
      break
    }
    case 'top': {
      const y = Math.min(...boxes.map((b) => b.y))
      for (const b of boxes) out.set(b.id, { x: b.x, y })
      break
    }
    case 'center': {
      // Centres on one vertical line: the mean of the centres.
      const cx = boxes.reduce((s, b) => s + b.x + b.width / 2, 0) / boxes.length
      for (const b of boxes) out.set(b.id, { x: cx - b.width / 2, y: b.y })
      break
    }
    case 'middle': {
      const cy = boxes.reduce((s, b) => s + b.y + b.height / 2, 0) / boxes.length
      for (const b of boxes) out.set(b.id, { x: b.x, y: cy - b.height / 2 })
      break
    }
    case 'distribute-h':
    case 'distribute-v': {
      const h = mode === 'distribute-h'
      const pos = (b: Box) => (h ? b.x : b.y)
      const len = (b: Box) => (h ? b.width : b.height)
      const sorted = [...boxes].sort((a, b) => pos(a) - pos(b))
      const first = sorted[0]!
      const end = Math.max(...sorted.map((b) => pos(b) + len(b)))
      const gap = (end - pos(first) - sorted.reduce((s, b) => s + len(b), 0)) / (sorted.length - 1)
      let at = pos(first)
      for (const b of sorted) {
        out.set(b.id, h ? { x: at, y: b.y } : { x: b.x, y: at })
        at += len(b) + gap
      }
      break
    }
  }
  return out
}
