/**
 * ADetailer passes as 1–4 tabs. A tab shows the resolved pass (inherited fields greyed); editing a
 * field sets it in the node's pass of the same index (passes merge by index). "+ Pass" adds a pass
 * that starts from ADetailer's defaults; a pass the node added can be removed again.
 */
import { useState } from 'react'
import type { ParamPath } from '../store/params.ts'
import type { FieldSpec } from './fields.ts'
import { FieldRow } from './FieldRow.tsx'

interface Props {
  nodeId: string
  field: Extract<FieldSpec, { type: 'passes' }>
  own: unknown
  effective: unknown
  provenance: Record<string, string>
  onSet(path: ParamPath, value: unknown): void
  onSetPasses(passes: unknown[]): void
}

function tabLabel(entry: Record<string, unknown> | undefined, i: number, unit: boolean): string {
  if (unit) return `${i + 1}: ${String(entry?.module ?? 'none')}${entry?.enabled === false ? ' (off)' : ''}`
  return String(entry?.ad_model ?? `Pass ${i + 1}`).replace(/\.pt$/, '')
}

export function PassesTabs({ nodeId, field, own, effective, provenance, onSet, onSetPasses }: Props) {
  const ownPasses = Array.isArray(own) ? (own as Record<string, unknown>[]) : []
  const effPasses = Array.isArray(effective) ? (effective as Record<string, unknown>[]) : []
  const count = Math.max(ownPasses.length, effPasses.length)
  const [tab, setTab] = useState(0)
  const active = Math.min(tab, Math.max(0, count - 1))
  const canRemove = count > 0 && ownPasses.length === count && active === count - 1
  // The same tabs hold ControlNet units (engine/config/controlnet.ts), named by their preprocessor.
  const unit = field.key === 'controlnet'
  return (
    <fieldset className="field-group passes">
      <legend>{field.label}</legend>
      <div className="tabs small">
        {/* Only tabs inside the tablist (ARIA); the add button sits beside it. */}
        {count > 0 && (
          <div role="tablist" aria-label={field.label} className="tablist-inline">
            {Array.from({ length: count }, (_, i) => (
              <button key={i} role="tab" aria-selected={i === active} className={i === active ? 'tab active' : 'tab'} onClick={() => setTab(i)}>
                {tabLabel(effPasses[i] ?? ownPasses[i], i, unit)}
              </button>
            ))}
          </div>
        )}
        {count < field.max && (
          <button className="tab add" title={unit ? 'Add a ControlNet unit' : 'Add a detection pass'} onClick={() => { onSetPasses([...ownPasses, ...Array(count - ownPasses.length).fill({}), {}]); setTab(count) }}>
            {unit ? '+ Unit' : '+ Pass'}
          </button>
        )}
      </div>
      {count === 0 && <p className="muted">{unit ? 'No ControlNet units. Add one to guide this stage with an image (edges, depth, pose…).' : 'No passes yet. Add one (face, hands, person…).'}</p>}
      {count > 0 && (
        <div className="pass-body">
          {field.fields.map((f) => (
            <FieldRow
              key={f.key}
              nodeId={nodeId}
              field={f}
              path={[field.key, active, f.key]}
              own={ownPasses[active]?.[f.key]}
              effective={effPasses[active]?.[f.key]}
              provenance={provenance}
              layered
              onSet={onSet}
            />
          ))}
          {canRemove && <button className="btn danger small" onClick={() => onSetPasses(ownPasses.slice(0, -1))}>Remove {unit ? 'unit' : 'pass'} {active + 1}</button>}
        </div>
      )}
    </fieldset>
  )
}
