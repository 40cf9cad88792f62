/**
 * Randomizer throughput: combinatorial expansion of a typical pack row (three 10-way variants
 * and a 10-line wildcard of multi-word values, 10,000 prompts) must reach 200,000 prompts/s,
 * also when recording each prompt's wildcard draws (what the randomizer node runs).
 */
import { bestOf, atLeast, type BenchFigure } from './harness.ts'
import { createWildcardLibrary, expandCombinatorial, expandCombinatorialWithDraws } from '../../engine/prompts/index.ts'

const COLOURS = ['red', 'green', 'blue', 'yellow', 'purple', 'orange', 'black', 'white', 'silver', 'golden']
const ANIMALS = ['cat', 'dog', 'fox', 'owl', 'horse', 'rabbit', 'tiger', 'wolf', 'deer', 'bear']
const PLACES = ['in a forest', 'on a beach', 'in the snow', 'in a city at night', 'under the sea',
  'on a mountain top', 'in a desert', 'in a meadow', 'by a river', 'in a castle']
const STYLES = ['oil painting by an old master', 'soft watercolour illustration', 'cinematic photo, 35mm film',
  'ukiyo-e woodblock print', 'highly detailed digital art', 'charcoal sketch on paper',
  'studio ghibli style background', 'low poly 3d render', 'art nouveau poster', 'pixel art, 16-bit']

export async function bench(): Promise<BenchFigure[]> {
  const template = `a {${COLOURS.join('|')}} {${ANIMALS.join('|')}} {${PLACES.join('|')}}, __styles__`
  const wildcards = createWildcardLibrary({ styles: STYLES.join('\n') })
  const expected = 10_000
  let produced = 0
  const ms = bestOf(() => {
    // A fresh library each run would measure compilation; a pack reuses one, so this does too.
    const result = expandCombinatorial(template, { wildcards, limit: 1_000_000 })
    if (!result.ok || result.prompts.length !== expected) throw new Error('randomizer bench: wrong expansion')
    produced = result.prompts.length
  })
  const perSecond = Math.round(produced / (ms / 1000))
  const drawsMs = bestOf(() => {
    const result = expandCombinatorialWithDraws(template, { wildcards, limit: 1_000_000 })
    if (!result.ok || result.draws.length !== expected || result.draws[0]!.styles === undefined) throw new Error('randomizer bench: wrong draws')
  })
  const drawsPerSecond = Math.round(expected / (drawsMs / 1000))
  // First run, cold: parse, validation and compilation included.
  const coldLibrary = createWildcardLibrary({ styles: STYLES.join('\n') })
  const t0 = performance.now()
  expandCombinatorial(`${template} `, { wildcards: coldLibrary, limit: 1_000_000 })
  const coldPerSecond = Math.round(expected / ((performance.now() - t0) / 1000))
  return [
    atLeast('combinatorial expansion, 10k prompts (warm)', perSecond, 'prompts/s', 200_000),
    atLeast('combinatorial expansion recording wildcard draws, 10k prompts (warm)', drawsPerSecond, 'prompts/s', 200_000),
    atLeast('combinatorial expansion, 10k prompts (cold: parse + compile included)', coldPerSecond, 'prompts/s', 200_000),
  ]
}
