/**
 * Keyboard shortcuts of the canvas (ComfyUI's where they exist): Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y)
 * undo/redo, Ctrl+B bypass, Ctrl+C / Ctrl+V copy/paste, Delete/Backspace delete. Ignored while
 * typing in a field, so the inspector's text inputs keep their own undo and editing keys.
 */
import { useEffect } from 'react'
import type { EditorStore } from '../store/create-store.ts'

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export function handleShortcut(store: EditorStore, e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): string | null {
  const s = store.getState()
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (mod && !e.altKey) {
    if (key === 'z' && !e.shiftKey) return s.undo(), 'undo'
    if ((key === 'z' && e.shiftKey) || key === 'y') return s.redo(), 'redo'
    if (key === 'b') return s.toggleBypass(), 'bypass'
    if (key === 'c') {
      const n = s.copy()
      return n ? (s.showToast(`Copied ${n} node${n > 1 ? 's' : ''}`), 'copy') : null
    }
    if (key === 'v') return s.paste() ? 'paste' : null
    return null
  }
  if (!mod && !e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) return s.deleteSelected(), 'delete'
  return null
}

export function useCanvasShortcuts(store: EditorStore): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The lightbox is on top: keys belong to it (Escape), not to the hidden canvas.
      if (isTyping(e.target) || store.getState().lightbox) return
      if (handleShortcut(store, e)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store])
}
