/** Running a saved graph on packs, and the job draft (docs/api.md). */
import { z } from 'zod'
import { JobDraft, DraftEntry, type AddDraftEntryRequest } from '../../../engine/api/draft.ts'
import { PackRunsCreatedResponse, type PackRunRequest } from '../../../engine/api/pack-runs.ts'
import { request } from './client.ts'

const enc = encodeURIComponent

export const submitPackRuns = (body: PackRunRequest) => request(PackRunsCreatedResponse, '/runs', { method: 'POST', body })
export const getDraft = (signal?: AbortSignal) => request(JobDraft, '/draft', { signal })
export const addDraftEntry = (body: AddDraftEntryRequest) => request(z.object({ entry: DraftEntry, draft: JobDraft }), '/draft/entries', { method: 'POST', body })
export const removeDraftEntry = (entryId: string) => request(JobDraft, `/draft/entries/${enc(entryId)}`, { method: 'DELETE' })
export const clearDraft = () => request(JobDraft, '/draft', { method: 'DELETE' })
export const submitDraft = (front: boolean) => request(PackRunsCreatedResponse, '/draft/submit', { method: 'POST', body: { front } })
