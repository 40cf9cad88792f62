import { z } from 'zod'
import { defineNodeKind } from './define.ts'

/** A config sweep: `txt2img.cfg_scale` over [5, 7, 9]. Values are checked against the stage schema by the compiler. */
export const Sweep = z.strictObject({
  path: z.string().regex(/^(txt2img|img2img|adetailer|upscale)\.[a-z_][a-z0-9_.]*$/, 'must look like "txt2img.cfg_scale"'),
  values: z.array(z.unknown()).min(1).max(64),
})
export type Sweep = z.infer<typeof Sweep>

export const RandomizerParams = z.strictObject({
  /** combinatorial: every combination in order; random: `maxVariants` seeded draws; rotate: one combination per row, in turn. */
  mode: z.enum(['combinatorial', 'random', 'rotate']),
  maxVariants: z.int().min(1).max(10_000),
  /** Expand the pack's `[[slot]]` matrix. */
  useMatrix: z.boolean(),
  sweeps: z.array(Sweep).max(8),
  /** fixed: every variant shares the base seed; increment: base + n; random: a fresh seed per variant. */
  seedMode: z.enum(['fixed', 'increment', 'random']),
  /** Base seed for fixed/increment; -1 = the txt2img seed, or one drawn per run when that is -1 too. */
  baseSeed: z.int().min(-1).max(4294967294),
  /** Seed of the random draws in random mode; -1 = derived from the run seed. */
  drawSeed: z.int().min(-1).max(4294967294),
})
export type RandomizerParams = z.infer<typeof RandomizerParams>

export const randomizerKind = defineNodeKind<RandomizerParams>({
  kind: 'randomizer',
  version: 1,
  label: 'Randomizer',
  description: 'Expands prompt rows into variants: [[slot]] matrix, {a|b} and __wildcard__ syntax, and config sweeps.',
  role: 'prompt-transform',
  inputs: [{ name: 'prompts', type: 'prompts', label: 'Prompts', required: true, many: true }],
  outputs: [{ name: 'prompts', type: 'prompts', label: 'Variants', required: false }],
  params: RandomizerParams,
  defaults: () => ({ mode: 'combinatorial', maxVariants: 100, useMatrix: true, sweeps: [], seedMode: 'random', baseSeed: -1, drawSeed: -1 }),
  summary: (p) => [
    `${p.mode}, max ${p.maxVariants}`,
    `seed ${p.seedMode}${p.baseSeed >= 0 ? ` ${p.baseSeed}` : ''}`,
    ...p.sweeps.map((s) => `${s.path}: ${s.values.map((v) => String(v)).join(' / ')}`),
  ],
})
