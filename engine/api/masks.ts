/**
 * Inpaint mask endpoints (docs/api.md "Masks"): upload a PNG, list, read one. Pure zod, shared by
 * the server (validation) and the editor (types).
 */
import { z } from 'zod'
import { MaskId } from '../config/inpaint.ts'

/** Largest mask side we take: the largest image side a stage can make (engine/config/stages.ts). */
export const MAX_MASK_SIDE = 4096
/** Raw PNG bytes; its base64 (4/3 larger) still fits the API's 8 MiB body limit. */
export const MAX_MASK_BYTES = 6 * 1024 * 1024

export const MaskUploadRequest = z.strictObject({
  /** The mask as a base64 PNG (bare or a `data:image/png;base64,` URL). White = inpaint. */
  image: z.string().min(1).max(Math.ceil((MAX_MASK_BYTES * 4) / 3) + 64),
})
export type MaskUploadRequest = z.infer<typeof MaskUploadRequest>

export const MaskIdParam = z.strictObject({ id: MaskId })

export const MaskInfo = z.strictObject({
  id: MaskId,
  width: z.int(),
  height: z.int(),
  bytes: z.int(),
  /** Share of the pixels A1111 will inpaint (white, or opaque in an alpha mask), 0..1. */
  coverage: z.number(),
  createdAt: z.string(),
})
export type MaskInfo = z.infer<typeof MaskInfo>
