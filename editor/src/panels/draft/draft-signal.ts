/**
 * "The job draft changed": the Draft panel re-reads it from the server when this tab or another
 * tab of the editor changed it (a BroadcastChannel for other tabs, a window event for this one).
 */
const EVENT = 'snf-draft-changed'
const channel: BroadcastChannel | null = typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(EVENT)

export function announceDraftChange(): void {
  window.dispatchEvent(new Event(EVENT))
  channel?.postMessage('changed')
}

export function onDraftChange(fn: () => void): () => void {
  window.addEventListener(EVENT, fn)
  channel?.addEventListener('message', fn)
  return () => {
    window.removeEventListener(EVENT, fn)
    channel?.removeEventListener('message', fn)
  }
}
