/**
 * The editor benchmark's baseline: React Flow as its documentation shows it, nothing of ours —
 * 300 default nodes on the same grid as the benchmark graph, the same wires per ten nodes,
 * controlled state with applyNodeChanges. `?w=&h=` size the canvas like the editor's so both fit
 * the same extent at about the same zoom. Built by editor-build.ts, never shipped.
 */
import { ReactFlow, useEdgesState, useNodesState, type Edge, type Node } from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { createRoot } from 'react-dom/client'
import { gridPosition, NODE_COUNT, UNIT_SIZE, UNIT_WIRES } from '../editor-layout.ts'

const initialNodes: Node[] = Array.from({ length: NODE_COUNT }, (_, i) => ({
  id: `n${i}`, position: gridPosition(i), data: { label: `Node ${i + 1}` },
}))
const initialEdges: Edge[] = []
for (let u = 0; u < NODE_COUNT / UNIT_SIZE; u++) {
  for (const [from, to] of UNIT_WIRES) {
    initialEdges.push({ id: `e${initialEdges.length + 1}`, source: `n${u * UNIT_SIZE + from}`, target: `n${u * UNIT_SIZE + to}` })
  }
}

// The same fit as the editor's canvas, so the zoom (and the nodes on screen) match.
const FIT_OPTIONS = { padding: 0.15, maxZoom: 1.1 }

function Bare() {
  const [nodes, , onNodesChange] = useNodesState(initialNodes)
  const [edges, , onEdgesChange] = useEdgesState(initialEdges)
  return <ReactFlow nodes={nodes} edges={edges} onNodesChange={onNodesChange} onEdgesChange={onEdgesChange} fitView fitViewOptions={FIT_OPTIONS} minZoom={0.1} />
}

const query = new URLSearchParams(location.search)
const root = document.getElementById('root')!
root.style.width = query.get('w') ? `${query.get('w')}px` : '100vw'
root.style.height = query.get('h') ? `${query.get('h')}px` : '100vh'
createRoot(root).render(<Bare />)
