/** POST /sdapi/v1/txt2img and /sdapi/v1/img2img. */
import { img2imgSchema, txt2imgSchema } from '../schemas.ts'
import { validateBody } from '../validate.ts'
import { prepare, run, type GenKind } from '../generate.ts'
import { parseInfotext } from '../infotext.ts'
import type { Route, RouteCtx } from '../server.ts'
import type { SimConfig } from '../state.ts'

/** 1.8+: the `infotext` field fills the fields the request left unset. */
function fillFromInfotext(body: Record<string, unknown>): Record<string, unknown> {
  if (typeof body.infotext !== 'string' || !body.infotext) return body
  const p = parseInfotext(body.infotext)
  const map: [string, string][] = [
    ['prompt', 'Prompt'], ['negative_prompt', 'Negative prompt'], ['steps', 'Steps'], ['sampler_name', 'Sampler'],
    ['scheduler', 'Schedule type'], ['cfg_scale', 'CFG scale'], ['seed', 'Seed'], ['width', 'Size-1'], ['height', 'Size-2'],
    ['denoising_strength', 'Denoising strength'],
  ]
  const out = { ...body }
  for (const [field, key] of map) if (!(field in out) && key in p && p[key] !== '') out[field] = p[key]
  return out
}

async function generate(kind: GenKind, config: SimConfig, ctx: RouteCtx): Promise<unknown> {
  const raw = await ctx.json()
  const schema = kind === 'txt2img' ? txt2imgSchema(config.flavor) : img2imgSchema(config.flavor)
  const body = raw !== null && typeof raw === 'object' && !Array.isArray(raw) ? fillFromInfotext(raw as Record<string, unknown>) : raw
  const { values, echo } = validateBody(body, schema, config.flavor)
  const provided = new Set(Object.keys(body as object))
  const prepared = await prepare({ kind, values, echo, provided }, ctx.state)
  const result = await ctx.state.locked(() => run(prepared, ctx.state))
  if (kind === 'img2img' && values.include_init_images !== true) Object.assign(echo, { init_images: null, mask: null })
  const response: Record<string, unknown> = { images: result.images, parameters: echo, info: result.info }
  if (config.flavor === 'forge') response.extra_images = []
  return response
}

export function generationRoutes(config: SimConfig): Route[] {
  return [
    { method: 'POST', path: '/sdapi/v1/txt2img', auth: true, handle: (ctx) => generate('txt2img', config, ctx) },
    { method: 'POST', path: '/sdapi/v1/img2img', auth: true, handle: (ctx) => generate('img2img', config, ctx) },
  ]
}
