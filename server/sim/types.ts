/** Public types of the simulated WebUI (re-exported by `index.ts`). */

import type { SimResourceLists } from './catalog.ts'

export type SimFlavor = 'a1111' | 'forge'

export interface SimOptions {
  /** Default '127.0.0.1' (never bind elsewhere in tests). */
  host?: string
  /** 0 = any free port. */
  port?: number
  /** forge: /sdapi/v1/sd-modules instead of sd-vae, Forge error shapes, extra samplers. */
  flavor?: SimFlavor
  /** 'user:pass[,u2:p2]' like --api-auth. */
  auth?: string
  /** Per sampling step latency in ms (default 2). */
  stepMs?: number
  /** Cost of loading another checkpoint in ms (default 50). */
  modelSwitchMs?: number
  /** No /internal/ping, like --nowebui. */
  nowebui?: boolean
  faults?: Partial<SimFaults>
  /** This instance's installed checkpoints, VAEs, LoRAs, … (each given list replaces the default). */
  resources?: SimResourceLists
}

export interface SimFaults {
  /** Probability that a request answers 500 with an A1111 error body. */
  errorRate: number
  /** Probability that a request never answers (until close). */
  hangRate: number
  /** Probability that the socket is destroyed without a response. */
  dropRate: number
  /** Every request refused (socket closed at once) until set back to false. */
  down: boolean
  /** Seed of the fault draws, so a test sees the same faults on every run. */
  seed: number
}

export interface SimStats {
  /** Requests seen, by URL path. */
  requests: Record<string, number>
  modelSwitches: number
  /** Total time spent generating, upscaling, refreshing or switching models (queue lock held). */
  busyMs: number
  /** Finished txt2img/img2img calls. */
  generations: number
  /** Tiles re-diffused by the SD upscale script (each one img2img sampling). */
  sdUpscaleTiles: number
  /** Title of the loaded checkpoint. */
  currentModel: string
}

export interface SimHandle {
  url: string
  port: number
  stats(): SimStats
  resetStats(): void
  setFaults(f: Partial<SimFaults>): void
  setOptions(o: Partial<Pick<SimOptions, 'stepMs' | 'modelSwitchMs'>>): void
  /** Replaces some of its lists, as if files were added or removed and the WebUI refreshed. */
  setResources(lists: SimResourceLists): void
  close(): Promise<void>
}
