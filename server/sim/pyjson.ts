/**
 * JSON the way the Python side writes it, where a client could tell the difference:
 * floats keep their ".0" (pydantic float fields, GET /options), and `info` is `json.dumps`
 * output (", " / ": " separators, non-ASCII escaped) rather than starlette's compact form.
 */

/** A number that must be written as a Python float (7 → `7.0`). */
export class PyFloat {
  constructor(readonly value: number) {}
  toJSON(): number {
    return this.value
  }
}

export const float = (v: number): PyFloat => new PyFloat(v)

function floatRepr(v: number): string {
  if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : v < 0 ? '-Infinity' : 'NaN'
  if (Number.isInteger(v) && Math.abs(v) < 1e16) return `${v}.0`
  return String(v)
}

function asciiString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))
}

export interface PyJsonStyle {
  /** `json.dumps` defaults (", ", ": ", ensure_ascii) instead of starlette's compact UTF-8. */
  pythonDumps?: boolean
}

export function pyJson(value: unknown, style: PyJsonStyle = {}): string {
  const comma = style.pythonDumps ? ', ' : ','
  const colon = style.pythonDumps ? ': ' : ':'
  const str = style.pythonDumps ? asciiString : (s: string) => JSON.stringify(s)
  const enc = (v: unknown): string => {
    if (v instanceof PyFloat) return floatRepr(v.value)
    if (v === null || v === undefined) return 'null'
    if (typeof v === 'string') return str(v)
    if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null'
    if (typeof v === 'boolean') return v ? 'true' : 'false'
    if (Array.isArray(v)) return '[' + v.map(enc).join(comma) + ']'
    if (typeof v === 'object') {
      const parts: string[] = []
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
        if (x === undefined) continue
        parts.push(str(k) + colon + enc(x))
      }
      return '{' + parts.join(comma) + '}'
    }
    return 'null'
  }
  return enc(value)
}
