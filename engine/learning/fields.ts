/**
 * The comparable fields of a job: every scalar of each stage's resolved config (`txt2img.cfg_scale`,
 * `txt2img.hires.scale`), the seed, the pack and row, the expanded prompt, each `[[slot]]`
 * value the randomizer used (`slot.mood`), each `__wildcard__` value it drew (`wildcard.colour`)
 * and each LoRA weight (`lora.detail`). Grids choose their axes and insights group ratings by these keys. Stage fields use the same path as a
 * randomizer sweep, so a suggestion can sweep the field it learned about.
 */
import type { JobSpec } from '../compile/spec.ts'

export type FieldValue = string | number | boolean | null
export type JobFields = Record<string, FieldValue>

/** What jobFields reads: the JobSpec as stored (also accepts specs with fewer optional parts). */
export type FieldSource = Pick<JobSpec, 'seed' | 'packId' | 'rowIndex' | 'prompt' | 'loras' | 'plan' | 'randomizerSummary'> & Partial<Pick<JobSpec, 'wildcards'>>

function flatten(prefix: string, value: unknown, out: JobFields): void {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
    out[prefix] = value
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(`${prefix}.${i}`, v, out))
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(`${prefix}.${k}`, v, out)
  }
}

export function jobFields(spec: FieldSource): JobFields {
  const out: JobFields = {}
  const seenKinds = new Set<string>()
  for (const stage of spec.plan.stages) {
    // A second stage of the same kind (two img2img passes) is named by its node id, so the
    // first keeps the plain sweep path.
    const prefix = seenKinds.has(stage.kind) ? `${stage.kind}@${stage.stageId}` : stage.kind
    seenKinds.add(stage.kind)
    for (const [k, v] of Object.entries(stage.config.values)) flatten(`${prefix}.${k}`, v, out)
  }
  out.seed = spec.seed
  out.pack = spec.packId
  out.row = spec.rowIndex
  out.prompt = spec.prompt
  for (const [name, value] of Object.entries(spec.randomizerSummary.slots)) out[`slot.${name}`] = value
  for (const [name, value] of Object.entries(spec.wildcards ?? {})) out[`wildcard.${name}`] = value
  for (const l of spec.loras) out[`lora.${l.name}`] = l.weight
  return out
}

/** Numbers numerically, then strings; null (the field is absent) first. */
export function compareValues(a: FieldValue, b: FieldValue): number {
  if (a === b) return 0
  if (a === null) return -1
  if (b === null) return 1
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return -1
  if (typeof b === 'number') return 1
  return String(a).localeCompare(String(b))
}

/** A stable map key for a value (1 and "1" stay apart); cheap, as it runs for every field of every job. */
export const valueKey = (v: FieldValue): string => (v === null ? 'null' : typeof v === 'string' ? `s${v}` : typeof v === 'number' ? `n${v}` : `b${v}`)

/** How a value is shown on an axis or in a table. */
export function valueLabel(v: FieldValue): string {
  if (v === null) return '—'
  if (typeof v === 'string') return v === '' ? '(empty)' : v
  return String(v)
}

export interface VaryingField {
  key: string
  /** Distinct values, sorted (compareValues). */
  values: FieldValue[]
  /** Every value present is a number: insights draw it as a line, suggestions narrow it. */
  numeric: boolean
}

/**
 * The fields whose value differs between the given jobs, in first-seen key order. A field
 * missing from some jobs (a LoRA only some use) varies too; its missing value is null.
 */
export function varyingFields(jobs: readonly JobFields[]): VaryingField[] {
  const keys: string[] = []
  const seen = new Set<string>()
  for (const j of jobs) for (const k of Object.keys(j)) if (!seen.has(k)) { seen.add(k); keys.push(k) }
  const out: VaryingField[] = []
  for (const key of keys) {
    const distinct = new Map<string, FieldValue>()
    for (const j of jobs) {
      const v = j[key] ?? null
      distinct.set(valueKey(v), v)
    }
    if (distinct.size < 2) continue
    const values = [...distinct.values()].sort(compareValues)
    out.push({ key, values, numeric: values.every((v) => typeof v === 'number') })
  }
  return out
}
