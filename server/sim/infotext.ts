/**
 * A1111's "infotext" (the `parameters` PNG chunk): writing it in 1.10's key order and reading
 * it back the way /png-info does.
 */

export type InfoValue = string | number | boolean | null | undefined
export type InfoParams = [string, InfoValue][]

/** Python's str() of a value as infotext shows it. */
export function infoStr(v: Exclude<InfoValue, null | undefined>): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False'
  return String(v)
}

/** Values with a comma, colon or newline are JSON-quoted so the line stays parseable. */
export function quote(text: string): string {
  return /[,:\n]/.test(text) ? JSON.stringify(text) : text
}

/** `<prompt>\nNegative prompt: <neg>\n<k: v, …>`, nulls dropped, the whole thing stripped. */
export function formatInfotext(prompt: string, negative: string, params: InfoParams): string {
  const line = params
    .filter((p): p is [string, Exclude<InfoValue, null | undefined>] => p[1] !== null && p[1] !== undefined)
    .map(([k, v]) => `${k}: ${quote(infoStr(v))}`)
    .join(', ')
  const neg = negative ? `\nNegative prompt: ${negative}` : ''
  return `${prompt}${neg}\n${line}`.trim()
}

const PARAM_RE = /\s*([\w ./+\-()]+?):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/g

/** Splits the last infotext line into key/value pairs (quoted values unquoted). */
function parseParamLine(line: string): [string, string][] {
  const out: [string, string][] = []
  for (const m of line.matchAll(PARAM_RE)) {
    const key = m[1]!.trim()
    let value = m[2]!.trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) {
      try {
        value = JSON.parse(value) as string
      } catch {
        // keep the raw text: a hand-edited infotext should still parse
      }
    }
    if (key) out.push([key, value])
  }
  return out
}

/** Defaults /png-info adds for keys older infotexts lack (a subset of 1.10's list). */
const PNGINFO_DEFAULTS: Record<string, string | number | boolean> = {
  'Clip skip': '1',
  'Hires resize-1': 0,
  'Hires resize-2': 0,
  'Hires sampler': 'Use same sampler',
  'Hires schedule type': 'Use same scheduler',
  'Hires checkpoint': 'Use same checkpoint',
  'Hires prompt': '',
  'Hires negative prompt': '',
  'Mask mode': 'Inpaint masked',
  RNG: 'GPU',
  'Schedule type': 'Automatic',
  'Schedule max sigma': 0,
  'Schedule min sigma': 0,
  'Schedule rho': 0,
  'VAE Encoder': 'Full',
  'VAE Decoder': 'Full',
  'FP8 weight': 'Disable',
  'Cache FP16 weight for LoRA': false,
  Emphasis: 'Original',
  'Refiner switch by sampling steps': false,
}

/**
 * Parses an infotext into /png-info's `parameters`: "Prompt", "Negative prompt", each key as a
 * string, "WxH" values split into "-1"/"-2", plus defaults for missing keys.
 */
export function parseInfotext(text: string): Record<string, string | number | boolean> {
  const lines = text.trim().split('\n')
  let last = lines[lines.length - 1] ?? ''
  let pairs = parseParamLine(last)
  if (pairs.length < 3) {
    // Not a parameter line: everything is prompt text.
    pairs = []
    last = ''
  } else {
    lines.pop()
  }
  const prompt: string[] = []
  const negative: string[] = []
  let inNegative = false
  for (const line of lines) {
    if (line.startsWith('Negative prompt:')) {
      inNegative = true
      negative.push(line.slice('Negative prompt:'.length).trim())
    } else (inNegative ? negative : prompt).push(line)
  }
  const out: Record<string, string | number | boolean> = { Prompt: prompt.join('\n'), 'Negative prompt': negative.join('\n') }
  for (const [k, v] of pairs) {
    const size = /^(\d+)x(\d+)$/.exec(v)
    if (size) {
      out[`${k}-1`] = size[1]!
      out[`${k}-2`] = size[2]!
    } else out[k] = v
  }
  for (const [k, v] of Object.entries(PNGINFO_DEFAULTS)) if (!(k in out)) out[k] = v
  return out
}

/** `<lora:name:w>` tags in a prompt, in order, without duplicates. */
export function loraNames(prompt: string): string[] {
  const names: string[] = []
  for (const m of prompt.matchAll(/<lora:([^:>]+)(?::[^>]*)?>/g)) if (!names.includes(m[1]!)) names.push(m[1]!)
  return names
}

/** Ordinal suffix ADetailer puts on the keys of its later tabs. */
export function ordinalSuffix(n: number): string {
  if (n === 0) return ''
  const k = n + 1
  const end = k % 100 >= 11 && k % 100 <= 13 ? 'th' : ({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[k % 10] ?? 'th'
  return ` ${k}${end}`
}
