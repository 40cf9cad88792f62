/**
 * Request-body validation that behaves like the Python side: pydantic v1 for A1111 (lax:
 * "20" → 20, 20.7 → 20, unknown keys ignored, null allowed for Optional fields) and pydantic v2
 * for Forge (a bit stricter, different error items). All problems are collected, as pydantic
 * does, and thrown as one 422.
 */
import { ValidationError, type ValidationItem } from './errors.ts'
import { PyFloat } from './pyjson.ts'
import type { SimFlavor } from './types.ts'

export type FieldType = 'int' | 'float' | 'str' | 'bool' | 'list_str' | 'list' | 'dict' | 'any'

export interface FieldSpec {
  t: FieldType
  /** Default when the key is missing (null is allowed for every field unless `required`). */
  d: unknown
  required?: boolean
  ge?: number
  le?: number
  gt?: number
}

export type Schema = Record<string, FieldSpec>

type Loc = (string | number)[]

class Collector {
  items: ValidationItem[] = []
  constructor(private flavor: SimFlavor) {}

  /** v1: msg/type strings; v2: type/msg/input. Both keep `loc` as ["body", field, …]. */
  add(loc: Loc, v1: [string, string, Record<string, unknown>?], v2: [string, string], input: unknown): void {
    if (this.flavor === 'forge') {
      this.items.push({ type: v2[0], loc, msg: v2[1], input })
    } else {
      const item: ValidationItem = { loc, msg: v1[0], type: v1[1] }
      if (v1[2]) item.ctx = v1[2]
      this.items.push(item)
    }
  }
}

const BOOL_TRUE = new Set(['1', 'on', 't', 'true', 'y', 'yes'])
const BOOL_FALSE = new Set(['0', 'off', 'f', 'false', 'n', 'no'])

function coerce(value: unknown, t: FieldType, loc: Loc, c: Collector, flavor: SimFlavor): unknown {
  const v2 = flavor === 'forge'
  switch (t) {
    case 'any':
      return value
    case 'int': {
      if (typeof value === 'number' && Number.isFinite(value)) {
        if (v2 && !Number.isInteger(value)) {
          c.add(loc, ['', ''], ['int_from_float', 'Input should be a valid integer, got a number with a fractional part'], value)
          return undefined
        }
        return Math.trunc(value)
      }
      if (typeof value === 'boolean' && !v2) return value ? 1 : 0
      if (typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value)) return parseInt(value, 10)
      c.add(loc, ['value is not a valid integer', 'type_error.integer'],
        typeof value === 'string'
          ? ['int_parsing', 'Input should be a valid integer, unable to parse string as an integer']
          : ['int_type', 'Input should be a valid integer'], value)
      return undefined
    }
    case 'float': {
      if (typeof value === 'number' && Number.isFinite(value)) return value
      if (typeof value === 'boolean' && !v2) return value ? 1 : 0
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value)
      c.add(loc, ['value is not a valid float', 'type_error.float'],
        typeof value === 'string'
          ? ['float_parsing', 'Input should be a valid number, unable to parse string as a number']
          : ['float_type', 'Input should be a valid number'], value)
      return undefined
    }
    case 'str': {
      if (typeof value === 'string') return value
      // pydantic v1 turns numbers into strings; v2 refuses them.
      if (!v2 && typeof value === 'number') return String(value)
      c.add(loc, ['str type expected', 'type_error.str'], ['string_type', 'Input should be a valid string'], value)
      return undefined
    }
    case 'bool': {
      if (typeof value === 'boolean') return value
      if (typeof value === 'number' && (value === 0 || value === 1)) return value === 1
      if (typeof value === 'string') {
        const s = value.trim().toLowerCase()
        if (BOOL_TRUE.has(s)) return true
        if (BOOL_FALSE.has(s)) return false
      }
      c.add(loc, ['value could not be parsed to a boolean', 'type_error.bool'],
        typeof value === 'string'
          ? ['bool_parsing', 'Input should be a valid boolean, unable to interpret input']
          : ['bool_type', 'Input should be a valid boolean'], value)
      return undefined
    }
    case 'list_str':
    case 'list': {
      if (!Array.isArray(value)) {
        c.add(loc, ['value is not a valid list', 'type_error.list'], ['list_type', 'Input should be a valid list'], value)
        return undefined
      }
      if (t === 'list') return value
      return value.map((x, i) => coerce(x, 'str', [...loc, i], c, flavor))
    }
    case 'dict': {
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        c.add(loc, ['value is not a valid dict', 'type_error.dict'], ['dict_type', 'Input should be a valid dictionary'], value)
        return undefined
      }
      return value
    }
  }
}

function checkRange(value: number, spec: FieldSpec, loc: Loc, c: Collector): void {
  if (spec.ge !== undefined && value < spec.ge) {
    c.add(loc, [`ensure this value is greater than or equal to ${spec.ge}`, 'value_error.number.not_ge', { limit_value: spec.ge }],
      ['greater_than_equal', `Input should be greater than or equal to ${spec.ge}`], value)
  }
  if (spec.gt !== undefined && value <= spec.gt) {
    c.add(loc, [`ensure this value is greater than ${spec.gt}`, 'value_error.number.not_gt', { limit_value: spec.gt }],
      ['greater_than', `Input should be greater than ${spec.gt}`], value)
  }
  if (spec.le !== undefined && value > spec.le) {
    c.add(loc, [`ensure this value is less than or equal to ${spec.le}`, 'value_error.number.not_le', { limit_value: spec.le }],
      ['less_than_equal', `Input should be less than or equal to ${spec.le}`], value)
  }
}

/**
 * Validates a parsed JSON body against a schema. Returns every schema key in schema order with
 * defaults filled in (the shape of A1111's `parameters` echo); float fields come back as
 * {@link PyFloat} in `echo` and as plain numbers in `values`.
 */
export function validateBody(
  body: unknown,
  schema: Schema,
  flavor: SimFlavor,
): { values: Record<string, unknown>; echo: Record<string, unknown> } {
  const c = new Collector(flavor)
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    c.add(['body'], ['value is not a valid dict', 'type_error.dict'], ['model_attributes_type', 'Input should be a valid dictionary or object to extract fields from'], body)
    throw new ValidationError(c.items)
  }
  const src = body as Record<string, unknown>
  const values: Record<string, unknown> = {}
  const echo: Record<string, unknown> = {}
  for (const [key, spec] of Object.entries(schema)) {
    const loc: Loc = ['body', key]
    let v: unknown
    if (!(key in src) || src[key] === undefined) {
      if (spec.required) {
        c.add(loc, ['field required', 'value_error.missing'], ['missing', 'Field required'], src)
        continue
      }
      v = spec.d
    } else if (src[key] === null) {
      if (spec.required && flavor === 'forge') {
        c.add(loc, ['', ''], ['list_type', 'Input should be a valid list'], null)
        continue
      }
      // pydantic v1 leaves a null on a non-Optional field with a default alone unless required.
      v = spec.required ? (c.add(loc, ['none is not an allowed value', 'type_error.none.not_allowed'], ['', ''], null), undefined) : null
    } else {
      v = coerce(src[key], spec.t, loc, c, flavor)
      if (typeof v === 'number') checkRange(v, spec, loc, c)
    }
    values[key] = v
    echo[key] = spec.t === 'float' && typeof v === 'number' ? new PyFloat(v) : v
  }
  if (c.items.length) throw new ValidationError(c.items)
  return { values, echo }
}

/**
 * Parses a request body as JSON, answering malformed JSON the way FastAPI does
 * (v1: `value_error.jsondecode`; v2: `json_invalid`).
 */
export function parseJsonBody(raw: string, flavor: SimFlavor): unknown {
  if (raw.trim() === '') {
    // FastAPI treats an empty body as a missing required body.
    throw new ValidationError([flavor === 'forge'
      ? { type: 'missing', loc: ['body'], msg: 'Field required', input: null }
      : { loc: ['body'], msg: 'field required', type: 'value_error.missing' }])
  }
  try {
    return JSON.parse(raw)
  } catch (e) {
    const message = e instanceof Error ? e.message : ''
    const m = /position (\d+)/.exec(message)
    const pos = m ? Number(m[1]) : raw.length
    const before = raw.slice(0, pos)
    const lineno = before.split('\n').length
    const colno = pos - before.lastIndexOf('\n')
    const msg = 'Expecting value'
    if (flavor === 'forge') {
      throw new ValidationError([{ type: 'json_invalid', loc: ['body', pos], msg: 'JSON decode error', input: {}, ctx: { error: msg } }])
    }
    throw new ValidationError([{
      loc: ['body', pos],
      msg: `${msg}: line ${lineno} column ${colno} (char ${pos})`,
      type: 'value_error.jsondecode',
      ctx: { msg, doc: raw, pos, lineno, colno },
    }])
  }
}
