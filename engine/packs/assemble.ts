/**
 * The final prompt and negative of one pack row, as sent to the WebUI. Fixes three accidents of
 * the original: embeddings went out as `<embedding:X>` (A1111 matches the bare name), the global
 * negative was applied twice, and an out-of-range row index was clamped to the last row.
 *
 * Joining, the same for both: each part is trimmed of surrounding whitespace and commas, empty
 * parts are skipped, a part identical to an earlier one is skipped (so a preset that copied the
 * global negative cannot double it), and the rest are joined with ", ".
 *
 *   prompt   = positive embeddings, text, <lora:name:weight> tags
 *   negative = global negative, config negative, negative embeddings, row phrases
 *
 * e.g. row { positiveEmbeddings: [a], loras: [{ name: l, weight: 0.5 }], negativeEmbeddings: [n],
 * negative: [blurry] }, text "cat", global "lowres", config "" →
 * prompt "a, cat, <lora:l:0.5>", negative "lowres, n, blurry".
 */
import type { Pack, PackRow } from './schema.ts'
import { embeddingText } from './tags.ts'

export function joinPromptParts(parts: readonly string[]): string {
  const out: string[] = []
  for (const part of parts) {
    const p = trimCommas(part)
    if (p !== '' && !out.includes(p)) out.push(p)
  }
  return out.join(', ')
}

/** Trims whitespace and commas at both ends; by hand, as `/[\s,]+$/` is quadratic on long runs. */
function trimCommas(text: string): string {
  let a = 0
  let b = text.length
  while (a < b && isEdge(text.charCodeAt(a))) a++
  while (b > a && isEdge(text.charCodeAt(b - 1))) b--
  return text.slice(a, b)
}

function isEdge(c: number): boolean {
  return c === 0x2c || c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0xa0 || c === 0x3000
}

/** Own keys only: an embedding named "constructor" must not find Object's. */
function weightOf(weights: Record<string, number> | undefined, name: string): number {
  return weights && Object.hasOwn(weights, name) ? (weights[name] ?? 1) : 1
}

/** `text` is the row's text after slot substitution and randomization. */
export function assemblePrompt(row: PackRow, text: string): string {
  return joinPromptParts([
    ...row.positiveEmbeddings.map((name) => embeddingText(name, weightOf(row.positiveEmbeddingWeights, name))),
    text,
    ...row.loras.map((l) => `<lora:${l.name}:${l.weight}>`),
  ])
}

export function assembleNegative(row: PackRow, parts: { globalNegative: string; configNegative: string }): string {
  return joinPromptParts([
    parts.globalNegative,
    parts.configNegative,
    ...row.negativeEmbeddings.map((name) => embeddingText(name, weightOf(row.negativeEmbeddingWeights, name))),
    ...row.negative,
  ])
}

/** A row by 0-based index; past the end is an error, never the last row. */
export function getRow(pack: Pack, index: number): { ok: true; row: PackRow } | { ok: false; message: string } {
  const row = Number.isInteger(index) && index >= 0 ? pack.rows[index] : undefined
  if (row) return { ok: true, row }
  return { ok: false, message: `pack "${pack.name}" has ${pack.rows.length} rows; row index ${index} does not exist` }
}
