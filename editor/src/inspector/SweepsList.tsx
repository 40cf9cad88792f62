/**
 * The randomizer's config sweeps as an editable list: a field path (any stage config field) and
 * its values, typed comma-separated ("5, 7, 9" or "Euler a, DPM++ 2M"). Values are checked
 * against the stage schema by the compiler, whose problems appear on the node and in Problems.
 */
import { useEffect, useState } from 'react'
import type { Sweep } from '../../../engine/nodes/randomizer.ts'
import { formatSweepValues, parseSweepValues } from './fields.ts'
import { sweepablePaths } from './sweep-paths.ts'

function ValuesInput({ values, onChange }: { values: unknown[]; onChange(values: unknown[]): void }) {
  const [draft, setDraft] = useState(formatSweepValues(values))
  useEffect(() => setDraft(formatSweepValues(values)), [values])
  const commit = () => {
    const parsed = parseSweepValues(draft)
    if (parsed.length > 0) onChange(parsed)
    else setDraft(formatSweepValues(values))
  }
  return <input type="text" aria-label="Values (comma-separated)" value={draft} placeholder="5, 7, 9" onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
}

export function SweepsList({ sweeps, max, onChange }: { sweeps: Sweep[]; max: number; onChange(sweeps: Sweep[]): void }) {
  const paths = sweepablePaths()
  const update = (i: number, patch: Partial<Sweep>) => onChange(sweeps.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  return (
    <fieldset className="field-group">
      <legend>Config sweeps</legend>
      {sweeps.length === 0 && <p className="muted">No sweeps. A sweep runs every variant once per value (e.g. CFG 5 / 7 / 9).</p>}
      {sweeps.map((s, i) => (
        <div key={i} className="sweep-row">
          <select value={s.path} onChange={(e) => update(i, { path: e.target.value })} aria-label="Field">
            {!paths.includes(s.path) && <option value={s.path}>{s.path}</option>}
            {paths.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
          <ValuesInput values={s.values} onChange={(values) => update(i, { values })} />
          <button className="icon-btn" title="Remove this sweep" aria-label="Remove this sweep" onClick={() => onChange(sweeps.filter((_, j) => j !== i))}>✕</button>
        </div>
      ))}
      {sweeps.length < max && (
        <button className="btn small" onClick={() => onChange([...sweeps, { path: 'txt2img.cfg_scale', values: [5, 7, 9] }])}>+ Sweep</button>
      )}
    </fieldset>
  )
}
