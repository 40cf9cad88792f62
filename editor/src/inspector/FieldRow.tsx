/**
 * One inspector row: label, control and, for stage kinds, whether the value is inherited (greyed,
 * with its source: default, preset, pack, sweep) or set on the node (with a reset to inherited).
 * Groups (hires, refiner) render their fields the same way under a heading.
 */
import { memo } from 'react'
import type { ParamPath } from '../store/params.ts'
import { BooleanControl, EnumControl, MultiControl, NumberControl, TextControl } from './controls.tsx'
import type { FieldSpec } from './fields.ts'
import { describeSource, sourceTag } from './provenance.ts'
import { useResourceOptions } from './resource-options.ts'
import { ControlImageControl } from './ControlImageControl.tsx'

export interface RowProps {
  nodeId: string
  field: FieldSpec
  path: ParamPath
  /** The value in the node's params (undefined = inherited). */
  own: unknown
  /** The effective value (compiled), shown when inherited. */
  effective: unknown
  /** Provenance of the effective value, by dotted path. */
  provenance: Record<string, string>
  /** Stage kinds have inherited/set semantics; pack/preset/randomizer fields are always set. */
  layered: boolean
  onSet(path: ParamPath, value: unknown): void
}

function FieldRowView(props: RowProps) {
  const { field, path, own, effective, provenance, layered, onSet, nodeId } = props
  const options = useResourceOptions(field.type === 'text' || field.type === 'multi' ? field.resource : undefined)
  const dotted = path.join('.')
  if (field.type === 'group') {
    return (
      <fieldset className="field-group">
        <legend>{field.label}</legend>
        {field.fields.map((f) => (
          <FieldRow key={f.key} {...props} field={f} path={[...path, f.key]} own={(own as Record<string, unknown> | undefined)?.[f.key]} effective={(effective as Record<string, unknown> | undefined)?.[f.key]} />
        ))}
      </fieldset>
    )
  }
  const inherited = layered && own === undefined
  const value = inherited ? effective : own
  const source = provenance[dotted]
  const id = `f-${nodeId}-${dotted}`
  const control = (() => {
    const common = { value, inherited, onChange: (v: unknown) => onSet(path, v), id }
    switch (field.type) {
      case 'number': return <NumberControl {...common} field={field} />
      case 'enum': return <EnumControl {...common} field={field} />
      case 'boolean': return <BooleanControl {...common} field={field} />
      case 'text': return <TextControl {...common} field={field} {...(options ? { options } : {})} />
      case 'control-image': return <ControlImageControl {...common} nodeId={nodeId} />
      case 'multi': return <MultiControl {...common} field={field} {...(options ? { options } : {})} />
      default: return null
    }
  })()
  return (
    <div className={`field-row${inherited ? ' is-inherited' : ''}${field.type === 'text' && field.multiline ? ' wide' : ''}`}>
      <label htmlFor={id} title={field.hint}>
        {field.label}
        {field.hint && <span className="field-hint">{field.hint}</span>}
      </label>
      <div className="field-control">{control}</div>
      {layered && (
        <div className="field-source">
          {inherited && effective === undefined ? (
            <span className="chip chip-default" title="Not set anywhere: the key is not sent, so the WebUI uses its own default">not sent</span>
          ) : inherited ? (
            <span className={`chip chip-${sourceTag(source)}`} title={`Inherited from ${describeSource(source)}`}>{sourceTag(source)}</span>
          ) : (
            <button type="button" className="chip chip-set" title="Set on this node — click to reset to the inherited value" onClick={() => onSet(path, undefined)}>
              set ↺
            </button>
          )}
        </div>
      )}
    </div>
  )
}

export const FieldRow = memo(FieldRowView)
