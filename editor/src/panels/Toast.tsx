/** A short message, near the cursor when it answers something done there (a refused connection). */
import { useEffect } from 'react'
import { useEditorStore } from '../store/context.tsx'

const TOAST_MS = 3500

export function Toast() {
  const toast = useEditorStore((s) => s.toast)
  const clearToast = useEditorStore((s) => s.clearToast)
  useEffect(() => {
    if (!toast) return
    const t = setTimeout(() => clearToast(toast.seq), TOAST_MS)
    return () => clearTimeout(t)
  }, [toast, clearToast])
  if (!toast) return null
  const style = toast.x !== undefined && toast.y !== undefined
    ? { left: Math.min(toast.x + 14, window.innerWidth - 380), top: toast.y + 14 }
    : undefined
  return <div className={`toast ${toast.tone}${style ? ' at-cursor' : ''}`} style={style} role="alert">{toast.text}</div>
}
