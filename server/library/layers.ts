/**
 * Merging one config layer over another, field by field, the way the engine's config merge treats
 * layers (engine/config/merge.ts): nested blocks (hires, refiner) merge field by field, ADetailer
 * passes merge by index, anything else is replaced. The engine merges over full defaults to get an
 * effective config; "apply a preset to a pack" needs the layer ⊕ layer form, which is this.
 */
import { ConfigLayer } from '../../engine/config/stages.ts'
import { isPlainObject } from './files.ts'

type Plain = Record<string, unknown>

function mergeObjects(base: Plain, over: Plain): Plain {
  const out: Plain = { ...base }
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue
    const current = out[key]
    if (key === 'passes' && Array.isArray(value) && Array.isArray(current)) {
      const passes = [...current]
      value.forEach((pass, i) => {
        const had = passes[i]
        passes[i] = isPlainObject(had) && isPlainObject(pass) ? mergeObjects(had, pass) : pass
      })
      out[key] = passes
    } else if (isPlainObject(value) && isPlainObject(current)) out[key] = mergeObjects(current, value)
    else out[key] = value
  }
  return out
}

/** `over` wins field by field; the result is checked with ConfigLayer (both inputs already were). */
export function mergeConfigLayers(base: ConfigLayer, over: ConfigLayer): ConfigLayer {
  return ConfigLayer.parse(mergeObjects(base as Plain, over as Plain))
}
