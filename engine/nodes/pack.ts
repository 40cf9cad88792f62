import { z } from 'zod'
import { defineNodeKind } from './define.ts'

/** One pack chosen on a pack node, with an optional selection of its rows. */
export const PackSelection = z.strictObject({
  /** The pack's id in the library (its file name without extension). '' = not chosen yet. */
  packId: z.string().max(128),
  /** 0-based rows to use; empty = every row. */
  rows: z.array(z.int().min(0).max(100_000)).max(10_000),
})
export type PackSelection = z.infer<typeof PackSelection>

/**
 * Graph version 3: a pack node holds a list of packs (version 2 held one `packId` + `rows`; the
 * migration in graph/migrations.ts turns that into a one-item list). Rows are emitted pack by pack
 * in list order, each carrying its own pack's id and bound config (merge layer 4).
 */
export const PackParams = z.strictObject({
  packs: z.array(PackSelection).max(64),
})
export type PackParams = z.infer<typeof PackParams>

export const packKind = defineNodeKind<PackParams>({
  kind: 'pack',
  version: 2,
  label: 'Prompt pack',
  description: 'Rows of one or more prompt packs: positive, negative, LoRAs, embeddings and each pack\'s bound config.',
  role: 'prompt-source',
  inputs: [],
  outputs: [{ name: 'prompts', type: 'prompts', label: 'Prompts', required: false }],
  params: PackParams,
  defaults: () => ({ packs: [] }),
  summary: (p) => (p.packs.length === 0 ? ['no pack chosen'] : p.packs.map((s) => `${s.packId || '(no pack)'}: ${s.rows.length ? `rows ${s.rows.map((r) => r + 1).join(', ')}` : 'all rows'}`)),
})
