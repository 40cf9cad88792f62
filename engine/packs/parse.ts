/**
 * `parsePack`: a pack's TXT (and optional JSON sidecar) → a Pack, with every problem found in
 * one pass. Never throws: the server hands us whatever is on disk, and a bad file must come back
 * as messages naming file and line, not as an exception that takes a request down.
 */
import { neverThrow } from './safe.ts'
import { normalizeSlotName, scanSlots } from './slots.ts'
import { compareJsonRows, parseSidecar } from './sidecar.ts'
import { Pack, DEFAULT_MATRIX, type PackProblem } from './schema.ts'
import { parseTxt, type RowSource } from './txt.ts'
import { validatePack } from './validate.ts'

export type ParsePackInput = { id: string; txt: string; json?: string; txtName?: string; jsonName?: string }
export type ParsePackResult =
  | { ok: true; pack: Pack; warnings: PackProblem[] }
  | { ok: false; errors: PackProblem[]; warnings: PackProblem[] }

/** Packs are hand-written text; anything this big is a wrong file, and we refuse it cheaply. */
export const MAX_PACK_FILE_CHARS = 5_000_000

export function parsePack(input: ParsePackInput): ParsePackResult {
  return neverThrow(input, () => parseUnsafe(input))
}

function parseUnsafe(input: ParsePackInput): ParsePackResult {
  const txtName = input.txtName ?? `${input.id}.txt`
  const jsonName = input.jsonName ?? `${input.id}.json`
  // concat, not push(...xs): a garbage file can yield more problems than a call has arguments.
  let errors: PackProblem[] = []
  let warnings: PackProblem[] = []
  if (typeof input.txt !== 'string') return { ok: false, errors: [{ file: txtName, message: 'the pack text is missing' }], warnings }
  for (const [text, file] of [[input.txt, txtName], [input.json, jsonName]] as const) {
    if (typeof text === 'string' && text.length > MAX_PACK_FILE_CHARS) {
      errors.push({ file, message: `file is too large (${text.length} characters; at most ${MAX_PACK_FILE_CHARS})` })
    }
  }
  if (errors.length > 0) return { ok: false, errors, warnings }

  const txt = parseTxt(input.txt, txtName)
  errors = errors.concat(txt.errors)
  const sidecar = typeof input.json === 'string' ? parseSidecar(input.json, jsonName) : undefined
  if (sidecar) {
    errors = errors.concat(sidecar.errors)
    warnings = warnings.concat(sidecar.warnings)
    if (sidecar.jsonRows) warnings = warnings.concat(compareJsonRows(sidecar.jsonRows, txt.rows, jsonName))
  }

  const candidate = {
    id: input.id,
    name: sidecar?.name ?? (input.txtName?.replace(/\.txt$/i, '') || input.id),
    rows: txt.rows,
    matrix: sidecar?.matrix ?? DEFAULT_MATRIX,
    config: sidecar?.config ?? {},
  }
  const checked = validatePack(candidate, { txtName, jsonName, locate: locator(txt.sources) })
  errors = errors.concat(checked.errors)
  warnings = warnings.concat(checked.warnings)
  if (errors.length > 0) return { ok: false, errors: capped(errors), warnings: capped(warnings) }

  // A last guard that what we hand out matches the published schema (e.g. an empty id).
  const final = Pack.safeParse(candidate)
  if (!final.success) {
    return { ok: false, errors: final.error.issues.map((i) => ({ file: txtName, message: `${i.path.join('.') || 'pack'}: ${i.message}` })), warnings }
  }
  return { ok: true, pack: final.data, warnings: capped(warnings) }
}

/** A garbage file can hold a million problems; the first hundreds are all anyone reads. */
export const MAX_PROBLEMS = 200

function capped(problems: PackProblem[]): PackProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems
  const first = problems[0] as PackProblem
  return [...problems.slice(0, MAX_PROBLEMS), { file: first.file, message: `${problems.length - MAX_PROBLEMS} more problems not shown` }]
}

function locator(sources: RowSource[]) {
  return (rowIndex: number, slot: string): number | undefined => {
    const key = normalizeSlotName(slot)
    return sources[rowIndex]?.find((s) => scanSlots(s.text).slots.some((t) => normalizeSlotName(t.name) === key))?.line
  }
}
