/**
 * The inspector: the selected node's label, its problems, and a form generated from its kind's
 * schema. Stage kinds show each field as inherited (greyed, with its source) or set (with reset);
 * pack and preset pick from the library; the randomizer edits its sweeps as a list.
 */
import { useCallback, useEffect, useState } from 'react'
import { STAGE_LAYERS, type StageKind } from '../../../engine/config/stages.ts'
import type { Sweep } from '../../../engine/nodes/randomizer.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { useEditorStore } from '../store/context.tsx'
import { FRAME_KIND, NOTE_KIND } from '../store/flow-types.ts'
import type { ParamPath } from '../store/params.ts'
import { fieldsForKind, visibleFields, type FieldSpec } from './fields.ts'
import { PacksField, RowsField } from './PacksField.tsx'
import { InputOrder } from './InputOrder.tsx'
import { FieldRow } from './FieldRow.tsx'
import { PassesTabs } from './PassesTabs.tsx'
import { isStageKind, resolvedFor } from './provenance.ts'
import { SweepsList } from './SweepsList.tsx'
import { describeLayer, lastRunLayer } from './last-run.ts'
import { MaskPanel } from './mask/MaskPanel.tsx'
import { SourceImageNote } from './SourceImageNote.tsx'

const EMPTY: Record<string, string> = {}

function LabelInput({ nodeId, label, placeholder }: { nodeId: string; label: string; placeholder: string }) {
  const setLabel = useEditorStore((s) => s.setLabel)
  const [draft, setDraft] = useState(label)
  useEffect(() => setDraft(label), [label, nodeId])
  return <input className="label-input" value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onBlur={() => draft !== label && setLabel(nodeId, draft)} onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()} aria-label="Node label" />
}

function LibraryRef({ field, value, onSet, id }: { field: Extract<FieldSpec, { type: 'library-ref' }>; value: unknown; onSet(v: unknown): void; id: string }) {
  const library = useEditorStore((s) => s.library)
  const items = field.ref === 'pack'
    ? Object.values(library?.packs ?? {}).map((p) => ({ id: p.id, label: `${p.name} (${p.rows.length} row${p.rows.length === 1 ? '' : 's'})` }))
    : Object.values(library?.presets ?? {}).map((p) => ({ id: p.id, label: p.id === library?.defaultPresetId ? `${p.name} (default)` : p.name }))
  const current = typeof value === 'string' ? value : ''
  return (
    <div className="field-row">
      <label htmlFor={id}>{field.label}</label>
      <div className="field-control">
        <select id={id} value={current} onChange={(e) => onSet(e.target.value)}>
          <option value="">— choose a {field.ref} —</option>
          {current && !items.some((i) => i.id === current) && <option value={current}>{current} (not in the library)</option>}
          {items.map((i) => <option key={i.id} value={i.id}>{i.label}</option>)}
        </select>
      </div>
    </div>
  )
}

export function Inspector() {
  const selected = useEditorStore((s) => (s.selectedIds.length === 1 ? s.selectedIds[0]! : null))
  const count = useEditorStore((s) => s.selectedIds.length)
  if (!selected) {
    return (
      <div className="panel-empty">
        {count > 1 ? <p>{count} nodes selected. Ctrl+B bypasses them, Ctrl+C copies, Delete removes.</p> : <p>Select a node to edit its settings.</p>}
        <p className="muted">Drag a kind from the palette, or drag from a port into empty space to add a connected node.</p>
      </div>
    )
  }
  return <NodeForm key={selected} nodeId={selected} />
}

/** Offers the last run's settings for this kind, when they differ from what the node would run now. */
function LastRunOffer({ nodeId, kind, current }: { nodeId: string; kind: string; current: Record<string, unknown> }) {
  const last = useEditorStore((s) => s.lastConfigs?.[kind])
  const applyLayer = useEditorStore((s) => s.applyLayer)
  if (!last) return null
  const layer = lastRunLayer(last, current, isStageKind(kind) ? new Set(Object.keys(STAGE_LAYERS[kind].shape)) : undefined)
  const changes = describeLayer(layer)
  if (!changes) return null
  return (
    <p className="muted small">
      The last run used other {kind} settings ({changes}).{' '}
      <button className="btn small" onClick={() => applyLayer([nodeId], { [kind]: layer })} title={changes}>Use last run’s settings</button>
    </p>
  )
}

function NodeForm({ nodeId }: { nodeId: string }) {
  const data = useEditorStore((s) => s.nodes.find((n) => n.id === nodeId)?.data)
  const compiled = useEditorStore((s) => s.stageConfigs[nodeId])
  const library = useEditorStore((s) => s.library)
  const problems = useEditorStore((s) => s.nodeProblems[nodeId])
  const setParam = useEditorStore((s) => s.setParam)
  const toggleBypass = useEditorStore((s) => s.toggleBypass)
  const onSet = useCallback((path: ParamPath, value: unknown) => setParam(nodeId, path, value), [nodeId, setParam])
  const kind = data ? getNodeKind(data.kind) : undefined
  if (data?.kind === FRAME_KIND) return <div className="panel-empty"><p>A group: drag its title to move it with the nodes inside; double-click the title to rename it; drag a corner to resize.</p></div>
  if (data?.kind === NOTE_KIND) return <div className="panel-empty"><p>A note: free text for people reading the graph. It is not part of any job.</p></div>
  if (!data || !kind) return <div className="panel-empty">This node’s kind is unknown.</div>
  const layered = isStageKind(kind.kind)
  const resolved = layered ? resolvedFor(kind.kind as StageKind, compiled, library) : null
  const params = data.params
  const fields = visibleFields(kind.kind, fieldsForKind(kind), params, resolved?.values)
  return (
    <div className="inspector">
      <div className="inspector-head">
        <LabelInput nodeId={nodeId} label={data.label ?? ''} placeholder={kind.label} />
        <button className={`btn small${data.bypassed ? ' active' : ''}`} onClick={() => toggleBypass([nodeId])} title="Ctrl+B">{data.bypassed ? 'Bypassed' : 'Bypass'}</button>
      </div>
      <p className="kind-desc"><span className={`kind-dot role-${kind.role}`} /> {kind.label} · <code>{nodeId}</code> — {kind.description}</p>
      {problems && problems.length > 0 && (
        <ul className="inspector-problems">
          {problems.map((p, i) => <li key={i} className={p.severity}>{p.severity === 'error' ? '✖' : '⚠'} {p.message}</li>)}
        </ul>
      )}
      {layered && resolved && !resolved.fromRun && (
        <p className="muted small">No job reaches this stage yet, so inherited values show defaults and the default preset only.</p>
      )}
      {layered && resolved && <LastRunOffer nodeId={nodeId} kind={kind.kind} current={resolved.values} />}
      {layered && (
        <div className="legend-line">
          <span>Inherited from</span><span className="chip chip-default">default</span><span className="chip chip-preset">preset</span><span className="chip chip-pack">pack</span><span className="chip chip-sweep">sweep</span><span className="chip chip-stage" title="the stage that made the incoming image">stage</span>
          <span className="legend-sep" /><span className="chip chip-set">set ↺</span><span>on this node</span>
        </div>
      )}
      <InputOrder nodeId={nodeId} kind={kind.kind} />
      {fields.map(function field(f: FieldSpec): React.ReactNode {
        const own = params[f.key]
        if (f.type === 'section') {
          return (
            <details key={f.key} className="field-section" open={f.fields.some((x) => params[x.key] !== undefined)}>
              <summary>{f.label}</summary>
              {f.fields.map(field)}
            </details>
          )
        }
        if (f.type === 'library-ref') return <LibraryRef key={f.key} id={`f-${nodeId}-${f.key}`} field={f} value={own} onSet={(v) => onSet([f.key], v)} />
        if (f.type === 'packs') return <PacksField key={f.key} nodeId={nodeId} value={own} onSet={(v) => onSet([f.key], v)} />
        if (f.type === 'rows') return <RowsField key={f.key} id={`f-${nodeId}-${f.key}`} value={own} packId={String(params.packId ?? '')} onSet={(v) => onSet([f.key], v)} />
        if (f.type === 'sweeps') return <SweepsList key={f.key} max={f.max} sweeps={(own as Sweep[] | undefined) ?? []} onChange={(v) => onSet([f.key], v)} />
        if (f.type === 'passes') {
          return <PassesTabs key={f.key} nodeId={nodeId} field={f} own={own} effective={resolved?.values[f.key]} provenance={resolved?.provenance ?? EMPTY} onSet={onSet} onSetPasses={(v) => onSet([f.key], v.length ? v : undefined)} />
        }
        return (
          <FieldRow
            key={f.key}
            nodeId={nodeId}
            field={f}
            path={[f.key]}
            own={own}
            effective={resolved ? resolved.values[f.key] : own}
            provenance={resolved?.provenance ?? EMPTY}
            layered={layered && f.key !== 'prompt' && f.key !== 'sourceImage'}
            onSet={onSet}
          />
        )
      })}
      {kind.kind === 'img2img' && <SourceImageNote artifactId={typeof params.sourceImage === 'string' && params.sourceImage !== '' ? params.sourceImage : undefined} />}
      {kind.kind === 'img2img' && <MaskPanel nodeId={nodeId} own={params.inpaint as Record<string, unknown> | undefined} effective={resolved?.values.inpaint as Record<string, unknown> | undefined} source={resolved?.provenance['inpaint.mask_id']} onSet={onSet} />}
    </div>
  )
}

