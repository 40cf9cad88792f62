/**
 * A prompt entry: one row (or one variant of a row) travelling along `prompts` edges, carrying
 * everything a job needs to know about where its prompt came from.
 */
import type { ConfigLayer } from '../config/stages.ts'
import type { PackRow } from '../packs/index.ts'

export interface SeedPolicy {
  nodeId: string
  mode: 'fixed' | 'increment' | 'random'
  baseSeed: number
}

export interface PromptEntry {
  /** Identity of this variant along its path (pack node, row, randomizer choices): feeds job ids. */
  key: string
  packId: string | null
  rowIndex: number | null
  row: PackRow | null
  /** The text as written, before any expansion. */
  template: string
  /** The current text: expanded once a randomizer has run. */
  text: string
  /** The pack's `[[slot]]` matrix, when it is enabled. */
  matrix?: readonly { name: string; values: readonly string[] }[]
  /** The pack's bound config, layer 4 of the merge. */
  packLayer?: ConfigLayer
  /** Values swept by randomizers, layer 5 of the merge. */
  sweepLayer?: ConfigLayer
  sweepSource?: string
  /** Identity of the (pack, sweep) combination: entries with equal keys share resolved configs. */
  configKey: string
  seedPolicy?: SeedPolicy
  variantIndex: number
  variantTotal: number
  summary: {
    nodes: string[]
    mode?: string
    slots: Record<string, string>
    sweeps: Record<string, unknown>
    /** The value each `__wildcard__` of the text drew, recorded by the randomizer's expansion. */
    wildcards?: Record<string, string>
  }
}
