/** Inpaint masks (docs/api.md "Inpaint masks"): upload a PNG, read its facts, its URL. */
import { z } from 'zod'
import { MaskInfo } from '../../../engine/api/masks.ts'
import { request } from './client.ts'

const MaskAnswer = z.object({ mask: MaskInfo })
const enc = encodeURIComponent

/** Stores a mask (base64 PNG); the same bytes give the same id. */
export const uploadMask = (base64Png: string) => request(MaskAnswer, '/masks', { method: 'POST', body: { image: base64Png } })
export const getMaskInfo = (id: string, signal?: AbortSignal) => request(MaskAnswer, `/masks/${enc(id)}/info`, { signal })
export const maskUrl = (id: string) => `/api/masks/${enc(id)}`
