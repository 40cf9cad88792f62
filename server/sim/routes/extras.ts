/** Extras (postprocessing upscale / face restore) and png-info. */
import { setTimeout as sleep } from 'node:timers/promises'
import { HttpError, PyError, ValidationError } from '../errors.ts'
import { decodeInputImage, pngBase64, type InputImage } from '../images.ts'
import { parseInfotext } from '../infotext.ts'
import { extraBatchSchema, extraSingleSchema, pngInfoSchema } from '../schemas.ts'
import { validateBody } from '../validate.ts'
import { readTextChunks } from '../../png/chunks.ts'
import { renderPixels, type RawImage } from '../../png/synth.ts'
import type { Route } from '../server.ts'
import type { SimConfig, SimState } from '../state.ts'

const num = (v: unknown, d = 0): number => (typeof v === 'number' ? v : d)

interface ExtrasPlan { parts: string[]; size: (img: RawImage) => [number, number] | null }

/** `Upscaler.upscale`: factor × side, floored to a multiple of 8. */
const enlarge = (img: RawImage, by: number): [number, number] =>
  [Math.floor((img.width * by) / 8) * 8, Math.floor((img.height * by) / 8) * 8]

/**
 * What the postprocessing scripts will do, and the html_info text they report. As in A1111 1.10,
 * `upscale_first` is accepted and ignored: the upscale script always runs before face
 * restoration (its default "Postprocessing operation order").
 */
function planExtras(v: Record<string, unknown>, isUpscaler: (name: string) => boolean): ExtrasPlan {
  const parts: string[] = []
  const up1 = String(v.upscaler_1 ?? 'None')
  const up2 = String(v.upscaler_2 ?? 'None')
  let size: ExtrasPlan['size'] = () => null
  if (up1 !== 'None') {
    // Both names are looked up once upscaler 1 runs, whatever upscaler 2's visibility.
    for (const name of [up1, up2]) {
      if (name !== 'None' && !isUpscaler(name)) throw new PyError('AssertionError', `could not find upscaler named ${name}`)
    }
    if (num(v.resize_mode) === 1) {
      const w = num(v.upscaling_resize_w, 512)
      const h = num(v.upscaling_resize_h, 512)
      parts.push(`Postprocess upscale to: ${w}x${h}`)
      const crop = v.upscaling_crop !== false
      if (crop) parts.push(`Postprocess crop to: ${w}x${h}`)
      // Scaled to cover w × h; the crop then centres it on exactly w × h.
      size = (img) => (crop ? [w, h] : enlarge(img, Math.max(w / img.width, h / img.height)))
    } else {
      const by = num(v.upscaling_resize, 2)
      parts.push(`Postprocess upscale by: ${by}`)
      size = (img) => enlarge(img, by)
    }
    parts.push(`Postprocess upscaler: ${up1}`)
    if (up2 !== 'None' && num(v.extras_upscaler_2_visibility) > 0) parts.push(`Postprocess upscaler 2: ${up2}`)
  }
  if (num(v.gfpgan_visibility) > 0) parts.push(`GFPGAN visibility: ${v.gfpgan_visibility}`)
  if (num(v.codeformer_visibility) > 0) parts.push(`CodeFormer visibility: ${v.codeformer_visibility}`, `CodeFormer weight: ${v.codeformer_weight}`)
  return { parts, size }
}

async function postprocess(state: SimState, plan: ExtrasPlan, inputs: InputImage[]): Promise<string[]> {
  return state.locked(async () => {
    state.begin('extras', 1)
    try {
      const out: string[] = []
      for (const img of inputs) {
        const target = plan.size(img)
        // Upscaling costs about as much as a few sampling steps per megapixel.
        if (plan.parts.length) await sleep(state.config.stepMs * 4 * Math.max(1, ((target?.[0] ?? img.width) * (target?.[1] ?? img.height)) / 262144))
        const result = target ? renderPixels({ width: target[0], height: target[1], seed: 0, prompt: '', stage: 'upscale', source: img }) : img
        const text: Record<string, string> = { ...img.text }
        if (plan.parts.length) text.postprocessing = plan.parts.join(', ')
        out.push(pngBase64(result, text))
      }
      return out
    } finally {
      state.end()
    }
  })
}

const html = (parts: string[]): string => `<p>${parts.join(', ')}</p>`

export function extrasRoutes(config: SimConfig): Route[] {
  return [
    {
      method: 'POST', path: '/sdapi/v1/extra-single-image', auth: true,
      handle: async ({ state, json }) => {
        const { values } = validateBody(await json(), extraSingleSchema(config.flavor), config.flavor)
        const plan = planExtras(values, (n) => state.catalog.isUpscaler(n))
        const image = await decodeInputImage(values.image, state)
        const [b64] = await postprocess(state, plan, [image])
        return { html_info: html(plan.parts), image: b64 }
      },
    },
    {
      method: 'POST', path: '/sdapi/v1/extra-batch-images', auth: true,
      handle: async ({ state, json }) => {
        const { values } = validateBody(await json(), extraBatchSchema(config.flavor), config.flavor)
        const list = values.imageList as unknown[]
        const errors = list.flatMap((item, i) => {
          if (item === null || typeof item !== 'object') return [{ loc: ['body', 'imageList', i], msg: 'value is not a valid dict', type: 'type_error.dict' }]
          return ['data', 'name'].filter((k) => typeof (item as Record<string, unknown>)[k] !== 'string')
            .map((k) => ({ loc: ['body', 'imageList', i, k], msg: 'field required', type: 'value_error.missing' }))
        })
        if (errors.length) throw new ValidationError(errors)
        const plan = planExtras(values, (n) => state.catalog.isUpscaler(n))
        const images: InputImage[] = []
        for (const item of list) images.push(await decodeInputImage((item as { data: string }).data, state))
        return { html_info: html(plan.parts), images: await postprocess(state, plan, images) }
      },
    },
    {
      method: 'POST', path: '/sdapi/v1/png-info', auth: true,
      handle: async ({ json }) => {
        const { values } = validateBody(await json(), pngInfoSchema, config.flavor)
        const b64 = String(values.image ?? '').trim()
        if (!b64) return { info: '', items: {}, parameters: {} }
        const bytes = Buffer.from(b64.startsWith('data:') ? b64.slice(b64.indexOf(',') + 1) : b64, 'base64')
        const text = readTextChunks(bytes)
        if (!text.ok) throw new HttpError(500, 'Invalid encoded image')
        const { parameters, ...items } = text.value
        return { info: parameters ?? '', items, parameters: parameters ? parseInfotext(parameters) : {} }
      },
    },
  ]
}
