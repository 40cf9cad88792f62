/**
 * The stages a root reaches: following `image` edges forward from a root txt2img (or an img2img
 * that starts from a stored image), in topological order. A bypassed stage runs nothing and hands
 * its input straight on, so its children read from its nearest running ancestor.
 */
import type { GraphIndex, IndexedNode } from './graph-index.ts'

export interface StageNodeRef {
  node: IndexedNode
  /** The running stage this one reads its images from; null for the root. */
  inputFrom: string | null
}

export const IMAGE_STAGE_KINDS: ReadonlySet<string> = new Set(['txt2img', 'img2img', 'adetailer', 'upscale'])

export function isRoot(n: IndexedNode): boolean {
  if (n.node.bypassed || n.params === undefined) return false
  if (n.kind.kind === 'txt2img') return true
  if (n.kind.kind !== 'img2img') return false
  const hasImageInput = (n.inputs.get('image')?.length ?? 0) > 0
  return !hasImageInput && Boolean((n.params as { sourceImage?: string }).sourceImage)
}

export function stageTree(index: GraphIndex, root: IndexedNode): StageNodeRef[] {
  const result: StageNodeRef[] = [{ node: root, inputFrom: null }]
  const visit = (from: IndexedNode, runningAncestor: string): void => {
    for (const edge of from.outputs.get('image') ?? []) {
      const child = index.nodes.get(edge.target)
      if (!child || !IMAGE_STAGE_KINDS.has(child.kind.kind) || child.params === undefined) continue
      if (child.node.bypassed) {
        visit(child, runningAncestor)
      } else {
        result.push({ node: child, inputFrom: runningAncestor })
        visit(child, child.node.id)
      }
    }
  }
  visit(root, root.node.id)
  // Depth-first order already has parents before children; keep it stable by graph order within that.
  return result
}

/** The running stages whose images reach a video node's frames input (bypassed stages resolved upward). */
export function videoSources(index: GraphIndex, video: IndexedNode): string[] {
  const sources: string[] = []
  const resolve = (nodeId: string): void => {
    const n = index.nodes.get(nodeId)
    if (!n || !IMAGE_STAGE_KINDS.has(n.kind.kind) || n.params === undefined) return
    if (!n.node.bypassed) {
      if (!sources.includes(nodeId)) sources.push(nodeId)
      return
    }
    const parent = n.inputs.get('image')?.[0]
    if (parent) resolve(parent.source)
  }
  for (const edge of video.inputs.get('image') ?? []) resolve(edge.source)
  return sources
}
