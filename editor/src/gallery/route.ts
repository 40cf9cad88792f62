/**
 * Whether the gallery is open: the URL hash `#gallery`, so a reload (or a bookmark) comes back to
 * it and the browser's Back closes it. Tiny on purpose: it is in the editor's first load, the
 * gallery itself is loaded only when opened (App.tsx, React.lazy).
 */
import { useSyncExternalStore } from 'react'

const HASH = '#gallery'

const subscribe = (onChange: () => void) => {
  window.addEventListener('hashchange', onChange)
  return () => window.removeEventListener('hashchange', onChange)
}

export function useGalleryOpen(): boolean {
  return useSyncExternalStore(subscribe, () => window.location.hash === HASH, () => false)
}

export function setGalleryOpen(open: boolean): void {
  if (open) {
    if (window.location.hash !== HASH) window.location.hash = HASH
  } else if (window.location.hash === HASH) {
    // Back to the editor's own URL without leaving a '#' behind.
    history.pushState(null, '', window.location.pathname + window.location.search)
    window.dispatchEvent(new HashChangeEvent('hashchange'))
  }
}
