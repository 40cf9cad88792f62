/**
 * Keyboard shortcuts of the canvas (ComfyUI's where they exist): Ctrl+Z / Ctrl+Shift+Z (and Ctrl+Y)
 * undo/redo, Ctrl+B bypass, Ctrl+C / Ctrl+V copy/paste (at the cursor when it is over the canvas),
 * Ctrl+A select all, Ctrl+D duplicate, Ctrl+G group, Delete/Backspace delete. Ignored while
 * typing in a field, so the inspector's text inputs keep their own undo and editing keys — except
 * Ctrl+Enter (Run) and Ctrl+Shift+Enter (Run now), which work everywhere, as in ComfyUI.
 */
import { useEffect } from 'react'
import type { EditorStore } from '../store/create-store.ts'

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

export interface ShortcutContext {
  /** Where a paste lands: the cursor in flow coordinates, or null when it is not over the canvas. */
  pasteAt?: () => { x: number; y: number } | null
  /** Where a duplicate goes (free space next to the selection), or null for the default offset. */
  duplicateAt?: () => { x: number; y: number } | null
}

export function handleShortcut(store: EditorStore, e: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, ctx: ShortcutContext = {}): string | null {
  const s = store.getState()
  const mod = e.ctrlKey || e.metaKey
  const key = e.key.toLowerCase()
  if (mod && !e.altKey) {
    if (key === 'a') return s.selectAll(), 'select-all'
    if (key === 'd') return s.duplicateSelected(ctx.duplicateAt?.()) ? 'duplicate' : null
    if (key === 'g') return s.groupSelected() ? 'group' : null
    if (key === 'z' && !e.shiftKey) return s.undo(), 'undo'
    if ((key === 'z' && e.shiftKey) || key === 'y') return s.redo(), 'redo'
    if (key === 'b') return s.toggleBypass(), 'bypass'
    if (key === 'c') {
      const n = s.copy()
      return n ? (s.showToast(`Copied ${n} node${n > 1 ? 's' : ''}`), 'copy') : null
    }
    if (key === 'v') return s.paste(ctx.pasteAt?.() ?? undefined) ? 'paste' : null
    return null
  }
  if (!mod && !e.altKey && (e.key === 'Delete' || e.key === 'Backspace')) return s.deleteSelected(), 'delete'
  return null
}

/**
 * Ctrl+Enter: presses Run (Run now with Shift) exactly as a click would, after committing the
 * field being typed in (fields commit on blur), so the run is the graph as displayed. A disabled
 * button says why in a toast instead.
 */
export function runFromKeyboard(store: EditorStore, front: boolean): void {
  const active = document.activeElement as HTMLElement | null
  if (isTyping(active)) active!.blur()
  // Next frame: the committed value has re-rendered the Run buttons (enabled state, reason).
  requestAnimationFrame(() => {
    const buttons = [...document.querySelectorAll<HTMLButtonElement>('.run-buttons button')]
    const button = front ? buttons.find((b) => !b.classList.contains('primary')) : buttons.find((b) => b.classList.contains('primary'))
    if (!button) return
    if (button.disabled) store.getState().showToast(`Can’t run: ${button.title || 'Run is not available'}`, 'error')
    else button.click()
  })
}

export function useCanvasShortcuts(store: EditorStore, ctx: ShortcutContext = {}): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // The lightbox and dialogs are on top: keys belong to them, not to the hidden canvas.
      if (store.getState().lightbox || document.querySelector('[aria-modal="true"]')) return
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && !e.repeat) {
        e.preventDefault()
        runFromKeyboard(store, e.shiftKey)
        return
      }
      if (isTyping(e.target)) return
      if (handleShortcut(store, e, ctx)) e.preventDefault()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [store, ctx])
}
