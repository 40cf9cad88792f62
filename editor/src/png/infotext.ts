/**
 * A1111's "infotext" (the `parameters` PNG chunk) → txt2img params. The text is the prompt,
 * then an optional "Negative prompt: …" part, then one line of `Key: value` pairs starting with
 * "Steps:". Values with commas are quoted JSON-style strings (`Lora hashes: "a: 1, b: 2"`).
 * Only fields our txt2img node knows are kept, and each is checked against its schema, so a
 * strange infotext gives fewer fields, never an invalid node.
 */
import { Txt2ImgParams } from '../../../engine/nodes/stages.ts'

export interface Infotext {
  prompt: string
  negativePrompt: string
  /** Every `Key: value` pair of the settings line, as written. */
  settings: Record<string, string>
}

const NEGATIVE = 'Negative prompt:'

/** Splits `Steps: 20, Sampler: Euler a, Lora hashes: "x: 1, y: 2"` into pairs. */
export function parseSettingsLine(line: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /\s*([^:,]+?):\s*("(?:\\.|[^\\"])*"|[^,]*)(?:,|$)/g
  let m: RegExpExecArray | null
  while ((m = re.exec(line)) !== null) {
    if (m[0] === '') break
    let value = m[2]!.trim()
    if (value.startsWith('"')) {
      try { value = JSON.parse(value) as string } catch { value = value.slice(1, -1) }
    }
    out[m[1]!.trim()] = value
  }
  return out
}

export function parseInfotext(text: string): Infotext {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n')
  // The settings line is the last one that starts with "Steps:" (a prompt could contain the word).
  let settingsAt = -1
  for (let i = lines.length - 1; i >= 0; i--) {
    if (/^Steps: *\d/.test(lines[i]!.trim())) { settingsAt = i; break }
  }
  const settings = settingsAt >= 0 ? parseSettingsLine(lines[settingsAt]!) : {}
  const head = settingsAt >= 0 ? lines.slice(0, settingsAt) : lines
  const negAt = head.findIndex((l) => l.startsWith(NEGATIVE))
  const prompt = (negAt >= 0 ? head.slice(0, negAt) : head).join('\n').trim()
  const negativePrompt = negAt >= 0 ? [head[negAt]!.slice(NEGATIVE.length), ...head.slice(negAt + 1)].join('\n').trim() : ''
  return { prompt, negativePrompt, settings }
}

const num = (v: string | undefined): number | undefined => (v === undefined || v.trim() === '' || !Number.isFinite(Number(v)) ? undefined : Number(v))

/** The txt2img node params an infotext describes (only fields that pass the node's schema). */
export function txt2imgParamsFromInfotext(info: Infotext): Record<string, unknown> {
  const s = info.settings
  const [w, h] = (s['Size'] ?? '').split('x').map((x) => num(x))
  const candidate: Record<string, unknown> = {
    prompt: info.prompt || undefined,
    negative_prompt: info.negativePrompt || undefined,
    steps: num(s['Steps']),
    sampler_name: s['Sampler'] || undefined,
    scheduler: s['Schedule type'] || undefined,
    cfg_scale: num(s['CFG scale']),
    seed: num(s['Seed']),
    width: w,
    height: h,
    model: s['Model'] || undefined,
    clip_skip: num(s['Clip skip']),
  }
  const params: Record<string, unknown> = {}
  const shape = Txt2ImgParams.shape as Record<string, { safeParse(v: unknown): { success: boolean } }>
  for (const [key, value] of Object.entries(candidate)) {
    if (value === undefined) continue
    if (shape[key]?.safeParse(value).success) params[key] = value
  }
  return params
}
