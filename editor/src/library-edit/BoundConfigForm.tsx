/**
 * A pack's bound config (the sidecar's `preset_data`, layer 4 of the merge) edited with the
 * inspector's own generated form: the same FieldRow/PassesTabs per stage kind, so every field,
 * range and WebUI dropdown matches the node inspector. A field is "set" in the pack or inherited
 * (greyed, showing the built-in default); "set ↺" removes it from the pack.
 */
import { useCallback, useMemo, useState } from 'react'
import type { ConfigLayer, StageKind } from '../../../engine/config/stages.ts'
import { STAGE_KINDS } from '../../../engine/config/stages.ts'
import { mergeStageConfig } from '../../../engine/config/merge.ts'
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { fieldsForKind } from '../inspector/fields.ts'
import { FieldRow } from '../inspector/FieldRow.tsx'
import { PassesTabs } from '../inspector/PassesTabs.tsx'
import { setIn, type ParamPath } from '../store/params.ts'

const NOT_CONFIG = new Set(['prompt', 'sourceImage'])
const NO_PROVENANCE: Record<string, string> = {}

function StageSection({ packId, kind, layer, onChange }: { packId: string; kind: StageKind; layer: Record<string, unknown> | undefined; onChange(kind: StageKind, layer: Record<string, unknown> | undefined): void }) {
  const def = getNodeKind(kind)
  const fields = useMemo(() => (def ? fieldsForKind(def).filter((f) => !NOT_CONFIG.has(f.key)) : []), [def])
  const defaults = useMemo(() => mergeStageConfig(kind, []).values as Record<string, unknown>, [kind])
  const own = layer ?? {}
  const onSet = useCallback((path: ParamPath, value: unknown) => {
    const next = setIn(own, path, value)
    onChange(kind, Object.keys(next).length ? next : undefined)
  }, [own, kind, onChange])
  const nodeId = `pack-${packId}-${kind}`
  return (
    <>
      {fields.map((f) => f.type === 'passes'
        ? <PassesTabs key={f.key} nodeId={nodeId} field={f} own={own[f.key]} effective={own[f.key] ?? defaults[f.key]} provenance={NO_PROVENANCE} onSet={onSet} onSetPasses={(v) => onSet([f.key], v.length ? v : undefined)} />
        : <FieldRow key={f.key} nodeId={nodeId} field={f} path={[f.key]} own={own[f.key]} effective={defaults[f.key]} provenance={NO_PROVENANCE} layered onSet={onSet} />)}
    </>
  )
}

export function BoundConfigForm({ packId, config, onChange }: { packId: string; config: ConfigLayer; onChange(config: ConfigLayer): void }) {
  const [open, setOpen] = useState<StageKind | null>(null)
  const setStage = useCallback((kind: StageKind, layer: Record<string, unknown> | undefined) => {
    const next: Record<string, unknown> = { ...config }
    if (layer) next[kind] = layer
    else delete next[kind]
    onChange(next as ConfigLayer)
  }, [config, onChange])
  return (
    <div className="bound-config inspector">
      {STAGE_KINDS.map((kind) => {
        const layer = (config as Record<string, Record<string, unknown> | undefined>)[kind]
        const count = layer ? Object.keys(layer).length : 0
        return (
          <section key={kind} className="bound-stage" data-stage={kind}>
            <button type="button" className="library-item" aria-expanded={open === kind} onClick={() => setOpen(open === kind ? null : kind)}>
              <span>{open === kind ? '▾' : '▸'} {getNodeKind(kind)?.label ?? kind}</span>
              <span className="muted small">{count ? `${count} set` : 'nothing set'}</span>
            </button>
            {open === kind && <StageSection packId={packId} kind={kind} layer={layer} onChange={setStage} />}
          </section>
        )
      })}
    </div>
  )
}
