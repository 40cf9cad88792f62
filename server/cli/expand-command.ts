import { parseArgs } from 'node:util'
import { expandCombinatorial, expandRandom, createWildcardLibrary } from '../../engine/prompts/index.ts'
import { createRng } from '../../engine/util/rng.ts'
import { existsSync } from 'node:fs'
import { readWildcards } from '../library/read-library.ts'
import { UsageError } from './flow.ts'
import { parsePositiveInt, parseSeed } from './args.ts'

const MODES = ['combinatorial', 'random', 'rotate'] as const

export async function expandCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      mode: { type: 'string', default: 'combinatorial' },
      max: { type: 'string' },
      seed: { type: 'string' },
      wildcards: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  })
  const template = positionals[0]
  if (template === undefined || positionals.length > 1) throw new UsageError('expand takes exactly one template (quote it)')
  const mode = values.mode as (typeof MODES)[number]
  if (!MODES.includes(mode)) throw new UsageError(`--mode must be one of ${MODES.join(', ')}, got "${values.mode}"`)
  // The Dynamic Prompts library caps combinatorial output at 1000 by default; random draws one batch of 10.
  const max = values.max !== undefined ? parsePositiveInt('max', values.max, 1_000_000) : mode === 'combinatorial' ? 1000 : 10
  const seed = values.seed !== undefined ? parseSeed(values.seed) : Math.floor(Math.random() * 4294967294)
  if (values.wildcards && !existsSync(values.wildcards)) throw new UsageError(`--wildcards: no such folder "${values.wildcards}"`)
  const wildcards = createWildcardLibrary(values.wildcards ? await readWildcards(values.wildcards) : {})

  const result = mode === 'random'
    ? expandRandom(template, { wildcards, count: max, rng: createRng(seed) })
    // The seed also drives `{~…}` parts inside a combinatorial listing.
    : expandCombinatorial(template, { wildcards, limit: max, rng: createRng(seed) })
  if (!result.ok) {
    const at = result.error.position !== undefined ? ` (at character ${result.error.position})` : ''
    process.stderr.write(`error: ${result.error.message}${at}\n`)
    return 1
  }
  // rotate cycles through the combinations until --max prompts are printed.
  const prompts = mode === 'rotate' && result.prompts.length > 0
    ? Array.from({ length: max }, (_, i) => result.prompts[i % result.prompts.length]!)
    : result.prompts
  process.stdout.write(values.json ? JSON.stringify(prompts) + '\n' : prompts.map((p) => p + '\n').join(''))
  return 0
}
