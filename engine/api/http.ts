/**
 * Response bodies of the library, resource and learning endpoints (docs/api.md) that have no
 * schema elsewhere in engine/. Pure zod, shared by the server (what it must send) and the
 * editor (what it parses: a client trusts nothing it did not validate).
 *
 * Objects are `z.object` (extra keys dropped, not refused) so that a newer server adding a field
 * does not break an older editor tab that is still open.
 */
import { z } from 'zod'
import { Graph, Id } from '../graph/schema.ts'
import { Preset } from '../library/preset.ts'
import { Pack } from '../packs/schema.ts'
import { ArtifactRef, BackendStatus, QueueJobSummary } from './events.ts'
import { CheckpointInfo, PromptStyle } from '../resources/catalog.ts'

/** Every 4xx/5xx body. */
export const ApiProblem = z.object({ path: z.string(), message: z.string() })
export type ApiProblem = z.infer<typeof ApiProblem>
export const ApiErrorBody = z.object({ error: z.string(), problems: z.array(ApiProblem).default([]) })
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

/** GET /api/library/context: what the editor needs to compile in the browser. */
export const LibraryContextResponse = z.object({
  packs: z.record(z.string(), Pack),
  presets: z.record(z.string(), Preset),
  defaultPresetId: z.string().nullable(),
  wildcardFiles: z.record(z.string(), z.string()),
  globalNegative: z.string(),
})
export type LibraryContextResponse = z.infer<typeof LibraryContextResponse>

const names = z.array(z.string()).default([])

const aliases = z.record(z.string(), z.array(z.string())).default({})

/**
 * GET /api/resources and POST /api/resources/refresh: merged lists of every backend, plus what the
 * compiler resolves names with (engine/resources/catalog.ts): it is passed to compile() as is.
 */
export const ResourcesResponse = z.object({
  models: names,
  vaes: names,
  samplers: names,
  schedulers: names,
  upscalers: names,
  adetailerModels: names,
  loras: names,
  embeddings: names,
  latentUpscaleModes: names,
  /** sd-webui-controlnet's preprocessors and models (absent from answers stored before they existed). */
  controlnetModules: z.array(z.string()).optional(),
  controlnetModels: z.array(z.string()).optional(),
  /** Prompt styles (names and texts); optional so an older server's answer still parses. */
  styles: z.array(z.string()).optional(),
  promptStyles: z.array(PromptStyle).optional(),
  checkpoints: z.array(CheckpointInfo).default([]),
  samplerAliases: aliases,
  schedulerAliases: aliases,
  /** What an unset model becomes: the checkpoint loaded on the first WebUI that is up (null: unknown). */
  loadedModel: z.string().nullable().default(null),
  /** Every WebUI's flavour, only when all are known (a Forge-only setting needs a Forge WebUI). */
  flavors: z.array(z.enum(['a1111', 'forge'])).optional(),
  /** Lists no WebUI gave (names in them are not checked). */
  unavailable: z.array(z.string()).default([]),
})
export type ResourcesResponse = z.infer<typeof ResourcesResponse>

export const FavouriteEntry = z.object({ value: z.union([z.string(), z.number()]), score: z.number(), count: z.int() })
export type FavouriteEntry = z.infer<typeof FavouriteEntry>
const favourites = z.array(FavouriteEntry).default([])

/** GET /api/learning/favourites: values ranked by rated outcomes, best first. */
export const FavouritesResponse = z.object({
  models: favourites,
  samplers: favourites,
  schedulers: favourites,
  cfg: favourites,
  steps: favourites,
})
export type FavouritesResponse = z.infer<typeof FavouritesResponse>

/** `GET /api/learning/last-config`: the effective stage configs of the latest finished jobs, by kind. */
export const LastConfigResponse = z.object({
  configs: z.record(z.string(), z.record(z.string(), z.unknown())),
})
export type LastConfigResponse = z.infer<typeof LastConfigResponse>

export const GraphListEntry = z.object({
  id: Id,
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  updatedAt: z.string(),
  versions: z.int(),
})
export type GraphListEntry = z.infer<typeof GraphListEntry>

/** GET /api/graphs */
export const GraphListResponse = z.object({ graphs: z.array(GraphListEntry) })
export type GraphListResponse = z.infer<typeof GraphListResponse>

/** PUT /api/graphs/:id and POST …/restore */
/** `version`: the number the replaced content is kept under; null when nothing was replaced (first save, identical content). */
export const GraphSaveResponse = z.object({ graph: Graph, version: z.int().min(1).nullable() })
export type GraphSaveResponse = z.infer<typeof GraphSaveResponse>

/** GET /api/health */
export const HealthResponse = z.object({
  ok: z.literal(true),
  version: z.string(),
  simulated: z.boolean(),
  backends: z.array(BackendStatus),
  dataDir: z.string(),
})
export type HealthResponse = z.infer<typeof HealthResponse>

// #region runs, queue, history, outputs (docs/api.md "Compile and run", "Queue and history", "Outputs")

/** POST /api/runs (201) */
export const RunCreatedResponse = z.object({
  runId: z.string(),
  jobIds: z.array(z.string()),
  totals: z.object({ jobs: z.int(), webuiCalls: z.int(), images: z.int(), videos: z.int() }),
})
export type RunCreatedResponse = z.infer<typeof RunCreatedResponse>

/** A run's video stage: waiting for its frames, encoding, done, or failed (with why). */
export const VideoStatus = z.object({
  stageId: z.string(),
  state: z.enum(['waiting', 'encoding', 'done', 'failed']),
  error: z.string().nullable(),
  attempts: z.int(),
})
export type VideoStatus = z.infer<typeof VideoStatus>

/**
 * GET /api/runs/:runId. The graph snapshot is left unknown here: the editor runs it through the
 * engine's migrations (parseGraph), so a run recorded by an older version still re-opens.
 */
export const RunDetailResponse = z.object({
  run: z.object({
    runId: z.string(),
    graphId: z.string(),
    createdAt: z.string(),
    run: z.object({ graph: z.unknown() }),
  }),
  jobs: z.array(QueueJobSummary),
  artifacts: z.array(ArtifactRef),
  /** The run's video stages as work items (absent from servers before videos were tracked). */
  videos: z.array(VideoStatus).optional(),
})
export type RunDetailResponse = z.infer<typeof RunDetailResponse>

/** POST /api/runs/:runId/videos/:stageId/retry (202). */
export const VideoRetryResponse = z.object({ video: VideoStatus })

const rating = z.int().min(0).max(5).nullable()

/** GET /api/nodes/:graphId/:stageId/latest */
export const RatedArtifact = ArtifactRef.extend({ rating })
export type RatedArtifact = z.infer<typeof RatedArtifact>
/** A node's latest outputs: images, or the videos a video node made. */
export const NodeOutput = RatedArtifact.extend({ kind: z.enum(['image', 'video']).default('image') })
export type NodeOutput = z.infer<typeof NodeOutput>
export const NodeOutputsResponse = z.object({ artifacts: z.array(NodeOutput) })
export type NodeOutputsResponse = z.infer<typeof NodeOutputsResponse>

/** GET /api/artifacts/:id/meta: the image's A1111 infotext and its rating. */
export const ArtifactMetaResponse = z.object({
  artifact: z.object({
    artifactId: z.string(), jobId: z.string(), stageId: z.string(), index: z.int(), width: z.int(), height: z.int(),
    kind: z.string(), runId: z.string(), createdAt: z.string(),
  }),
  parameters: z.string().nullable(),
  jobId: z.string(),
  rating: rating.optional(),
})
export type ArtifactMetaResponse = z.infer<typeof ArtifactMetaResponse>

/** GET /api/history */
export const HistoryEntry = QueueJobSummary.extend({
  rating,
  /** Each image with its own rating (optional: servers before it was added sent none). */
  thumbnails: z.array(ArtifactRef.extend({ rating: rating.optional() })),
})
export type HistoryEntry = z.infer<typeof HistoryEntry>
export const HistoryResponse = z.object({ jobs: z.array(HistoryEntry), total: z.int() })
export type HistoryResponse = z.infer<typeof HistoryResponse>

/** PUT /api/ratings */
export const RatingResponse = z.object({ rating: z.object({ targetKind: z.enum(['job', 'image']), targetId: z.string(), rating: z.int() }) })

// #endregion
