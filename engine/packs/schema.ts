/**
 * The data a prompt pack becomes once parsed: its rows, its matrix and its bound config layer.
 * The compiler and the randomizer read these shapes; the file format lives in txt.ts/sidecar.ts.
 */
import { z } from 'zod'
import { ConfigLayer } from '../config/stages.ts'

/** A LoRA weight outside this range is almost surely a typo (A1111 itself accepts anything). */
const loraWeight = z.number().min(-10).max(10)

export const PackLora = z.strictObject({
  name: z.string().min(1),
  weight: loraWeight,
})
export type PackLora = z.infer<typeof PackLora>

export const PackRow = z.strictObject({
  /** 0-based position in the TXT; the compiler's `rowIndex`. */
  index: z.int().min(0),
  /** 1-based line of the row's first non-comment line, for messages. */
  line: z.int().min(1),
  /** quality and subject joined (see txt.ts); may hold [[slot]] and Dynamic Prompts syntax. */
  text: z.string().min(1),
  quality: z.string(),
  subject: z.string(),
  /** Negative phrases in file order, trimmed, never empty. */
  negative: z.array(z.string().min(1)),
  /** Bare embedding names, as A1111 wants them in a prompt (never `<embedding:X>`). */
  positiveEmbeddings: z.array(z.string().min(1)),
  negativeEmbeddings: z.array(z.string().min(1)),
  /**
   * Weights written as `(<embedding:X>:0.8)`, by bare name; absent means 1. Kept apart from the
   * name lists so those stay plain names (the compiler checks them against the WebUI's list).
   */
  positiveEmbeddingWeights: z.record(z.string(), z.number()).optional(),
  negativeEmbeddingWeights: z.record(z.string(), z.number()).optional(),
  loras: z.array(PackLora),
})
export type PackRow = z.infer<typeof PackRow>

export const MATRIX_MODES = ['fanout', 'random', 'rotate', 'sequential'] as const

export const PackMatrixSlot = z.strictObject({
  name: z.string().min(1).max(100),
  values: z.array(z.string()),
})
export type PackMatrixSlot = z.infer<typeof PackMatrixSlot>

export const PackMatrix = z.strictObject({
  enabled: z.boolean(),
  mode: z.enum(MATRIX_MODES),
  /** Most variants one row may expand to; the original's default is 8. */
  limit: z.int().min(1).max(10_000),
  slots: z.array(PackMatrixSlot),
})
export type PackMatrix = z.infer<typeof PackMatrix>

/** What a pack without a sidecar (or a sidecar without `matrix`) gets. */
export const DEFAULT_MATRIX: PackMatrix = { enabled: false, mode: 'fanout', limit: 8, slots: [] }

export const Pack = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  rows: z.array(PackRow),
  matrix: PackMatrix,
  /** The pack's bound config: layer 4 of the merge (DESIGN §3). */
  config: ConfigLayer,
})
export type Pack = z.infer<typeof Pack>

/**
 * The `.json` sidecar as written by the original. `pack_data.slots` is the GUI's copy of the rows;
 * we read rows from the TXT only (one source of truth) and merely compare the two.
 * `preset_data` is checked key by key in preset.ts, hence `unknown` here.
 */
export const PackSidecar = z.object({
  pack_data: z.looseObject({
    name: z.string().min(1).max(200),
    slots: z.array(z.unknown()).optional(),
    matrix: z.strictObject({
      enabled: z.boolean().default(DEFAULT_MATRIX.enabled),
      mode: z.enum(MATRIX_MODES).default(DEFAULT_MATRIX.mode),
      limit: PackMatrix.shape.limit.default(DEFAULT_MATRIX.limit),
      slots: z.array(PackMatrixSlot).default([]),
    }).optional(),
    show_preview: z.boolean().optional(),
  }),
  preset_data: z.unknown().optional(),
})
export type PackSidecar = z.infer<typeof PackSidecar>

/** One problem found in a pack's files; `path` is a JSON path such as `preset_data.txt2img.steps`. */
export type PackProblem = { file: string; line?: number; path?: string; message: string }
