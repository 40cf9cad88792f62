/** At module scope so React Flow sees the same object on every render (otherwise it remounts every node). */
import type { NodeTypes } from '@xyflow/react'
import { FrameNode, NoteNode } from './AnnotationNodes.tsx'
import { StageNode } from './StageNode.tsx'

export const nodeTypes: NodeTypes = { stage: StageNode, frame: FrameNode, note: NoteNode }
