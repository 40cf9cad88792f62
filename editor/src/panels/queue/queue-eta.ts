/**
 * The queue's ETA as the panel shows it: fetched from `/api/queue/eta` (measured stage times, see
 * docs/queue.md) whenever the queue changes, at most every 2 s, and "—" whenever the server has
 * no measurement for some stage: never a made-up number.
 */
import { useEffect, useRef, useState } from 'react'
import type { QueueEtaResponse } from '../../../../engine/api/queue-extras.ts'
import { getQueueEta } from '../../api/run-endpoints.ts'
import { useEditorStore } from '../../store/context.tsx'

const MIN_INTERVAL_MS = 2000

/** null: the server has no measurement (—); undefined: no answer yet (…). */
export function formatEta(ms: number | null | undefined): string {
  if (ms === undefined) return '…'
  if (ms === null) return '—'
  const s = Math.round(ms / 1000)
  if (s < 1) return '< 1 s'
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`
}

export function useQueueEta(): QueueEtaResponse | null {
  const queue = useEditorStore((s) => s.queue)
  const [eta, setEta] = useState<QueueEtaResponse | null>(null)
  const last = useRef(0)
  useEffect(() => {
    if (!queue) return
    const ctrl = new AbortController()
    const wait = Math.max(0, last.current + MIN_INTERVAL_MS - Date.now())
    const t = setTimeout(() => {
      last.current = Date.now()
      // A failed fetch leaves the last answer; the panel still shows counts.
      getQueueEta(ctrl.signal).then(setEta, () => {})
    }, wait)
    return () => {
      clearTimeout(t)
      ctrl.abort()
    }
  }, [queue])
  return eta
}
