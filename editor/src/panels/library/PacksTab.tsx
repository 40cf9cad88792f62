/**
 * Packs: prompt rows, the pack's bound config (load it into the selected stage node), applying
 * the selected stage's set fields to the bound config of one or more packs, and the pack editor
 * (new pack, edit — including packs whose files have problems, so they can be fixed here).
 */
import { useEffect, useState } from 'react'
import type { PackSummary } from '../../../../engine/api/library.ts'
import type { ConfigLayer } from '../../../../engine/config/stages.ts'
import { getPackConfig, listPacks, putPackConfig } from '../../api/library-endpoints.ts'
import { InlineAsk, type Ask } from '../../library-edit/InlineAsk.tsx'
import { PackEditor } from '../../library-edit/PackEditor.tsx'
import { refreshLibrary } from '../../services/startup-service.ts'
import { useEditorStore, useEditorStoreApi } from '../../store/context.tsx'
import { layerOfParams, mergeLayer } from '../../store/params.ts'
import { PackPicker } from './PackPicker.tsx'
import { attempt, selectedStageNodes, slugify } from './shared.ts'

const ROWS_SHOWN = 50

export function PacksTab() {
  const store = useEditorStoreApi()
  const online = useEditorStore((s) => s.server === 'online')
  const packs = useEditorStore((s) => s.library?.packs)
  const stageSel = useEditorStore((s) => selectedStageNodes(s).map((n) => n.id).join(','))
  const [open, setOpen] = useState<string | null>(null)
  const [applying, setApplying] = useState(false)
  const [editing, setEditing] = useState<{ id: string; isNew: boolean; name: string } | null>(null)
  const [ask, setAsk] = useState<Ask | null>(null)
  const [broken, setBroken] = useState<PackSummary[]>([])
  useEffect(() => {
    if (!online) return setBroken([])
    let live = true
    listPacks().then((r) => live && setBroken(r.packs.filter((p) => p.problems.length > 0)), () => undefined)
    return () => { live = false }
  }, [online, packs])
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
  const newPack = () => setAsk({
    message: 'New pack name', label: 'Pack name', confirm: 'Create', value: '',
    onConfirm: (name) => {
      const id = slugify(name, 'pack')
      if (packs?.[id] || broken.some((b) => b.id === id)) return store.getState().showToast(`A pack “${id}” already exists; choose another name.`, 'error')
      setAsk(null)
      setEditing({ id, isNew: true, name })
    },
  })
  return (
    <div className="library">
      {editing && <PackEditor key={editing.id} {...editing} onClose={() => setEditing(null)} onOpen={(id) => setEditing({ id, isNew: false, name: id })} />}
      <div className="library-actions">
        <button className="btn small" disabled={!online} onClick={newPack} title={online ? 'Create a pack (.txt rows + .json sidecar)' : 'Needs the server'}>New pack…</button>
        <button className="btn small" disabled={!online || !single} onClick={() => setApplying((x) => !x)} title={single ? 'Merge the selected stage’s set fields into packs’ bound configs' : 'Select one stage node first'}>Apply selected stage to packs…</button>
      </div>
      {ask && <InlineAsk ask={ask} onCancel={() => setAsk(null)} />}
      {applying && <PackPicker action="Apply" onCancel={() => setApplying(false)} onApply={applyToPacks} />}
      {list.map((p) => (
        <div key={p.id} className="library-row" data-pack={p.id}>
          <button className="library-item" onClick={() => setOpen(open === p.id ? null : p.id)} aria-expanded={open === p.id}>
            <span>{open === p.id ? '▾' : '▸'} {p.name}</span>
            <span className="muted small">{p.rows.length} rows</span>
          </button>
          <div className="row-tools">
            <button className="link" disabled={!online} onClick={() => setEditing({ id: p.id, isNew: false, name: p.name })} aria-label={`Edit pack ${p.name}`}>Edit</button>
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
      {broken.map((p) => (
        <div key={p.id} className="library-row" data-pack={p.id}>
          <span className="library-item"><span>{p.id}</span><span className="error-text small">{p.problems[0]?.line ? `line ${p.problems[0].line}: ` : ''}{p.problems[0]?.message}</span></span>
          <div className="row-tools"><button className="link" onClick={() => setEditing({ id: p.id, isNew: false, name: p.id })} aria-label={`Fix pack ${p.id}`}>Edit to fix</button></div>
        </div>
      ))}
    </div>
  )
}
