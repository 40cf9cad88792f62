/** The compare grid or the insights view when one is open; both load on first use (not in the initial bundle). */
import { lazy, Suspense } from 'react'
import { useReviewOverlay } from './overlay-state.ts'

const CompareView = lazy(() => import('./CompareView.tsx'))
const InsightsView = lazy(() => import('../insights/InsightsView.tsx'))

export function ReviewOverlays() {
  const open = useReviewOverlay()
  if (!open) return null
  return (
    <Suspense fallback={<div className="review-loading" role="status">Loading…</div>}>
      {open.kind === 'insights' ? <InsightsView /> : 'runId' in open ? <CompareView key={open.runId} runId={open.runId} /> : <CompareView key={open.jobIds.join(',')} jobIds={open.jobIds} />}
    </Suspense>
  )
}
