/** Port-type colours and the kind groups of the palette: one table, so canvas, palette and minimap agree. */
import type { PortType } from '../../../engine/graph/schema.ts'
import { NODE_KIND_NAMES, getNodeKind } from '../../../engine/nodes/registry.ts'
import type { NodeKindDef } from '../../../engine/nodes/define.ts'

/** CSS variables defined in styles.css; nodes, wires, legend and minimap read the same ones. */
export const PORT_COLOR_VAR: Record<PortType, string> = {
  prompts: 'var(--port-prompts)',
  config: 'var(--port-config)',
  image: 'var(--port-image)',
  video: 'var(--port-video)',
}

/** Concrete colours for the minimap (a canvas: it cannot read CSS variables). */
export const ROLE_COLOR: Record<NodeKindDef['role'], string> = {
  'prompt-source': '#d9a441',
  'prompt-transform': '#d9a441',
  'config-source': '#a884e8',
  stage: '#46b59a',
  'run-stage': '#e8707a',
}

export const KIND_GROUPS: { title: string; kinds: string[] }[] = [
  { title: 'Prompts', kinds: ['pack', 'randomizer'] },
  { title: 'Config', kinds: ['preset'] },
  { title: 'Stages', kinds: ['txt2img', 'img2img', 'adetailer', 'upscale'] },
  { title: 'Output', kinds: ['video'] },
]

export interface KindChoice {
  kind: NodeKindDef<unknown>
  /** The port of the new node to connect to the wire being dragged. */
  port: string
}

/**
 * Kinds that can take the wire dragged from a handle: for an output of type T, kinds with an input
 * of type T; for an input of type T, kinds with an output of type T. First matching port wins.
 */
export function compatibleKinds(type: PortType, from: 'source' | 'target'): KindChoice[] {
  const out: KindChoice[] = []
  for (const name of NODE_KIND_NAMES) {
    const kind = getNodeKind(name)!
    const ports = from === 'source' ? kind.inputs : kind.outputs
    const port = ports.find((p) => p.type === type)
    if (port) out.push({ kind, port: port.name })
  }
  return out
}
