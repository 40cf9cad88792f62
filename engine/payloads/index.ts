/**
 * WebUI request builders and ffmpeg arguments: pure functions from resolved stage configs to the
 * exact requests the server sends and the job preview shows (preview = queue = executor).
 */
import type {
  AdetailerConfig, Img2ImgConfig, Txt2ImgConfig, UpscaleConfig,
} from '../config/stages.ts'
import { buildAdetailerRequest } from './adetailer.ts'
import type { StageRequestContext } from './common.ts'
import { buildImg2ImgRequest } from './img2img.ts'
import type { WebuiRequest } from './schemas.ts'
import { buildTxt2ImgRequest } from './txt2img.ts'
import { buildUpscaleRequest } from './upscale.ts'

export * from './a1111-fields.ts'
export * from './adetailer.ts'
export * from './common.ts'
export * from './controlnet.ts'
export * from './generation-extras.ts'
export * from './img2img.ts'
export * from './inpaint.ts'
export * from './schemas.ts'
export * from './txt2img.ts'
export * from './upscale.ts'
export * from './upscale-geometry.ts'
export * from './video.ts'

/** A stage that talks to the WebUI, with its resolved config (video runs ffmpeg instead). */
export type WebuiStage =
  | { kind: 'txt2img'; config: Txt2ImgConfig }
  | { kind: 'img2img'; config: Img2ImgConfig }
  | { kind: 'adetailer'; config: AdetailerConfig }
  | { kind: 'upscale'; config: UpscaleConfig }

export type WebuiStageKind = WebuiStage['kind']

export function buildStageRequest(stage: WebuiStage, ctx: StageRequestContext): WebuiRequest {
  switch (stage.kind) {
    case 'txt2img': return buildTxt2ImgRequest(stage.config, ctx)
    case 'img2img': return buildImg2ImgRequest(stage.config, ctx)
    case 'adetailer': return buildAdetailerRequest(stage.config, ctx)
    case 'upscale': return buildUpscaleRequest(stage.config, ctx)
  }
}
