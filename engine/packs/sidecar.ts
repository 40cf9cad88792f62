/**
 * The `.json` sidecar: the pack's name, its matrix and its bound config (`preset_data`).
 * `pack_data.slots` is the original GUI's copy of the rows. The original's GUI trusted it while
 * its runtime read the TXT, so the two drifted; we read rows from the TXT only and warn when the
 * copy disagrees.
 */
import { parseJson } from './json-syntax.ts'
import { translatePreset, formatPath, isPlainObject } from './preset.ts'
import { DEFAULT_MATRIX, PackSidecar, type PackMatrix, type PackProblem, type PackRow } from './schema.ts'
import { describeIssue } from './issues.ts'
import type { ConfigLayer } from '../config/stages.ts'

export type SidecarResult = {
  name?: string
  matrix: PackMatrix
  config: ConfigLayer
  /** `pack_data.slots`, when present, for the TXT comparison. */
  jsonRows?: unknown[]
  errors: PackProblem[]
  warnings: PackProblem[]
}

const KNOWN_TOP = new Set(['pack_data', 'preset_data'])
const KNOWN_PACK_DATA = new Set(['name', 'slots', 'matrix', 'show_preview'])

export function parseSidecar(text: string, file: string): SidecarResult {
  const result: SidecarResult = { matrix: DEFAULT_MATRIX, config: {}, errors: [], warnings: [] }
  const json = parseJson(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text)
  if (!json.ok) {
    result.errors.push({ file, line: json.line, message: `invalid JSON at line ${json.line}, column ${json.column}: ${json.message}` })
    return result
  }
  const data = json.value
  if (!isPlainObject(data)) {
    result.errors.push({ file, message: 'the sidecar must be a JSON object with "pack_data"' })
    return result
  }
  for (const key of Object.keys(data)) {
    if (!KNOWN_TOP.has(key)) result.warnings.push({ file, path: key, message: `${key}: unknown key, ignored` })
  }
  if (isPlainObject(data['pack_data'])) {
    for (const key of Object.keys(data['pack_data'])) {
      const path = `pack_data.${key}`
      if (!KNOWN_PACK_DATA.has(key)) result.warnings.push({ file, path, message: `${path}: unknown key, ignored` })
    }
  }
  const parsed = PackSidecar.safeParse(data)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      // preset_data is checked by translatePreset, with the original's vocabulary in mind.
      const path = formatPath(issue.path)
      result.errors.push({ file, path, message: `${path || 'pack_data'}: ${describeIssue(issue)}` })
    }
  } else {
    result.name = parsed.data.pack_data.name
    result.matrix = parsed.data.pack_data.matrix ?? DEFAULT_MATRIX
    result.jsonRows = parsed.data.pack_data.slots
  }
  const preset = translatePreset(data['preset_data'], file)
  result.config = preset.config
  result.errors = result.errors.concat(preset.errors)
  result.warnings = result.warnings.concat(preset.warnings)
  return result
}

/** One warning when the sidecar's copy of the rows disagrees with the TXT (which is used). */
export function compareJsonRows(jsonRows: unknown[], rows: PackRow[], file: string): PackProblem[] {
  if (jsonRows.length !== rows.length) {
    return [{
      file, path: 'pack_data.slots',
      message: `pack_data.slots holds ${jsonRows.length} rows but the TXT has ${rows.length}; the TXT rows are used`,
    }]
  }
  const squash = (s: string) => s.replace(/[\s,]+/g, ' ').trim()
  for (const [i, entry] of jsonRows.entries()) {
    const text = isPlainObject(entry) && typeof entry['text'] === 'string' ? entry['text'] : undefined
    const row = rows[i]
    if (text === undefined || !row) continue
    if (squash(text) !== squash(row.text)) {
      return [{
        file, path: `pack_data.slots[${i}].text`,
        message: `pack_data.slots[${i}].text differs from row ${i + 1} of the TXT (line ${row.line}); the TXT rows are used`,
      }]
    }
  }
  return []
}
