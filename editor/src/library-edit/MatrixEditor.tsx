/**
 * The sidecar's `[[slot]]` matrix: on/off, mode, limit, and each slot's name and values (one per
 * line, as in a wildcard file). Values keep their order: the matrix expands them as written.
 */
import { useEffect, useState } from 'react'
import { MATRIX_MODES, type PackMatrix, type PackMatrixSlot } from '../../../engine/packs/index.ts'

function SlotRow({ slot, index, onChange, onRemove }: { slot: PackMatrixSlot; index: number; onChange(s: PackMatrixSlot): void; onRemove(): void }) {
  const joined = slot.values.join('\n')
  const [text, setText] = useState(joined)
  // Follow outside changes (reload) without fighting the user's blank line while typing.
  useEffect(() => setText((t) => (t.split('\n').map((v) => v.trim()).filter(Boolean).join('\n') === joined ? t : joined)), [joined])
  return (
    <div className="matrix-slot" data-slot={slot.name}>
      <label>
        <span className="small muted">Slot {index + 1}</span>
        <input type="text" value={slot.name} aria-label={`Slot ${index + 1} name`} onChange={(e) => onChange({ ...slot, name: e.target.value })} placeholder="name, used as [[name]]" />
      </label>
      <textarea
        rows={3}
        value={text}
        aria-label={`Values of slot ${slot.name || index + 1}, one per line`}
        placeholder="one value per line"
        onChange={(e) => { setText(e.target.value); onChange({ ...slot, values: e.target.value.split('\n').map((v) => v.trim()).filter(Boolean) }) }}
      />
      <button type="button" className="link" onClick={onRemove} aria-label={`Remove slot ${slot.name || index + 1}`}>Remove</button>
    </div>
  )
}

export function MatrixEditor({ matrix, onChange }: { matrix: PackMatrix; onChange(m: PackMatrix): void }) {
  const setSlot = (i: number, s: PackMatrixSlot) => onChange({ ...matrix, slots: matrix.slots.map((x, j) => (j === i ? s : x)) })
  return (
    <div className="matrix-editor">
      <div className="matrix-head">
        <label><input type="checkbox" checked={matrix.enabled} onChange={(e) => onChange({ ...matrix, enabled: e.target.checked })} /> Matrix enabled</label>
        <label>Mode{' '}
          <select value={matrix.mode} onChange={(e) => onChange({ ...matrix, mode: e.target.value as PackMatrix['mode'] })}>
            {MATRIX_MODES.map((m) => <option key={m} value={m}>{m}</option>)}
          </select>
        </label>
        <label>Limit{' '}
          <input type="number" min={1} max={10000} value={matrix.limit} onChange={(e) => { const n = Math.round(Number(e.target.value)); if (n >= 1 && n <= 10_000) onChange({ ...matrix, limit: n }) }} />
        </label>
      </div>
      {matrix.slots.map((s, i) => <SlotRow key={i} slot={s} index={i} onChange={(x) => setSlot(i, x)} onRemove={() => onChange({ ...matrix, slots: matrix.slots.filter((_, j) => j !== i) })} />)}
      <button type="button" className="btn small" onClick={() => onChange({ ...matrix, enabled: true, slots: [...matrix.slots, { name: `slot${matrix.slots.length + 1}`, values: [] }] })}>+ Slot</button>
      <p className="muted small">The pack’s mode and limit are kept for the original app; in a graph the Randomizer node decides how rows expand.</p>
    </div>
  )
}
