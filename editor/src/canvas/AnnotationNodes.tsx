/**
 * The two canvas annotations. A group (frame) is a titled rectangle under the nodes: drag its
 * title to move it with everything inside, double-click the title to rename, drag a corner to
 * resize; its body lets clicks through to the canvas (box-select, pan, double-click search), as
 * in ComfyUI. A note is free text; it is never compiled.
 */
import { NodeResizer, type NodeProps } from '@xyflow/react'
import { memo, useEffect, useState } from 'react'
import type { FlowNode } from '../store/flow-types.ts'
import { useEditorStore } from '../store/context.tsx'

const FRAME_MIN = { width: 160, height: 100 }
const NOTE_MIN = { width: 140, height: 70 }

export const FrameNode = memo(function FrameNode({ id, data, selected }: NodeProps<FlowNode>) {
  const setLabel = useEditorStore((s) => s.setLabel)
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(data.label ?? '')
  useEffect(() => setDraft(data.label ?? ''), [data.label])
  const commit = () => {
    setEditing(false)
    if (draft !== (data.label ?? '')) setLabel(id, draft)
  }
  return (
    <div className={`frame${selected ? ' selected' : ''}`}>
      <NodeResizer isVisible={selected} minWidth={FRAME_MIN.width} minHeight={FRAME_MIN.height} color="var(--accent)" />
      <div className="frame-title" onDoubleClick={(e) => { e.stopPropagation(); setEditing(true) }} title="Drag to move the group and the nodes inside it; double-click to rename">
        {editing
          ? <input className="frame-title-input nodrag" autoFocus aria-label="Group title" value={draft} onChange={(e) => setDraft(e.target.value)} onBlur={commit}
              onKeyDown={(e) => { if (e.key === 'Enter') commit(); if (e.key === 'Escape') { setDraft(data.label ?? ''); setEditing(false) } }} />
          : <span>{data.label || 'Group'}</span>}
      </div>
    </div>
  )
})

export const NoteNode = memo(function NoteNode({ id, data, selected }: NodeProps<FlowNode>) {
  const setNoteText = useEditorStore((s) => s.setNoteText)
  const [draft, setDraft] = useState(data.text ?? '')
  useEffect(() => setDraft(data.text ?? ''), [data.text])
  return (
    <div className={`note${selected ? ' selected' : ''}`}>
      <NodeResizer isVisible={selected} minWidth={NOTE_MIN.width} minHeight={NOTE_MIN.height} color="var(--accent)" />
      <div className="note-head" title="Drag to move; notes are not part of any job">Note</div>
      <textarea className="note-text nodrag nowheel" aria-label="Note text" placeholder="Write a note…" value={draft}
        onChange={(e) => setDraft(e.target.value)} onBlur={() => setNoteText(id, draft)} />
    </div>
  )
})
