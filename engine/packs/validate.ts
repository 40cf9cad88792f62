/**
 * Checks that need the whole pack: every `[[slot]]` a row uses must be a matrix slot (else it
 * would reach the WebUI verbatim, the original's "token leakage"), and matrix slots must be
 * distinct once names are normalised.
 */
import type { Pack, PackProblem } from './schema.ts'
import { findSlots, normalizeSlotName } from './slots.ts'

export type ValidateOptions = {
  txtName?: string
  jsonName?: string
  /** Line of the first use of a slot in a row; falls back to the row's first line. */
  locate?: (rowIndex: number, slot: string) => number | undefined
}

export function validatePack(pack: Pack, options: ValidateOptions = {}): { errors: PackProblem[]; warnings: PackProblem[] } {
  const txt = options.txtName ?? `${pack.id}.txt`
  const json = options.jsonName ?? `${pack.id}.json`
  const errors: PackProblem[] = []
  const warnings: PackProblem[] = []

  const defined = new Map<string, { name: string; values: number }>()
  pack.matrix.slots.forEach((slot, i) => {
    const path = `pack_data.matrix.slots[${i}].name`
    const key = normalizeSlotName(slot.name)
    const first = defined.get(key)
    if (key === '') errors.push({ file: json, path, message: `${path}: "${slot.name}" is not a usable slot name` })
    else if (first) errors.push({ file: json, path, message: `${path}: "${slot.name}" is the same slot as "${first.name}" (names ignore case, -, _ and spaces)` })
    else defined.set(key, { name: slot.name, values: slot.values.length })
  })

  const used = new Set<string>()
  for (const row of pack.rows) {
    for (const slot of findSlots(row.text)) {
      const key = normalizeSlotName(slot)
      used.add(key)
      const line = options.locate?.(row.index, slot) ?? row.line
      const def = defined.get(key)
      if (!def) errors.push({ file: txt, line, message: `row ${row.index + 1} uses [[${slot}]] but the pack matrix has no slot "${slot}"` })
      else if (def.values === 0) errors.push({ file: txt, line, message: `row ${row.index + 1} uses [[${slot}]] but matrix slot "${def.name}" has no values` })
    }
  }

  if (pack.rows.length === 0) warnings.push({ file: txt, message: 'the pack has no rows' })
  if (used.size > 0 && !pack.matrix.enabled) {
    warnings.push({ file: json, path: 'pack_data.matrix.enabled', message: 'rows use [[slot]] placeholders but the matrix is disabled: only a randomizer that expands the pack matrix will fill them' })
  }
  for (const [key, def] of defined) {
    if (!used.has(key)) warnings.push({ file: json, path: 'pack_data.matrix.slots', message: `matrix slot "${def.name}" is not used by any row` })
  }
  return { errors, warnings }
}
