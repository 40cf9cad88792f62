/**
 * Uploaded images (docs/api.md "Uploads"): PNGs a person gives a graph, stored in the data folder
 * and referenced by id (a ControlNet unit's `upload:<id>`). The id is derived from the bytes, so
 * the same file uploaded twice is one upload and an id always means the same image.
 */
import { z } from 'zod'

export const UploadId = z.string().regex(/^up-[0-9a-f]{16}$/, 'must be an upload id (up- and 16 hex digits)')
export const UploadIdParam = z.strictObject({ id: UploadId })

export const UploadInfo = z.object({
  id: UploadId,
  width: z.int(),
  height: z.int(),
  bytes: z.int(),
})
export type UploadInfo = z.infer<typeof UploadInfo>

export const UploadListResponse = z.object({ uploads: z.array(UploadInfo) })
export type UploadListResponse = z.infer<typeof UploadListResponse>

/** The largest upload accepted (a 4096² PNG fits; the request body limit is the other bound). */
export const MAX_UPLOAD_BYTES = 6 * 1024 * 1024
