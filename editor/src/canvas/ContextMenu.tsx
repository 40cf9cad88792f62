/**
 * The canvas's right-click menu (ComfyUI, InvokeAI): on empty canvas, add a node / note / group
 * or paste there; on a node or a selection, delete, duplicate, bypass, align, distribute, group.
 * Every entry is a store action, so each is one undo step.
 */
import { useEffect, useRef, useState } from 'react'
import type { AlignMode } from '../store/align.ts'
import { useEditorStore, useEditorStoreApi } from '../store/context.tsx'
import { isStageNode } from '../store/flow-types.ts'

export interface MenuRequest {
  /** Client coordinates of the click. */
  x: number
  y: number
  /** 'pane': empty canvas; 'selection': one or more selected nodes. */
  on: 'pane' | 'selection'
}

interface Item { label: string; keys?: string; run: () => void; disabled?: boolean }

export function ContextMenu({ request, onClose, onAddNode, onAddAnnotation, onPaste, onDuplicate }: {
  request: MenuRequest
  onClose: () => void
  onAddNode: () => void
  onAddAnnotation: (type: 'frame' | 'note') => void
  onPaste: () => void
  /** Duplicates the selection onto free space (the canvas knows the view). */
  onDuplicate: () => void
}) {
  const store = useEditorStoreApi()
  // Read once: the menu acts on the selection it was opened on.
  const [selected] = useState(() => store.getState().nodes.filter((n) => n.selected))
  const hasClip = useEditorStore((s) => s.clipboard !== null)
  const menu = useRef<HTMLDivElement>(null)
  useEffect(() => {
    // Keyboard use: focus starts on the first entry; ↑/↓ move, Enter picks, Escape closes.
    const items = () => [...(menu.current?.querySelectorAll<HTMLButtonElement>('.menu-item:not(:disabled)') ?? [])]
    items()[0]?.focus()
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose()
      if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return
      e.preventDefault()
      const list = items()
      const at = list.indexOf(document.activeElement as HTMLButtonElement)
      list[(at + (e.key === 'ArrowDown' ? 1 : list.length - 1)) % list.length]?.focus()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [onClose])
  const s = () => store.getState()
  const align = (mode: AlignMode) => () => s().alignSelected(mode)
  const stages = selected.filter(isStageNode)
  const sections: Item[][] = request.on === 'pane'
    ? [
        [
          { label: 'Add node…', keys: 'double-click', run: onAddNode },
          { label: 'Add note', run: () => onAddAnnotation('note') },
          { label: 'Add group', run: () => onAddAnnotation('frame') },
        ],
        [
          { label: 'Paste here', keys: 'Ctrl+V', run: onPaste, disabled: !hasClip },
          { label: 'Select all', keys: 'Ctrl+A', run: () => s().selectAll() },
        ],
      ]
    : [
        [
          { label: 'Duplicate', keys: 'Ctrl+D', run: onDuplicate },
          { label: stages.length > 0 && stages.every((n) => n.data.bypassed) ? 'Enable' : 'Bypass', keys: 'Ctrl+B', run: () => s().toggleBypass(), disabled: stages.length === 0 },
          { label: 'Group', keys: 'Ctrl+G', run: () => s().groupSelected(), disabled: !selected.some((n) => n.type !== 'frame') },
          { label: 'Delete', keys: 'Del', run: () => s().deleteSelected() },
        ],
        [
          { label: 'Align left', run: align('left'), disabled: selected.length < 2 },
          { label: 'Align top', run: align('top'), disabled: selected.length < 2 },
          { label: 'Align centres (vertical line)', run: align('center'), disabled: selected.length < 2 },
          { label: 'Align middles (horizontal line)', run: align('middle'), disabled: selected.length < 2 },
          { label: 'Distribute horizontally', run: align('distribute-h'), disabled: selected.length < 3 },
          { label: 'Distribute vertically', run: align('distribute-v'), disabled: selected.length < 3 },
        ],
      ]
  const left = Math.min(request.x, window.innerWidth - 260)
  const top = Math.min(request.y, window.innerHeight - 24 - sections.flat().length * 30)
  return (
    <div className="picker-backdrop" onMouseDown={onClose} onContextMenu={(e) => { e.preventDefault(); onClose() }}>
      <div ref={menu} className="context-menu" role="menu" aria-label={request.on === 'pane' ? 'Canvas menu' : 'Node menu'} style={{ left, top }} onMouseDown={(e) => e.stopPropagation()}>
        {request.on === 'selection' && <div className="menu-head">{selected.length} selected</div>}
        {sections.map((items, i) => (
          <div key={i} className="menu-section">
            {items.map((it) => (
              <button key={it.label} role="menuitem" className="menu-item" disabled={it.disabled} onClick={() => { it.run(); onClose() }}>
                <span>{it.label}</span>{it.keys && <kbd>{it.keys}</kbd>}
              </button>
            ))}
          </div>
        ))}
      </div>
    </div>
  )
}
