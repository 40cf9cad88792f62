/** Copies text to the clipboard and says so ("Copied" for a moment, or why it could not). */
import { useEffect, useState } from 'react'
import { useEditorStoreApi } from '../store/context.tsx'

export function CopyButton({ text, what }: { text: string; what: string }) {
  const store = useEditorStoreApi()
  const [copied, setCopied] = useState(false)
  useEffect(() => {
    if (!copied) return
    const t = setTimeout(() => setCopied(false), 1500)
    return () => clearTimeout(t)
  }, [copied])
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      setCopied(true)
    } catch (e) {
      // Clipboard access needs a secure context and the page's focus; say so rather than fail silently.
      store.getState().showToast(`Could not copy the ${what}: ${e instanceof Error ? e.message : String(e)}`, 'error')
    }
  }
  return <button className="btn small copy-btn" onClick={() => void copy()} title={`Copy the ${what} as JSON`}>{copied ? '✓ Copied' : 'Copy'}</button>
}
