/**
 * Concrete seeds, chosen at compile time so the preview shows the seed that will run
 * (DESIGN §4). Within a job, image k of a batch gets seed + k, as A1111 does; batch runs
 * continue that count, so no two images of a variant share a seed.
 *
 * - No randomizer: the txt2img seed, or a fresh random seed per job when it is -1.
 * - fixed:     every variant of the row starts at the base seed (compare prompts on one seed).
 * - increment: variant v starts at base + v × (images per variant).
 * - random:    every variant draws its own.
 * The base is the randomizer's baseSeed, else the txt2img seed, else one drawn per run.
 */
import { createRng, MAX_SEED, randomSeed, seedFrom } from '../util/rng.ts'
import type { PromptEntry } from './prompt-entry.ts'

export interface SeedInput {
  entry: PromptEntry
  configSeed: number
  batchIndex: number
  batchTotal: number
  batchSize: number
  runSeed: number
  /** Identity of the job for random draws: the same job always draws the same seed. */
  jobKey: string
}

const wrap = (s: number): number => ((s % MAX_SEED) + MAX_SEED) % MAX_SEED

const draw = (...parts: (string | number)[]): number => randomSeed(createRng(seedFrom(...parts)))

export function resolveSeed(input: SeedInput): number {
  const { entry, configSeed, batchIndex, batchTotal, batchSize, runSeed, jobKey } = input
  const batchOffset = batchIndex * batchSize
  const policy = entry.seedPolicy
  if (!policy) {
    return configSeed >= 0 ? wrap(configSeed + batchOffset) : draw(runSeed, jobKey)
  }
  if (policy.mode === 'random') return draw(runSeed, jobKey)
  const base = policy.baseSeed >= 0 ? policy.baseSeed : configSeed >= 0 ? configSeed : draw(runSeed, policy.nodeId, 'base')
  if (policy.mode === 'fixed') return wrap(base + batchOffset)
  return wrap(base + entry.variantIndex * batchTotal * batchSize + batchOffset)
}
