/**
 * The order of the wires into each of a node's inputs that has several (prompts entries
 * concatenate in this order; config presets merge in it): numbered like on the canvas, moved
 * up/down here. Saved on the edges (`order`), so it is part of the graph.
 */
import { getNodeKind } from '../../../engine/nodes/registry.ts'
import { movedOrder, wiresInto } from '../canvas/wire-order.ts'
import { useEditorStore } from '../store/context.tsx'

export function InputOrder({ nodeId, kind }: { nodeId: string; kind: string }) {
  const edges = useEditorStore((s) => s.edges)
  const nodes = useEditorStore((s) => s.nodes)
  const setInputOrder = useEditorStore((s) => s.setInputOrder)
  const def = getNodeKind(kind)
  if (!def) return null
  const ports = def.inputs.filter((p) => p.many).map((p) => ({ port: p, wires: wiresInto(edges, nodeId, p.name) })).filter((x) => x.wires.length > 1)
  if (ports.length === 0) return null
  const nameOf = (id: string) => {
    const n = nodes.find((x) => x.id === id)
    return n?.data.label ?? (n ? getNodeKind(n.data.kind)?.label ?? id : id)
  }
  return (
    <div className="input-order">
      {ports.map(({ port, wires }) => (
        <div key={port.name} className="field-row" data-port={port.name}>
          <label>{port.label} order<span className="field-hint">{port.type === 'prompts' ? 'entries follow each other in this order' : 'later ones win'}</span></label>
          <ol className="input-order-list" aria-label={`${port.label} wires in order`}>
            {wires.map((e, i) => (
              <li key={e.id} data-source={e.source}>
                <span>{i + 1}. {nameOf(e.source)}</span>
                <button className="btn tiny" disabled={i === 0} aria-label={`Move ${nameOf(e.source)} earlier`} onClick={() => setInputOrder(movedOrder(wires, e.id, -1))}>↑</button>
                <button className="btn tiny" disabled={i === wires.length - 1} aria-label={`Move ${nameOf(e.source)} later`} onClick={() => setInputOrder(movedOrder(wires, e.id, 1))}>↓</button>
              </li>
            ))}
          </ol>
        </div>
      ))}
    </div>
  )
}
