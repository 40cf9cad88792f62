/**
 * What the HTTP app needs from the rest of the server. Routes depend on these interfaces only,
 * so tests can hand in the real store with a simulated WebUI, and main.ts wires the real things.
 */
import type { CompileContext, WebuiResources } from '../../engine/compile/context.ts'
import type { BackendStatus, ServerEvent } from '../../engine/api/events.ts'
import type { FavouritesResponse, ResourcesResponse } from '../../engine/api/http.ts'
import type { QueueEtaResponse } from '../../engine/api/queue-extras.ts'
import type { ArtifactStore, QueueStore, RatingIndex } from '../queue/types.ts'
import type { Database } from '../queue/db.ts'
import type { RunSpec } from '../../engine/compile/spec.ts'
import type { VideoRecord, VideoStore } from '../queue/videos.ts'
import type { PendingLines } from '../queue/pending-lines.ts'
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
  /** Cancels every queued and running job (of one run when given); returns how many. */
  cancelAll(runId?: string): number
  queueEta(): QueueEtaResponse
  rate(targetKind: 'job' | 'image', targetId: string, rating: number): Promise<void>
  favourites(): FavouritesResponse
  lastConfigs(): Record<string, unknown>
  resources(): Promise<ResourcesResponse>
  refreshResources(): Promise<ResourcesResponse>
  /** Jobs of a compiled run that no backend can serve (each backend's own lists), as API problems. */
  routeProblems(run: RunSpec): { path: string; message: string }[]
  /** The progress events of running jobs, for a client that connects mid-run. */
  currentProgress(): ServerEvent[]
  /** Makes a failed video again (QueueError 'not-found' / 'bad-state' otherwise). */
  retryVideo(runId: string, stageId: string): VideoRecord
  /** Writes the learning and rating lines waiting in the database soon (a prune that cleared ratings queued some). */
  flushLines(): void
  /** Removes these jobs' lines from learning/learning_log.jsonl, in the line writer's turn (a prune with forgetLearning). */
  forgetLearningLines(jobIds: ReadonlySet<string>): Promise<number>
  /** Free space, its floor, learning lines waiting for their file, the last write error. */
  storage(): Promise<{ freeMB: number | null; minFreeMB: number; pendingLines: number; lastWriteError: string | null }>
}

export interface AppDeps {
  paths: DataPaths
  libraryContext(): Promise<LibraryContext>
  /** `db` answers the learning queries (insights, CSV) and the gallery directly. */
  store: { db: Database; queue: QueueStore; artifacts: ArtifactStore; ratings: RatingIndex; videos: VideoStore; pendingLines: PendingLines }
  executor: ExecutorFacade
  bus: EventBus
  /** The connected event-stream clients and their buffered bytes. */
  streams: StreamRegistry
  info: { version: string; simulated: boolean }
  /** Who this server is, for the Host / Origin checks (request-guard.ts). */
  site: SiteIdentity
  /**
   * Why a pack that exists as a file could not be loaded ("library/packs/x.json: invalid JSON…"),
   * or null when there is no such pack file: a run using a broken pack says it is broken.
   */
  packProblems?(packId: string): Promise<string[] | null>
  /** When set, every /api request needs `Authorization: Bearer <token>`. */
  token?: string
  /** The built editor, served at /. */
  editorDir?: string
  now(): string
  randomSeed(): number
}

/**
 * The WebUI resources as the compiler takes them: the `/api/resources` answer as it is, so the
 * server, the CLI and the editor resolve names identically (preview = queue).
 */
export function compileResources(lists: ResourcesResponse): WebuiResources {
  return lists
}
