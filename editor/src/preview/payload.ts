/**
 * The exact WebUI request of one stage of one job, as the server will send it, built with the
 * engine's `buildStageRequest`. Stages after the first need the previous stage's image, which does
 * not exist before the run: the preview passes a clearly named placeholder of the size that stage
 * will receive, and says so.
 */
import type { JobSpec, StagePlan } from '../../../engine/compile/spec.ts'
import type { AdetailerConfig, Img2ImgConfig, Txt2ImgConfig, UpscaleConfig } from '../../../engine/config/stages.ts'
import { stageRequest } from '../../../engine/compile/stage-request.ts'
import { stageMaskId } from '../../../engine/compile/masks.ts'
import { enabledUnits, roundTo8, upscaleOutputSize, type StageImage, type WebuiRequest } from '../../../engine/payloads/index.ts'
import { stageIdOf, uploadIdOf, type ControlNetUnit } from '../../../engine/config/controlnet.ts'

export interface Size { width: number; height: number }

/** The size of the image a stage produces, given the size it receives (null for a root without a known input). */
export function outputSize(stage: StagePlan, input: Size | null): Size | null {
  const v = stage.config.values as Record<string, unknown>
  switch (stage.kind) {
    case 'txt2img': {
      const c = v as unknown as Txt2ImgConfig
      if (!c.hires.enabled) return { width: c.width, height: c.height }
      if (c.hires.resize_x > 0 && c.hires.resize_y > 0) return { width: c.hires.resize_x, height: c.hires.resize_y }
      // One side set: A1111 keeps the first pass's aspect for the other (integer division).
      if (c.hires.resize_x > 0) return { width: c.hires.resize_x, height: Math.trunc((c.hires.resize_x * c.height) / c.width) }
      if (c.hires.resize_y > 0) return { width: Math.trunc((c.hires.resize_y * c.width) / c.height), height: c.hires.resize_y }
      return { width: roundTo8(c.width * c.hires.scale), height: roundTo8(c.height * c.hires.scale) }
    }
    case 'img2img': {
      const c = v as unknown as Img2ImgConfig
      if (c.width > 0 && c.height > 0) return { width: c.width, height: c.height }
      return input
    }
    case 'adetailer': return input
    // What the WebUI returns for each mode (extras target size and crop, SD upscale's multiple of 8).
    case 'upscale': return input && upscaleOutputSize(v as unknown as UpscaleConfig, input)
  }
}

/** The image size each stage of the plan receives (null for the root, or when unknowable). */
export function inputSizes(stages: readonly StagePlan[]): Map<string, Size | null> {
  const produced = new Map<string, Size | null>()
  const received = new Map<string, Size | null>()
  for (const s of stages) {
    const input = s.inputFrom ? produced.get(s.inputFrom) ?? null : null
    received.set(s.stageId, input)
    produced.set(s.stageId, outputSize(s, input))
  }
  return received
}

export type PayloadPreview =
  | { ok: true; request: WebuiRequest; placeholder: (Size & { from: string }) | null }
  | { ok: false; message: string }

/** The request of `stage` for the `index`-th image it receives (each image has its own seed). */
export function stagePayload(job: JobSpec, stage: StagePlan, index = 0): PayloadPreview {
  const sizes = inputSizes(job.plan.stages)
  const size = sizes.get(stage.stageId) ?? null
  const needsImage = stage.kind !== 'txt2img'
  const from = stage.inputFrom ? job.plan.stages.find((s) => s.stageId === stage.inputFrom)?.label ?? stage.inputFrom : stage.sourceImage ?? 'source image'
  const placeholderSize = size ?? { width: 512, height: 512 }
  const image = needsImage
    ? { base64: `<placeholder: ${placeholderSize.width}×${placeholderSize.height} PNG from “${from}”>`, ...placeholderSize }
    : undefined
  // The server puts the stored mask's bytes here when it sends the request (server/exec/masks.ts).
  const maskId = stageMaskId(stage)
  const mask = maskId === null ? undefined : `<mask ${maskId}: PNG from the data folder, at ${placeholderSize.width}×${placeholderSize.height}>`
  try {
    const request = stageRequest(job, stage, index, image, mask, controlPlaceholders(stage, job.plan.stages))
    return { ok: true, request, placeholder: image ? { ...placeholderSize, from } : null }
  } catch (e) {
    return { ok: false, message: (e as Error).message }
  }
}

/**
 * ControlNet images exist only at run time (uploads are attached, earlier outputs made): the
 * preview names each one in its place, like the input image's placeholder.
 */
function controlPlaceholders(stage: StagePlan, stages: readonly StagePlan[]): Record<string, StageImage> {
  const out: Record<string, StageImage> = {}
  for (const { unit } of enabledUnits((stage.config.values as { controlnet?: ControlNetUnit[] }).controlnet)) {
    const upload = uploadIdOf(unit.image)
    const from = stageIdOf(unit.image)
    if (upload !== null) out[unit.image] = { base64: `<uploaded image ${upload}>`, width: 0, height: 0 }
    if (from !== null) {
      const label = stages.find((s) => s.stageId === from)?.label ?? from
      out[unit.image] = { base64: `<placeholder: PNG from “${label}”>`, width: 0, height: 0 }
    }
  }
  return out
}

export type { AdetailerConfig }
