/**
 * Presets: named config layers. Load one into the selected stage nodes (its fields for each
 * node's kind become set on the node), save the selected stage's set fields as a preset, make
 * one the library's default, merge one into packs' bound configs, delete with confirmation.
 * After a change the compile context is re-read, so the job preview follows at once.
 */
import { useState } from 'react'
import type { ConfigLayer } from '../../../../engine/config/stages.ts'
import { applyPresetToPacks, deletePreset, savePreset, setDefaultPreset } from '../../api/library-endpoints.ts'
import { refreshLibrary } from '../../services/startup-service.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { layerOfParams } from '../../store/params.ts'
import { PackPicker } from './PackPicker.tsx'
import { attempt, selectedStageNodes, slugify } from './shared.ts'
import { askConfirm, askText } from '../dialog/dialogs.ts'

export function PresetsTab() {
  const store = useEditorStoreApi()
  const online = useEditorStore((s) => s.server === 'online')
  const presets = useEditorStore((s) => s.library?.presets)
  const defaultId = useEditorStore((s) => s.library?.defaultPresetId ?? null)
  // Joined ids: re-render only when the selected stage nodes change, not on every store update.
  const stageSel = useEditorStore((s) => selectedStageNodes(s).map((n) => `${n.id}:${n.data.kind}`).join(','))
  const [applying, setApplying] = useState<string | null>(null)
  const targets = stageSel ? stageSel.split(',').map((x) => x.split(':')) : []
  const single = targets.length === 1 ? targets[0]! : null

  const load = (presetId: string) => {
    const preset = store.getState().library?.presets[presetId]
    if (!preset) return
    const n = store.getState().applyLayer(targets.map(([id]) => id!), preset.config as Record<string, unknown>)
    store.getState().showToast(n ? `Loaded “${preset.name}” into ${n} node${n > 1 ? 's' : ''}` : `“${preset.name}” has no settings for the selected kind${targets.length > 1 ? 's' : ''}`, n ? 'info' : 'error')
  }
  const saveFromSelected = async () => {
    if (!single) return
    const [nodeId, kind] = single as [string, string]
    const node = store.getState().nodes.find((n) => n.id === nodeId)
    if (!node) return
    const layer = layerOfParams(node.data.params)
    if (Object.keys(layer).length === 0) return store.getState().showToast('This node sets no fields yet: every value is inherited.', 'error')
    const count = Object.keys(layer).length
    const answer = await askText({
      title: 'Save as a preset',
      message: `The ${count} field${count === 1 ? '' : 's'} set on “${node.data.label ?? nodeId}” become a preset.`,
      field: { label: 'Preset name', initial: `${node.data.label ?? kind} settings`, validate: (v) => (v.trim() ? null : 'A name is needed.') },
      confirmLabel: 'Save preset',
    })
    const name = answer?.[0]
    if (!name) return
    const id = slugify(name, 'preset')
    if (presets?.[id] && !(await askConfirm({ title: 'Replace the preset?', message: `Preset “${presets[id]!.name}” exists. Replace its settings?`, confirmLabel: 'Replace', danger: true }))) return
    const saved = await attempt(store, 'Saving the preset failed', () => savePreset(id, { name: name.trim(), config: { [kind]: layer } as ConfigLayer }))
    if (!saved) return
    await attempt(store, 'Could not refresh the library', () => refreshLibrary(store))
    store.getState().showToast(`Saved preset “${saved.name}”`)
  }
  const makeDefault = async (id: string | null) => {
    if (!(await attempt(store, 'Could not set the default', () => setDefaultPreset(id)))) return
    await attempt(store, 'Could not refresh the library', () => refreshLibrary(store))
  }
  const remove = async (id: string, name: string) => {
    if (!(await askConfirm({ title: `Delete preset “${name}”?`, message: 'Nodes and packs that use it will report it missing.', confirmLabel: 'Delete', danger: true }))) return
    if (!(await attempt(store, 'Delete failed', () => deletePreset(id)))) return
    await attempt(store, 'Could not refresh the library', () => refreshLibrary(store))
    store.getState().showToast(`Deleted preset “${name}”`)
  }
  const applyToPacks = async (id: string, packIds: string[]) => {
    const r = await attempt(store, 'Applying to packs failed', () => applyPresetToPacks(id, packIds))
    if (!r) return
    setApplying(null)
    await attempt(store, 'Could not refresh the library', () => refreshLibrary(store))
    store.getState().showToast(`Merged into ${r.updated.length} pack${r.updated.length === 1 ? '' : 's'}`)
  }

  const list = Object.values(presets ?? {}).sort((a, b) => a.name.localeCompare(b.name))
  return (
    <div className="library">
      <div className="library-actions">
        <button className="btn small" disabled={!online || !single} onClick={() => void saveFromSelected()} title={single ? 'Save the selected stage’s set fields as a preset' : 'Select one stage node first'}>Save selected as preset…</button>
      </div>
      <p className="muted small hint">{targets.length ? `Load applies to ${targets.length} selected stage node${targets.length > 1 ? 's' : ''}.` : 'Select stage nodes to load a preset into them.'}</p>
      {list.map((p) => (
        <div key={p.id} className="library-row" data-preset={p.id}>
          <div className="row-title" title={p.description || Object.keys(p.config).join(', ')}>
            <span>{p.name}</span>
            {p.id === defaultId && <span className="chip chip-preset">default</span>}
            <span className="muted small">{Object.keys(p.config).join(' · ')}</span>
          </div>
          <div className="row-tools">
            <button className="link" disabled={targets.length === 0} onClick={() => load(p.id)} title={targets.length ? 'Set this preset’s fields on the selected stage nodes' : 'Select stage nodes first'}>Load</button>
            {online && (p.id === defaultId
              ? <button className="link" onClick={() => void makeDefault(null)}>Unset default</button>
              : <button className="link" onClick={() => void makeDefault(p.id)}>Set default</button>)}
            {online && <button className="link" onClick={() => setApplying(applying === p.id ? null : p.id)}>Apply to packs…</button>}
            {online && <button className="link danger" disabled={p.id === defaultId} title={p.id === defaultId ? 'The default preset cannot be deleted' : undefined} onClick={() => void remove(p.id, p.name)}>Delete</button>}
          </div>
          {applying === p.id && <PackPicker action="Merge into packs" onCancel={() => setApplying(null)} onApply={(ids) => applyToPacks(p.id, ids)} />}
        </div>
      ))}
    </div>
  )
}
