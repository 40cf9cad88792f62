/**
 * Which full-screen review view is open: the compare grid of a run or of selected jobs, or the
 * learning insights. A tiny
 * external store (useSyncExternalStore) so opening one from History or the top bar needs no
 * change to the editor store; the views themselves load lazily (App.tsx).
 */
import { useSyncExternalStore } from 'react'

export type ReviewOverlay = { kind: 'compare'; runId: string } | { kind: 'compare'; jobIds: readonly string[] } | { kind: 'insights' } | null

let current: ReviewOverlay = null
const listeners = new Set<() => void>()

export function openReview(next: ReviewOverlay): void {
  current = next
  for (const l of listeners) l()
}

const subscribe = (l: () => void) => {
  listeners.add(l)
  return () => { listeners.delete(l) }
}

export function useReviewOverlay(): ReviewOverlay {
  return useSyncExternalStore(subscribe, () => current)
}
