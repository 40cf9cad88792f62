/**
 * X/Y/Z comparison grids: the jobs of a run placed on two (or three) fields that vary between
 * them. Shared by the server (the exported PNG) and the editor (the grid view), so both place
 * every job in the same cell.
 */
import { valueKey, valueLabel, varyingFields, type FieldValue, type JobFields, type VaryingField } from './fields.ts'

export interface GridJob { jobId: string; fields: JobFields }

export interface GridAxes { x: string; y?: string | undefined; z?: string | undefined }

export interface GridLayout {
  x: VaryingField
  y: VaryingField | null
  z: VaryingField | null
  /** cells[z][y][x]: the job ids in that cell, in the order given (a field off the axes may still vary). */
  cells: string[][][][]
}

export type GridResult = { ok: true; layout: GridLayout } | { ok: false; axis: 'x' | 'y' | 'z'; message: string }

function axisProblem(axis: 'x' | 'y' | 'z', key: string, fields: VaryingField[]): string {
  const names = fields.map((f) => f.key)
  return `"${key}" is not a field that varies between these jobs; choose one of: ${names.length > 0 ? names.join(', ') : '(none: every job has the same settings)'}`
}

export function layoutGrid(jobs: readonly GridJob[], axes: GridAxes): GridResult {
  const fields = varyingFields(jobs.map((j) => j.fields))
  const find = (key: string | undefined): VaryingField | undefined => fields.find((f) => f.key === key)
  const x = find(axes.x)
  if (!x) return { ok: false, axis: 'x', message: axisProblem('x', axes.x, fields) }
  const y = axes.y === undefined ? null : find(axes.y) ?? null
  if (axes.y !== undefined && !y) return { ok: false, axis: 'y', message: axisProblem('y', axes.y, fields) }
  const z = axes.z === undefined ? null : find(axes.z) ?? null
  if (axes.z !== undefined && !z) return { ok: false, axis: 'z', message: axisProblem('z', axes.z, fields) }
  const used = [axes.x, axes.y, axes.z].filter((a) => a !== undefined)
  if (new Set(used).size !== used.length) {
    const axis = axes.y === axes.x ? 'y' : 'z'
    return { ok: false, axis, message: `"${axis === 'y' ? axes.y : axes.z}" is already on another axis; each axis needs its own field` }
  }
  const index = (f: VaryingField | null) => new Map((f?.values ?? [null]).map((v, i) => [valueKey(v), i]))
  const xi = index(x)
  const yi = index(y)
  const zi = index(z)
  const cells = (z?.values ?? [null]).map(() => (y?.values ?? [null]).map(() => x.values.map((): string[] => [])))
  const at = (f: VaryingField | null, j: GridJob): FieldValue => (f ? j.fields[f.key] ?? null : null)
  for (const j of jobs) {
    cells[zi.get(valueKey(at(z, j)))!]![yi.get(valueKey(at(y, j)))!]![xi.get(valueKey(at(x, j)))!]!.push(j.jobId)
  }
  return { ok: true, layout: { x, y, z, cells } }
}

/** The index of a Z value given as text (`?zValue=7`, a tab label), or -1. */
export function findValue(field: VaryingField, text: string): number {
  return field.values.findIndex((v) => valueLabel(v) === text || String(v) === text)
}
