/**
 * Turns a zod issue from ConfigLayer into a sentence a pack author understands, with the range
 * read from the schema itself so the numbers are never restated here.
 */
import type { z } from 'zod'
import { ConfigLayer } from '../config/stages.ts'

export type AnySchema = z.core.$ZodType
type Def = { type: string; shape?: Record<string, AnySchema>; innerType?: AnySchema; element?: AnySchema; options?: AnySchema[] }

export function defOf(schema: AnySchema): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def
}

/** The field schemas of an object schema (after unwrapping), or undefined for anything else. */
export function shapeOf(schema: AnySchema | undefined): Record<string, AnySchema> | undefined {
  if (!schema) return undefined
  const def = defOf(unwrap(schema))
  return def.type === 'object' ? def.shape : undefined
}

/** The element schema of an array schema (after unwrapping). */
export function elementOf(schema: AnySchema | undefined): AnySchema | undefined {
  if (!schema) return undefined
  const def = defOf(unwrap(schema))
  return def.type === 'array' ? def.element : undefined
}

/** The schema at `path` inside ConfigLayer, looking through optional, default and union. */
function schemaAt(path: readonly PropertyKey[]): AnySchema | undefined {
  let s: AnySchema | undefined = ConfigLayer
  for (const key of path) {
    s = s && unwrap(s)
    if (!s) return undefined
    const def = defOf(s)
    if (def.type === 'object' && typeof key === 'string') s = def.shape?.[key]
    else if (def.type === 'array' && typeof key === 'number') s = def.element
    else return undefined
  }
  return s && unwrap(s)
}

export function unwrap(schema: AnySchema): AnySchema {
  let s = schema
  for (let i = 0; i < 10; i++) {
    const def = defOf(s)
    if ((def.type === 'optional' || def.type === 'default' || def.type === 'nullable') && def.innerType) s = def.innerType
    else break
  }
  return s
}

/** [min, max] of a number schema (or of the number member of a union such as `0 | 64..4096`). */
function numberRange(schema: AnySchema | undefined): [number, number] | undefined {
  if (!schema) return undefined
  const def = defOf(schema)
  if (def.type === 'union') {
    for (const option of def.options ?? []) {
      const r = numberRange(option)
      if (r) return r
    }
    return undefined
  }
  if (def.type !== 'number') return undefined
  const n = schema as unknown as { minValue: number | null; maxValue: number | null }
  return [n.minValue ?? -Infinity, n.maxValue ?? Infinity]
}

const TYPE_WORDS: Record<string, string> = {
  int: 'a whole number', number: 'a number', string: 'text (a string)', boolean: 'true or false',
  object: 'an object', array: 'a list',
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`
    case 'too_small':
    case 'too_big': {
      if (issue.origin === 'number') {
        const range = numberRange(schemaAt(issue.path))
        if (range && Number.isFinite(range[0]) && Number.isFinite(range[1])) return `must be between ${range[0]} and ${range[1]}`
        return issue.code === 'too_small' ? `must be at least ${String(issue.minimum)}` : `must be at most ${String(issue.maximum)}`
      }
      if (issue.origin === 'string') {
        return issue.code === 'too_small' ? 'must not be empty' : `must be at most ${String(issue.maximum)} characters`
      }
      if (issue.origin === 'array') {
        return issue.code === 'too_small' ? `must have at least ${String(issue.minimum)} items` : `must have at most ${String(issue.maximum)} items`
      }
      return issue.message
    }
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'unrecognized_keys':
      return `unknown keys ${issue.keys.join(', ')}`
    default:
      return issue.message
  }
}
