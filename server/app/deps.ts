/**
 * What the HTTP app needs from the rest of the server. Routes depend on these interfaces only,
 * so tests can hand in the real store with a simulated WebUI, and main.ts wires the real things.
 */
import type { CompileContext, WebuiResources } from '../../engine/compile/context.ts'
import type { BackendStatus, ServerEvent } from '../../engine/api/events.ts'
import type { FavouritesResponse, ResourcesResponse } from '../../engine/api/http.ts'
import type { ArtifactStore, QueueStore, RatingIndex } from '../queue/types.ts'
import type { EventBus } from '../events/bus.ts'
import type { StreamRegistry } from '../events/outbox.ts'
import type { DataPaths } from '../data/paths.ts'
import type { SiteIdentity } from './request-guard.ts'

/** The compile context pieces the library provides (everything but run seed, clock, resources). */
export type LibraryContext = Omit<CompileContext, 'runSeed' | 'now' | 'resources'>

export interface ExecutorFacade {
  backends(): BackendStatus[]
  /** Cancels in the queue and interrupts the WebUI if the job is running. */
  cancelJob(jobId: string): Promise<void>
  rate(targetKind: 'job' | 'image', targetId: string, rating: number): Promise<void>
  favourites(): FavouritesResponse
  lastConfigs(): Record<string, unknown>
  resources(): Promise<ResourcesResponse>
  refreshResources(): Promise<ResourcesResponse>
  /** The progress events of running jobs, for a client that connects mid-run. */
  currentProgress(): ServerEvent[]
}

export interface AppDeps {
  paths: DataPaths
  libraryContext(): Promise<LibraryContext>
  store: { queue: QueueStore; artifacts: ArtifactStore; ratings: RatingIndex }
  executor: ExecutorFacade
  bus: EventBus
  /** The connected event-stream clients and their buffered bytes. */
  streams: StreamRegistry
  info: { version: string; simulated: boolean }
  /** Who this server is, for the Host / Origin checks (request-guard.ts). */
  site: SiteIdentity
  /** When set, every /api request needs `Authorization: Bearer <token>`. */
  token?: string
  /** The built editor, served at /. */
  editorDir?: string
  now(): string
  randomSeed(): number
}

/** The WebUI resources as the compiler wants them, for "not on this WebUI" warnings. */
export function compileResources(lists: ResourcesResponse): WebuiResources {
  return {
    models: lists.models, vaes: lists.vaes, samplers: lists.samplers, schedulers: lists.schedulers,
    upscalers: [...lists.upscalers, ...lists.latentUpscaleModes], adetailerModels: lists.adetailerModels,
    loras: lists.loras, embeddings: lists.embeddings,
  }
}
