/** A destructive action confirmed in place: the first click asks ("Cancel 6 jobs?" Yes / No), the second acts. No browser dialog. */
import { useEffect, useState } from 'react'

export function ConfirmButton({ label, confirm, onConfirm }: { label: string; confirm: string; onConfirm: () => void }) {
  const [asking, setAsking] = useState(false)
  // An unanswered question goes away by itself, so a later stray click cannot confirm it.
  useEffect(() => {
    if (!asking) return
    const t = setTimeout(() => setAsking(false), 5000)
    return () => clearTimeout(t)
  }, [asking])
  if (!asking) return <button className="btn tiny" onClick={() => setAsking(true)}>{label}</button>
  return (
    <span className="confirm-inline" role="group" aria-label={`${confirm}?`}>
      <span className="small">{confirm}?</span>
      <button className="btn tiny danger" onClick={() => { setAsking(false); onConfirm() }}>Yes</button>
      <button className="btn tiny" onClick={() => setAsking(false)}>No</button>
    </span>
  )
}
