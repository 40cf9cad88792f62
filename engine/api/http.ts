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
import { BackendStatus } from './events.ts'

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

/** GET /api/resources and POST /api/resources/refresh: merged lists of every backend. */
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
export const GraphSaveResponse = z.object({ graph: Graph, version: z.int() })
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
