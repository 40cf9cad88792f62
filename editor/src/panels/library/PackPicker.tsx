/** A checklist of packs with one action button: "apply to these packs". */
import { useState } from 'react'
import { useEditorStore } from '../../store/context.tsx'

export function PackPicker({ action, onApply, onCancel }: { action: string; onApply: (packIds: string[]) => Promise<void> | void; onCancel: () => void }) {
  const packs = useEditorStore((s) => s.library?.packs)
  const [picked, setPicked] = useState<string[]>([])
  const [busy, setBusy] = useState(false)
  const list = Object.values(packs ?? {})
  return (
    <div className="pack-picker">
      {list.length === 0 && <p className="muted small">No packs in the library.</p>}
      {list.map((p) => (
        <label key={p.id} className="check">
          <input type="checkbox" checked={picked.includes(p.id)} onChange={(e) => setPicked(e.target.checked ? [...picked, p.id] : picked.filter((x) => x !== p.id))} />
          {p.name}
        </label>
      ))}
      <div className="picker-actions">
        <button className="btn tiny" onClick={onCancel}>Cancel</button>
        <button className="btn tiny primary" disabled={picked.length === 0 || busy} onClick={async () => { setBusy(true); try { await onApply(picked) } finally { setBusy(false) } }}>
          {action} ({picked.length})
        </button>
      </div>
    </div>
  )
}
