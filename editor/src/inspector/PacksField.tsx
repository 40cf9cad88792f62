/**
 * A pack node's packs (graph version 3): each chosen pack with its optional rows, in the order
 * their rows are emitted; add, remove, move up/down. Each row keeps its own pack's bound config.
 */
import { useEffect, useState } from 'react'
import type { PackSelection } from '../../../engine/nodes/pack.ts'
import { useEditorStore } from '../store/context.tsx'
import { formatRows, parseRows } from './fields.ts'
import './packs.css'

export function RowsField({ value, onSet, packId, id, label = 'Rows' }: { value: unknown; onSet(v: unknown): void; packId: string; id: string; label?: string }) {
  const rows = Array.isArray(value) ? (value as number[]) : []
  const total = useEditorStore((s) => s.library?.packs[packId]?.rows.length)
  const [draft, setDraft] = useState(formatRows(rows))
  const [bad, setBad] = useState(false)
  useEffect(() => setDraft(formatRows(rows)), [value]) // eslint-disable-line react-hooks/exhaustive-deps
  const commit = () => {
    const parsed = parseRows(draft)
    setBad(parsed === null)
    if (parsed) onSet(parsed)
  }
  return (
    <div className="field-row">
      <label htmlFor={id} title="1-based; ranges like 2-4">{label}<span className="field-hint">{total !== undefined ? `of ${total}; ` : ''}empty = every row</span></label>
      <div className="field-control">
        <input id={id} type="text" className={bad ? 'invalid' : ''} aria-invalid={bad || undefined} value={draft} placeholder="all rows (e.g. 1, 3-5)" onChange={(e) => setDraft(e.target.value)} onBlur={commit} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      </div>
    </div>
  )
}

export function PacksField({ nodeId, value, onSet }: { nodeId: string; value: unknown; onSet(v: PackSelection[]): void }) {
  const library = useEditorStore((s) => s.library)
  const packs = Array.isArray(value) ? (value as PackSelection[]) : []
  const all = Object.values(library?.packs ?? {})
  const free = all.filter((p) => !packs.some((s) => s.packId === p.id))
  const update = (i: number, patch: Partial<PackSelection>) => onSet(packs.map((s, j) => (j === i ? { ...s, ...patch } : s)))
  const move = (i: number, d: number) => {
    const next = [...packs]
    next.splice(i + d, 0, next.splice(i, 1)[0]!)
    onSet(next)
  }
  return (
    <div className="packs-field" data-testid="packs-field">
      <div className="field-row"><label>Packs<span className="field-hint">rows run pack by pack, each with its pack’s bound config</span></label></div>
      {packs.length === 0 && <p className="muted small">No pack chosen yet.</p>}
      <ol className="packs-list">
        {packs.map((s, i) => {
          const known = library?.packs[s.packId]
          return (
            <li key={`${s.packId}-${i}`} className="packs-item" data-pack={s.packId}>
              <div className="packs-item-head">
                <select aria-label={`Pack ${i + 1}`} value={s.packId} onChange={(e) => update(i, { packId: e.target.value, rows: [] })}>
                  {!known && <option value={s.packId}>{s.packId || '— choose a pack —'}{s.packId ? ' (not in the library)' : ''}</option>}
                  {all.filter((p) => p.id === s.packId || !packs.some((x) => x.packId === p.id)).map((p) => <option key={p.id} value={p.id}>{p.name} ({p.rows.length} row{p.rows.length === 1 ? '' : 's'})</option>)}
                </select>
                <button className="btn tiny" disabled={i === 0} onClick={() => move(i, -1)} aria-label={`Move ${s.packId} up`} title="Earlier">↑</button>
                <button className="btn tiny" disabled={i === packs.length - 1} onClick={() => move(i, 1)} aria-label={`Move ${s.packId} down`} title="Later">↓</button>
                <button className="btn tiny" onClick={() => onSet(packs.filter((_, j) => j !== i))} aria-label={`Remove ${s.packId}`} title="Remove">✕</button>
              </div>
              <RowsField id={`f-${nodeId}-packs-${i}-rows`} label="Rows" value={s.rows} packId={s.packId} onSet={(rows) => update(i, { rows: rows as number[] })} />
            </li>
          )
        })}
      </ol>
      {free.length > 0 && (
        <div className="field-row">
          <label htmlFor={`f-${nodeId}-add-pack`}>{packs.length ? 'Add' : 'Pack'}</label>
          <div className="field-control">
            <select id={`f-${nodeId}-add-pack`} aria-label="Add a pack" value="" onChange={(e) => e.target.value && onSet([...packs, { packId: e.target.value, rows: [] }])}>
              <option value="">{packs.length ? '+ add a pack…' : '— choose a pack —'}</option>
              {free.map((p) => <option key={p.id} value={p.id}>{p.name} ({p.rows.length} row{p.rows.length === 1 ? '' : 's'})</option>)}
            </select>
          </div>
        </div>
      )}
    </div>
  )
}
