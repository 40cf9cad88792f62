/** Every node kind, by name. The editor and the compiler look kinds up here only. */
import type { NodeKindDef, PortDef } from './define.ts'
import { packKind } from './pack.ts'
import { presetKind } from './preset.ts'
import { randomizerKind } from './randomizer.ts'
import { adetailerKind, img2imgKind, txt2imgKind, upscaleKind, videoKind } from './stages.ts'

export const NODE_KINDS = {
  pack: packKind,
  preset: presetKind,
  randomizer: randomizerKind,
  txt2img: txt2imgKind,
  img2img: img2imgKind,
  adetailer: adetailerKind,
  upscale: upscaleKind,
  video: videoKind,
} as const

export type NodeKindName = keyof typeof NODE_KINDS
export const NODE_KIND_NAMES = Object.keys(NODE_KINDS) as NodeKindName[]

export function getNodeKind(kind: string): NodeKindDef<unknown> | undefined {
  return Object.hasOwn(NODE_KINDS, kind) ? (NODE_KINDS[kind as NodeKindName] as unknown as NodeKindDef<unknown>) : undefined
}

export function findPort(kind: NodeKindDef<unknown>, side: 'in' | 'out', name: string): PortDef | undefined {
  return (side === 'in' ? kind.inputs : kind.outputs).find((p) => p.name === name)
}
