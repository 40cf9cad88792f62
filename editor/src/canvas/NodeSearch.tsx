/**
 * Node search (double-click on empty canvas, or "Add node…" in the canvas menu), as in ComfyUI:
 * every kind plus Note and Group, filtered as you type (label, kind name, description); ↑/↓ move,
 * Enter adds the highlighted one at the point that opened it, Escape closes.
 */
import { useEffect, useMemo, useRef, useState } from 'react'
import { NODE_KIND_NAMES, getNodeKind } from '../../../engine/nodes/registry.ts'

export interface SearchChoice {
  /** A registry kind, or an annotation. */
  kind: string
  label: string
  description: string
  role: string
}

export const SEARCH_CHOICES: readonly SearchChoice[] = [
  ...NODE_KIND_NAMES.map((name) => {
    const k = getNodeKind(name)!
    return { kind: name, label: k.label, description: k.description, role: k.role }
  }),
  { kind: 'note', label: 'Note', description: 'Free text on the canvas; not part of any job.', role: 'annotation' },
  { kind: 'group', label: 'Group', description: 'A titled frame; dragging its title moves the nodes inside.', role: 'annotation' },
]

export function filterChoices(choices: readonly SearchChoice[], filter: string): SearchChoice[] {
  const words = filter.trim().toLowerCase().split(/\s+/).filter(Boolean)
  const scored = choices
    .map((c) => {
      const hay = `${c.label} ${c.kind} ${c.description}`.toLowerCase()
      if (!words.every((w) => hay.includes(w))) return null
      // Label and kind-name matches first (typing "ups" should offer Upscale before descriptions mentioning it).
      const name = `${c.label} ${c.kind}`.toLowerCase()
      return { c, score: words.filter((w) => name.includes(w)).length * 2 + (name.startsWith(words[0] ?? '') ? 1 : 0) }
    })
    .filter((x): x is { c: SearchChoice; score: number } => x !== null)
  return scored.sort((a, b) => b.score - a.score).map((x) => x.c)
}

export function NodeSearch({ x, y, onPick, onClose }: { x: number; y: number; onPick: (c: SearchChoice) => void; onClose: () => void }) {
  const [filter, setFilter] = useState('')
  const [active, setActive] = useState(0)
  const input = useRef<HTMLInputElement>(null)
  const shown = useMemo(() => filterChoices(SEARCH_CHOICES, filter), [filter])
  useEffect(() => input.current?.focus(), [])
  useEffect(() => setActive(0), [filter])
  const left = Math.min(x, window.innerWidth - 300)
  const top = Math.min(y, window.innerHeight - 80 - SEARCH_CHOICES.length * 44)
  return (
    <div className="picker-backdrop" onMouseDown={onClose}>
      <div className="picker node-search" style={{ left, top }} onMouseDown={(e) => e.stopPropagation()} role="dialog" aria-label="Add a node">
        <input
          ref={input}
          className="picker-filter"
          placeholder="Search nodes…"
          aria-label="Search nodes"
          value={filter}
          onChange={(e) => setFilter(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Escape') onClose()
            else if (e.key === 'ArrowDown') { e.preventDefault(); setActive((i) => Math.min(i + 1, shown.length - 1)) }
            else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)) }
            else if (e.key === 'Enter' && shown[active]) onPick(shown[active])
          }}
        />
        {shown.length === 0 && <div className="picker-empty">No node matches “{filter}”.</div>}
        {shown.map((c, i) => (
          <button key={c.kind} className={`picker-item${i === active ? ' active' : ''}`} onClick={() => onPick(c)} onMouseEnter={() => setActive(i)} title={c.description}>
            <span className={`kind-dot role-${c.role}`} />
            <span className="picker-label">{c.label}</span>
            <span className="picker-desc">{c.description}</span>
          </button>
        ))}
      </div>
    </div>
  )
}
