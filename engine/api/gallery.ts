/**
 * The gallery and pruning API (issue 12 §1, §4; docs/api.md "Gallery" and "Pruning"): queries,
 * request bodies and answers. Pure zod, shared by the server (validation) and the editor (types).
 */
import { z } from 'zod'
import { Id } from '../graph/schema.ts'

const intParam = (min: number, max: number) => z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.int().min(min).max(max))
const isoDate = z.string().max(40).refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date or date-time, e.g. 2026-11-22 or 2026-11-22T10:00:00Z')
  .transform((s) => new Date(s).toISOString())

export const GALLERY_MAX_LIMIT = 500
export const GALLERY_DEFAULT_LIMIT = 100

/**
 * `rating`: "unrated", "3" (exactly 3 stars) or "3+" (3 or more). An image whose rating was
 * cleared (0) counts as unrated.
 */
export const RatingFilter = z.string().regex(/^(unrated|[1-5]\+?)$/, 'must be "unrated", a number 1-5, or a number followed by + ("4+")')

export const GalleryFilterQuery = {
  graphId: Id.optional(),
  runId: Id.optional(),
  packId: Id.optional(),
  model: z.string().min(1).max(400).optional(),
  sampler: z.string().min(1).max(200).optional(),
  rating: RatingFilter.optional(),
  state: z.enum(['queued', 'running', 'succeeded', 'failed', 'cancelled']).optional(),
  /** Images made at or after / before this time. */
  from: isoDate.optional(),
  to: isoDate.optional(),
  /** Text the job's prompt contains (case-insensitive). */
  q: z.string().min(1).max(200).optional(),
}

/** GET /api/gallery/images: one page. Give `cursor` (from the previous page) or `offset`, not both. */
export const GalleryPageQuery = z.strictObject({
  ...GalleryFilterQuery,
  sort: z.enum(['date', 'rating']).optional(),
  cursor: z.string().min(1).max(2000).optional(),
  offset: intParam(0, 10_000_000).optional(),
  limit: intParam(1, GALLERY_MAX_LIMIT).optional(),
}).refine((v) => v.cursor === undefined || v.offset === undefined, { message: 'give either cursor or offset, not both', path: ['cursor'] })
export type GalleryPageQuery = z.infer<typeof GalleryPageQuery>

/** GET /api/gallery/runs: the runs that have matching images, newest first, with their counts. */
export const GalleryRunsQuery = z.strictObject({ ...GalleryFilterQuery })
export type GalleryRunsQuery = z.infer<typeof GalleryRunsQuery>

/** The filters alone (what both routes take). */
export type GalleryFilter = GalleryRunsQuery

export const GalleryImage = z.object({
  artifactId: z.string(),
  jobId: z.string(),
  runId: z.string(),
  stageId: z.string(),
  index: z.int(),
  width: z.int(),
  height: z.int(),
  createdAt: z.string(),
  graphId: z.string().nullable(),
  packId: z.string().nullable(),
  model: z.string().nullable(),
  sampler: z.string().nullable(),
  prompt: z.string().nullable(),
  state: z.string().nullable(),
  /** null = unrated. */
  rating: z.number().nullable(),
})
export type GalleryImage = z.infer<typeof GalleryImage>

export const GalleryPageResponse = z.object({
  images: z.array(GalleryImage),
  /** How many images match the filters in all. */
  total: z.int(),
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: z.string().nullable(),
})
export type GalleryPageResponse = z.infer<typeof GalleryPageResponse>

export const GalleryRun = z.object({
  runId: z.string(),
  createdAt: z.string(),
  graphId: z.string().nullable(),
  /** Matching images of this run. */
  count: z.int(),
})
export type GalleryRun = z.infer<typeof GalleryRun>
export const GalleryRunsResponse = z.object({ runs: z.array(GalleryRun), total: z.int() })
export type GalleryRunsResponse = z.infer<typeof GalleryRunsResponse>

/** GET /api/gallery/images/:id/chain: the images of the same job along the stage chain that led to this one. */
export const StageChainResponse = z.object({
  stages: z.array(z.object({ stageId: z.string(), kind: z.string(), image: GalleryImage.nullable() })),
})
export type StageChainResponse = z.infer<typeof StageChainResponse>

// #region pruning

/** GET /api/storage/usage */
export const UsageResponse = z.object({
  /** Bytes of everything in the data folder's outputs, the database and the learning files. */
  totalBytes: z.number(),
  outputsBytes: z.number(),
  thumbnailsBytes: z.number(),
  databaseBytes: z.number(),
  learningBytes: z.number(),
  runs: z.array(z.object({ runId: z.string(), bytes: z.number(), files: z.int() })),
  stageCache: z.object({ entries: z.int(), bytes: z.number() }),
})
export type UsageResponse = z.infer<typeof UsageResponse>

const dryRun = z.boolean().optional()
/** Also drop the ratings of what is deleted (and their lines in learning/ratings.jsonl). Default: keep. */
const forgetRatings = z.boolean().optional()
/**
 * Also remove the lines of the jobs that are gone from learning/learning_log.jsonl (a whole run's
 * jobs; for images, the jobs left with no image). Default: keep.
 */
const forgetLearning = z.boolean().optional()

export const DeleteImagesRequest = z.strictObject({
  artifactIds: z.array(Id).min(1).max(10_000),
  forgetRatings,
  forgetLearning,
  dryRun,
})
export type DeleteImagesRequest = z.infer<typeof DeleteImagesRequest>

export const DeleteRunRequest = z.strictObject({ forgetRatings, forgetLearning, dryRun })
export type DeleteRunRequest = z.infer<typeof DeleteRunRequest>

/** Deletes the run's images rated below `minRating` (unrated ones too). */
export const KeepRatedRequest = z.strictObject({ minRating: z.int().min(1).max(5), forgetRatings, forgetLearning, dryRun })
export type KeepRatedRequest = z.infer<typeof KeepRatedRequest>

/** Stage-cache entries older than `olderThanDays`, then the oldest until the cached images total ≤ `maxMB`. */
export const PruneCacheRequest = z.strictObject({
  olderThanDays: z.number().min(0).max(36_500).optional(),
  maxMB: z.number().min(0).max(10_000_000).optional(),
  dryRun,
}).refine((v) => v.olderThanDays !== undefined || v.maxMB !== undefined, { message: 'give olderThanDays, maxMB or both', path: ['olderThanDays'] })
export type PruneCacheRequest = z.infer<typeof PruneCacheRequest>

export const DeleteResult = z.object({
  dryRun: z.boolean(),
  /** Images (artifact rows) deleted, or that would be. */
  deleted: z.array(z.string()),
  /** Files removed from disk (a file another image still uses is kept). */
  files: z.int(),
  freedBytes: z.number(),
  /** Images left alone, each with why (its job is queued or running, a video still needs it). */
  skipped: z.array(z.object({ artifactId: z.string(), reason: z.string() })),
  /** With forgetLearning: the jobs whose learning lines were removed and how many lines went (file and waiting ones). */
  forgottenJobs: z.array(z.string()).optional(),
  learningLinesRemoved: z.int().optional(),
})
export type DeleteResult = z.infer<typeof DeleteResult>

export const PruneCacheResult = z.object({ dryRun: z.boolean(), removed: z.int(), remaining: z.int(), remainingBytes: z.number() })
export type PruneCacheResult = z.infer<typeof PruneCacheResult>

// #endregion
