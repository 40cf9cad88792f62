/**
 * The two A1111 extra-network tags a pack line may hold: `<embedding:X>` (optionally weighted as
 * `(<embedding:X>:0.8)`) and `<lora:NAME>` / `<lora:NAME:W>`. Scanned by hand, not by one big
 * regex, so a huge or hostile line costs linear time and every malformed tag gets its own message.
 */

export type EmbeddingTag = { kind: 'embedding'; name: string; weight: number; start: number; end: number }
export type LoraTag = { kind: 'lora'; name: string; weight: number; start: number; end: number }
export type Tag = EmbeddingTag | LoraTag

export type TagScan = {
  tags: Tag[]
  /** The line with every well-formed tag cut out. */
  rest: string
  problems: string[]
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/
/** Beyond ±10 a weight is a typo (0.65 written 65); A1111 would happily burn the image. */
export const MAX_ABS_WEIGHT = 10

export function parseWeight(text: string): number | undefined {
  const t = text.trim()
  if (!NUMBER.test(t)) return undefined
  const n = Number(t)
  return Number.isFinite(n) ? n : undefined
}

export function scanTags(line: string): TagScan {
  const lower = line.toLowerCase()
  const tags: Tag[] = []
  const problems: string[] = []
  let from = 0
  // Each search result is reused until the scan passes it, so a line of thousands of tags (or
  // of unclosed ones) is scanned a constant number of times, not once per tag.
  let emb = -2
  let lora = -2
  let close = -2
  while (from < line.length) {
    if (emb !== -1 && emb < from) emb = lower.indexOf('<embedding:', from)
    if (lora !== -1 && lora < from) lora = lower.indexOf('<lora:', from)
    if (emb < 0 && lora < 0) break
    const isEmb = emb >= 0 && (lora < 0 || emb < lora)
    const start = isEmb ? emb : lora
    const kindText = isEmb ? '<embedding:' : '<lora:'
    const bodyStart = start + kindText.length
    if (close !== -1 && close < bodyStart) close = line.indexOf('>', bodyStart)
    if (close < 0) {
      // No ">" anywhere after this point: no later tag can be closed either.
      problems.push(`"${kindText}" without a closing ">"`)
      break
    }
    const nextOpen = line.indexOf('<', bodyStart)
    if (nextOpen >= 0 && nextOpen < close) {
      problems.push(`"${kindText}" without a closing ">"`)
      from = nextOpen
      continue
    }
    const body = line.slice(bodyStart, close)
    const tag = isEmb ? embeddingTag(line, start, close, body, problems) : loraTag(start, close, body, problems)
    if (tag) tags.push(tag)
    from = tag ? tag.end : close + 1
  }
  let rest = ''
  let at = 0
  for (const tag of tags) {
    rest += line.slice(at, tag.start) + ' '
    at = tag.end
  }
  return { tags, rest: rest + line.slice(at), problems }
}

function embeddingTag(line: string, start: number, close: number, body: string, problems: string[]): EmbeddingTag | undefined {
  const name = body.trim()
  if (name === '') {
    problems.push('"<embedding:" without a name')
    return undefined
  }
  // The weighted form wraps the tag: "(" <embedding:X> ":" weight ")".
  let open = start - 1
  while (open >= 0 && /\s/.test(line[open] as string)) open--
  const after = /^\s*:([^()<>]{0,40})\)/.exec(line.slice(close + 1, close + 48))
  if (line[open] === '(' && after) {
    const weight = parseWeight(after[1] ?? '')
    if (weight === undefined || Math.abs(weight) > MAX_ABS_WEIGHT) {
      problems.push(`bad embedding weight "${(after[1] ?? '').trim()}" for ${name} (a number from -${MAX_ABS_WEIGHT} to ${MAX_ABS_WEIGHT})`)
      return undefined
    }
    return { kind: 'embedding', name, weight, start: open, end: close + 1 + after[0].length }
  }
  return { kind: 'embedding', name, weight: 1, start, end: close + 1 }
}

function loraTag(start: number, close: number, body: string, problems: string[]): LoraTag | undefined {
  const colon = body.indexOf(':')
  const name = (colon < 0 ? body : body.slice(0, colon)).trim()
  if (name === '') {
    problems.push('"<lora:" without a name')
    return undefined
  }
  if (colon < 0) return { kind: 'lora', name, weight: 1, start, end: close + 1 }
  const text = body.slice(colon + 1)
  const weight = parseWeight(text)
  if (weight === undefined) {
    problems.push(`bad LoRA weight "${text.trim()}" in <lora:${name}:…> (must be a number)`)
    return undefined
  }
  if (Math.abs(weight) > MAX_ABS_WEIGHT) {
    problems.push(`LoRA weight ${weight} for ${name} is out of range (-${MAX_ABS_WEIGHT} to ${MAX_ABS_WEIGHT})`)
    return undefined
  }
  return { kind: 'lora', name, weight, start, end: close + 1 }
}

/** How an embedding goes into a prompt: the bare name A1111 looks up, weighted if not 1. */
export function embeddingText(name: string, weight = 1): string {
  return weight === 1 ? name : `(${name}:${weight})`
}
