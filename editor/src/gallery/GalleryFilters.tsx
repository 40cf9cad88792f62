/** The gallery's filters (graph, run, pack, model, sampler, rating, state, dates, prompt text) and sort. */
import { useEffect, useState } from 'react'
import { useEditorStore } from '../store/context.tsx'
import type { GalleryFilters as Filters } from './endpoints.ts'
import type { RunGroup } from './layout.ts'

export function GalleryFilters({ value, onChange, sort, onSort, runs }: {
  value: Filters
  onChange(f: Filters): void
  sort: 'date' | 'rating'
  onSort(s: 'date' | 'rating'): void
  runs: readonly RunGroup[]
}) {
  const graphList = useEditorStore((s) => s.graphList)
  const packs = useEditorStore((s) => s.library?.packs)
  const resources = useEditorStore((s) => s.resources)
  // Prompt text is typed: it is sent a moment after the last key, not on every one.
  const [text, setText] = useState(value.q)
  useEffect(() => setText(value.q), [value.q])
  useEffect(() => {
    if (text === value.q) return
    const t = setTimeout(() => onChange({ ...value, q: text }), 300)
    return () => clearTimeout(t)
  }, [text, value, onChange])
  const set = (k: keyof Filters) => (e: { target: { value: string } }) => onChange({ ...value, [k]: e.target.value })
  const samplers = resources?.samplers ?? []
  return (
    <div className="gallery-filters">
      <input type="search" placeholder="Prompt contains…" aria-label="Prompt text" value={text} onChange={(e) => setText(e.target.value)} />
      <select value={value.graphId} onChange={set('graphId')} aria-label="Graph">
        <option value="">All graphs</option>
        {graphList.map((g) => <option key={g.id} value={g.id}>{g.name}</option>)}
      </select>
      <select value={value.runId} onChange={set('runId')} aria-label="Run">
        <option value="">All runs</option>
        {value.runId && !runs.some((r) => r.runId === value.runId) && <option value={value.runId}>{value.runId}</option>}
        {runs.map((r) => <option key={r.runId} value={r.runId}>{new Date(r.createdAt).toLocaleString()} ({r.count})</option>)}
      </select>
      <select value={value.packId} onChange={set('packId')} aria-label="Pack">
        <option value="">All packs</option>
        {Object.values(packs ?? {}).map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
      </select>
      <select value={value.model} onChange={set('model')} aria-label="Model">
        <option value="">All models</option>
        {(resources?.models ?? []).map((m) => <option key={m} value={m}>{m}</option>)}
      </select>
      <select value={value.sampler} onChange={set('sampler')} aria-label="Sampler">
        <option value="">All samplers</option>
        {samplers.map((name) => <option key={name} value={name}>{name}</option>)}
      </select>
      <select value={value.rating} onChange={set('rating')} aria-label="Rating">
        <option value="">Any rating</option>
        <option value="unrated">Unrated</option>
        {[1, 2, 3, 4, 5].map((n) => <option key={n} value={String(n)}>{'★'.repeat(n)} exactly</option>)}
        {[2, 3, 4].map((n) => <option key={`${n}+`} value={`${n}+`}>{'★'.repeat(n)} or more</option>)}
      </select>
      <select value={value.state} onChange={set('state')} aria-label="Job state">
        <option value="">Any state</option>
        {['succeeded', 'failed', 'cancelled', 'running'].map((s) => <option key={s} value={s}>{s}</option>)}
      </select>
      <label className="gallery-date">From <input type="date" value={value.from} onChange={set('from')} aria-label="From date" /></label>
      <label className="gallery-date">To <input type="date" value={value.to} onChange={set('to')} aria-label="To date" /></label>
      <select value={sort} onChange={(e) => onSort(e.target.value as 'date' | 'rating')} aria-label="Sort">
        <option value="date">Newest run first</option>
        <option value="rating">Best rated first</option>
      </select>
    </div>
  )
}
