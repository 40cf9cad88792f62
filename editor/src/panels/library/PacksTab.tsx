/**
 * Packs: prompt rows (read-only here; packs are edited as files), the pack's bound config
 * (load it into the selected stage node), and applying the selected stage's set fields to the
 * bound config of one or more packs.
 */
import { useState } from 'react'
import type { ConfigLayer } from '../../../../engine/config/stages.ts'
import { getPackConfig, putPackConfig } from '../../api/library-endpoints.ts'
import { refreshLibrary } from '../../services/startup-service.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { layerOfParams, mergeLayer } from '../../store/params.ts'
import { PackPicker } from './PackPicker.tsx'
import { attempt, selectedStageNodes } from './shared.ts'

const ROWS_SHOWN = 50

export function PacksTab() {
  const store = useEditorStoreApi()
  const online = useEditorStore((s) => s.server === 'online')
  const packs = useEditorStore((s) => s.library?.packs)
  const stageSel = useEditorStore((s) => selectedStageNodes(s).map((n) => n.id).join(','))
  const [open, setOpen] = useState<string | null>(null)
  const [applying, setApplying] = useState(false)
  const targets = stageSel ? stageSel.split(',') : []
  const single = targets.length === 1 ? targets[0]! : null

  const loadConfig = async (packId: string) => {
    const r = online ? await attempt(store, 'Could not read the pack’s config', () => getPackConfig(packId)) : { config: store.getState().library?.packs[packId]?.config ?? {} }
    if (!r) return
    const n = store.getState().applyLayer(targets, r.config as Record<string, unknown>)
    store.getState().showToast(n ? `Loaded the pack’s config into ${n} node${n > 1 ? 's' : ''}` : 'The pack’s bound config has nothing for the selected kind.', n ? 'info' : 'error')
  }
  const applyToPacks = async (packIds: string[]) => {
    const node = store.getState().nodes.find((n) => n.id === single)
    if (!node) return
    const layer = layerOfParams(node.data.params)
    if (Object.keys(layer).length === 0) return store.getState().showToast('The selected node sets no fields: nothing to apply.', 'error')
    const kind = node.data.kind
    let done = 0
    for (const id of packIds) {
      const cur = await attempt(store, `Reading ${id} failed`, () => getPackConfig(id))
      if (!cur) continue
      const current = cur.config as Record<string, unknown>
      const merged = { ...current, [kind]: mergeLayer((current[kind] as Record<string, unknown> | undefined) ?? {}, layer) } as ConfigLayer
      if (await attempt(store, `Writing ${id} failed`, () => putPackConfig(id, merged))) done++
    }
    setApplying(false)
    await attempt(store, 'Could not refresh the library', () => refreshLibrary(store))
    store.getState().showToast(`Applied ${kind} settings to ${done} pack${done === 1 ? '' : 's'}`)
  }

  const list = Object.values(packs ?? {}).sort((a, b) => a.name.localeCompare(b.name))
  return (
    <div className="library">
      <div className="library-actions">
        <button className="btn small" disabled={!online || !single} onClick={() => setApplying((x) => !x)} title={single ? 'Merge the selected stage’s set fields into packs’ bound configs' : 'Select one stage node first'}>Apply selected stage to packs…</button>
      </div>
      {applying && <PackPicker action="Apply" onCancel={() => setApplying(false)} onApply={applyToPacks} />}
      {list.map((p) => (
        <div key={p.id} className="library-row" data-pack={p.id}>
          <button className="library-item" onClick={() => setOpen(open === p.id ? null : p.id)} aria-expanded={open === p.id}>
            <span>{open === p.id ? '▾' : '▸'} {p.name}</span>
            <span className="muted small">{p.rows.length} rows</span>
          </button>
          <div className="row-tools">
            <button className="link" disabled={targets.length === 0} onClick={() => void loadConfig(p.id)} title={targets.length ? 'Set the pack’s bound config on the selected stage nodes' : 'Select stage nodes first'}>Load config</button>
            <span className="muted small">{Object.keys(p.config).join(' · ') || 'no bound config'}</span>
          </div>
          {open === p.id && (
            <ol className="pack-rows">
              {p.rows.slice(0, ROWS_SHOWN).map((r) => (
                <li key={r.index} title={r.negative.length ? `Negative: ${r.negative.join(', ')}` : undefined}>
                  <span className="row-text">{r.text}</span>
                  {r.negative.length > 0 && <span className="row-neg">− {r.negative.join(', ')}</span>}
                </li>
              ))}
              {p.rows.length > ROWS_SHOWN && <li className="muted">…and {p.rows.length - ROWS_SHOWN} more</li>}
            </ol>
          )}
        </div>
      ))}
    </div>
  )
}
