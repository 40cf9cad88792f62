/**
 * Uploaded images (docs/api.md "Uploads"). The body is the PNG itself, not JSON, so these calls
 * do not go through `request`; answers are still parsed with the engine's schemas. Any image the
 * browser can decode is converted to PNG first: what is stored is exactly what the WebUI gets.
 */
import { UploadInfo, UploadListResponse } from '../../../engine/api/uploads.ts'
import { ApiErrorBody } from '../../../engine/api/http.ts'
import { ApiError, formatApiError, request } from './client.ts'
import { z } from 'zod'

export const listUploads = (signal?: AbortSignal) => request(UploadListResponse, '/uploads', { signal })

/** The URL of an upload's image (for a thumbnail). */
export const uploadUrl = (id: string): string => `/api/uploads/${encodeURIComponent(id)}`

async function toPng(file: Blob): Promise<Blob> {
  if (file.type === 'image/png') return file
  const bitmap = await createImageBitmap(file)
  const canvas = document.createElement('canvas')
  canvas.width = bitmap.width
  canvas.height = bitmap.height
  canvas.getContext('2d')!.drawImage(bitmap, 0, 0)
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the image could not be converted to PNG'))), 'image/png'))
}

export async function uploadImage(file: Blob): Promise<UploadInfo> {
  const png = await toPng(file)
  let res: Response
  try {
    res = await fetch('/api/uploads', { method: 'POST', headers: { accept: 'application/json', 'content-type': 'image/png' }, body: png })
  } catch {
    throw new ApiError('The StableNew Flow server is not reachable.', 0, [], true)
  }
  const json: unknown = await res.json().catch(() => undefined)
  if (!res.ok) {
    const body = ApiErrorBody.safeParse(json)
    throw new ApiError(body.success ? formatApiError(body.data.error, body.data.problems) : `The server answered ${res.status} to /uploads.`, res.status, body.success ? body.data.problems : [])
  }
  return z.object({ upload: UploadInfo }).parse(json).upload
}
