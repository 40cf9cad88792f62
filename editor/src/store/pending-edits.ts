/**
 * Fields that commit on blur/Enter (so a half-typed value is not compiled or recorded) register
 * here while they hold text the store does not have yet. Acting on the graph as displayed — Run,
 * Save — first flushes them, so "type a prompt, click Run at once" runs the typed prompt.
 */
import { useEffect, useRef } from 'react'
import { createStore } from 'zustand/vanilla'

const flushers = new Set<() => void>()
/** How many fields hold uncommitted text (Run stays clickable while any does). */
export const pendingEdits = createStore<{ count: number }>()(() => ({ count: 0 }))
const sync = () => pendingEdits.setState({ count: flushers.size })

/** Commits every field's typed text into the store now; returns how many there were. */
export function flushPendingEdits(): number {
  const all = [...flushers]
  for (const f of all) f()
  return all.length
}

/** While `pending`, the field's `commit` is reachable through flushPendingEdits. */
export function usePendingCommit(pending: boolean, commit: () => void): void {
  const latest = useRef(commit)
  latest.current = commit
  useEffect(() => {
    if (!pending) return
    const flush = () => { flushers.delete(flush); sync(); latest.current() }
    flushers.add(flush)
    sync()
    return () => { flushers.delete(flush); sync() }
  }, [pending])
}
