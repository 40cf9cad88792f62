/**
 * "Use last run's settings": the fields of the last run's effective config for a stage kind that
 * differ from what this node would run now, as a layer to set on the node. The seed is left out
 * (reusing a seed is a choice, not a setting), and so is everything that steers the node rather
 * than the WebUI (ControlNet units too: their control images name stages and uploads of that
 * run's graph). Nested blocks (hires, refiner) compare field by field; ADetailer passes as a whole.
 */
const NOT_OFFERED = new Set(['seed', 'prompt', 'sourceImage', 'controlnet'])

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)
const isBlock = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * `fields`: the kind's settable fields. A resolved config also holds state the compiler derives
 * (the model state a re-diffusing stage inherits: `model`, `vae`, `clip_skip` on ADetailer and
 * upscale), which is not a node setting and is never offered.
 */
export function lastRunLayer(last: Record<string, unknown>, current: Record<string, unknown>, fields?: ReadonlySet<string>): Record<string, unknown> {
  const layer: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(last)) {
    if (NOT_OFFERED.has(key) || !(key in current) || (fields && !fields.has(key))) continue
    const now = current[key]
    if (isBlock(value) && isBlock(now)) {
      const block: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) if (k in now && !same(v, now[k])) block[k] = v
      if (Object.keys(block).length > 0) layer[key] = block
    } else if (!same(value, now)) {
      layer[key] = value
    }
  }
  return layer
}

/** "steps 28, cfg_scale 6.5, hires.scale 1.5" — what the button would change, for its tooltip. */
export function describeLayer(layer: Record<string, unknown>): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(layer)) {
    if (isBlock(value)) for (const [k, v] of Object.entries(value)) parts.push(`${key}.${k} ${JSON.stringify(v)}`)
    else parts.push(key === 'passes' ? 'ADetailer passes' : `${key} ${JSON.stringify(value)}`)
  }
  return parts.join(', ')
}
