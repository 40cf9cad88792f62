/** Every config field a randomizer can sweep (`txt2img.cfg_scale`, `txt2img.hires.scale`…), from the stage layer schemas. */
import { z } from 'zod'
import { STAGE_LAYERS } from '../../../engine/config/stages.ts'

interface JsonSchema { type?: string; properties?: Record<string, JsonSchema>; anyOf?: unknown[] }

let paths: string[] | undefined

export function sweepablePaths(): string[] {
  if (paths) return paths
  const out: string[] = []
  const walk = (prefix: string, s: JsonSchema) => {
    for (const [k, v] of Object.entries(s.properties ?? {})) {
      if (v.type === 'object') walk(`${prefix}${k}.`, v)
      else if (v.type !== 'array') out.push(prefix + k)
    }
  }
  for (const kind of ['txt2img', 'img2img', 'adetailer', 'upscale'] as const) {
    walk(`${kind}.`, z.toJSONSchema(STAGE_LAYERS[kind], { io: 'input', unrepresentable: 'any' }) as JsonSchema)
  }
  return (paths = out)
}
