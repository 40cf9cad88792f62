/**
 * "Use as img2img source": graphs reference an earlier output by its artifact id in an img2img
 * node's `sourceImage` (used when no image is wired into the node; engine/nodes/stages.ts). In the
 * open graph, the selected img2img node without a wired image takes the image, else the only such
 * node, else a new img2img node is added beside the graph. One undoable edit either way.
 */
import { isStageNode } from '../store/flow-types.ts'
import type { EditorStore } from '../store/create-store.ts'

export function useAsImg2imgSource(store: EditorStore, artifactId: string): string {
  const s = store.getState()
  const wired = new Set(s.edges.filter((e) => e.targetHandle === 'image').map((e) => e.target))
  const roots = s.nodes.filter((n) => isStageNode(n) && n.data.kind === 'img2img' && !wired.has(n.id))
  const target = roots.find((n) => n.selected) ?? (roots.length === 1 ? roots[0] : undefined)
  if (target) {
    s.setParam(target.id, ['sourceImage'], artifactId)
    s.selectNode(target.id)
    return `img2img node “${target.data.label ?? target.id}” now starts from this image (Undo reverts it).`
  }
  const right = s.nodes.reduce((x, n) => Math.max(x, n.position.x + (n.measured?.width ?? 240)), 0)
  const top = s.nodes.length > 0 ? Math.min(...s.nodes.map((n) => n.position.y)) : 0
  const id = s.addNode('img2img', { x: right + 80, y: top }, { sourceImage: artifactId })
  return `Added img2img node “${id}” starting from this image (Undo removes it).`
}
