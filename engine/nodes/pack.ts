import { z } from 'zod'
import { defineNodeKind } from './define.ts'

export const PackParams = z.strictObject({
  /** The pack's id in the library (its file name without extension). '' = not chosen yet. */
  packId: z.string().max(128),
  /** 0-based rows to use; empty = every row. */
  rows: z.array(z.int().min(0).max(100_000)).max(10_000),
})
export type PackParams = z.infer<typeof PackParams>

export const packKind = defineNodeKind<PackParams>({
  kind: 'pack',
  version: 1,
  label: 'Prompt pack',
  description: 'Rows of a prompt pack: positive, negative, LoRAs, embeddings and the pack\'s bound config.',
  role: 'prompt-source',
  inputs: [],
  outputs: [{ name: 'prompts', type: 'prompts', label: 'Prompts', required: false }],
  params: PackParams,
  defaults: () => ({ packId: '', rows: [] }),
  summary: (p) => [p.packId || 'no pack chosen', p.rows.length ? `rows ${p.rows.map((r) => r + 1).join(', ')}` : 'all rows'],
})
