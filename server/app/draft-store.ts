/**
 * The job draft's file: `<data>/job-draft.json`, pretty JSON written atomically (temp + rename),
 * one writer at a time. A file that does not parse is never overwritten: every call fails with
 * a 409 naming the file until the person fixes or deletes it (DESIGN: never lose stored data).
 */
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { JobDraft } from '../../engine/api/draft.ts'
import { formatZodIssues } from '../../engine/util/zod-issues.ts'
import { writeJsonAtomic } from '../data/atomic.ts'
import { ApiError } from './problems.ts'

export const DRAFT_FILE = 'job-draft.json'

export interface DraftStore {
  read(): Promise<JobDraft>
  /** Reads, changes and writes under one lock; `change` may throw to leave the file as it was. */
  update<T>(change: (draft: JobDraft) => Promise<{ draft: JobDraft; result: T }>): Promise<T>
}

export function createDraftStore(root: string): DraftStore {
  const file = join(root, DRAFT_FILE)
  let tail: Promise<unknown> = Promise.resolve()
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = tail.then(fn, fn)
    tail = next.catch(() => undefined)
    return next
  }
  const read = async (): Promise<JobDraft> => {
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: [] }
      throw e
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch (e) {
      throw broken([{ path: DRAFT_FILE, message: `invalid JSON: ${(e as Error).message}` }])
    }
    const parsed = JobDraft.safeParse(json)
    if (!parsed.success) throw broken(formatZodIssues(parsed.error.issues).map((p) => ({ path: `${DRAFT_FILE}:${p.path}`, message: p.message })))
    return parsed.data
  }
  return {
    read: () => serial(read),
    update: (change) => serial(async () => {
      const { draft, result } = await change(await read())
      await writeJsonAtomic(file, draft)
      return result
    }),
  }
}

function broken(problems: { path: string; message: string }[]): ApiError {
  return new ApiError(409, `the job draft cannot be read: ${DRAFT_FILE} has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}; fix the file or delete it`, problems)
}
