import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { compile } from '../../engine/compile/compile.ts'
import { libraryContext, readLibrary } from '../library/read-library.ts'
import { maskIdsIn } from '../library/masks.ts'
import { UsageError } from './flow.ts'
import { parseSeed, readGraphFile } from './args.ts'

/** The bundled examples double as a library, so `flow compile graphs/x.json` works on a fresh clone. */
function findLibraryRoot(file: string, values: { data?: string; library?: string }): string {
  if (values.library) return resolve(values.library)
  if (values.data) return resolve(values.data, 'library')
  const dir = dirname(resolve(file))
  if (['packs', 'presets', 'wildcards'].some((d) => existsSync(join(dir, d)))) return dir
  return resolve('data', 'library')
}

export async function compileCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { data: { type: 'string' }, library: { type: 'string' }, seed: { type: 'string' }, now: { type: 'string' } },
  })
  const file = positionals[0]
  if (!file || positionals.length > 1) throw new UsageError('compile takes exactly one graph file')
  const read = await readGraphFile(file)
  if (!read.ok) {
    process.stdout.write(JSON.stringify({ run: null, errors: [{ code: 'invalid-graph', message: read.message }], warnings: [] }) + '\n')
    return 1
  }
  const graph = read.graph
  const root = findLibraryRoot(file, values)
  const lib = await readLibrary(root)
  const now = values.now ?? new Date().toISOString()
  if (Number.isNaN(Date.parse(now))) throw new UsageError(`--now must be an ISO time, got "${now}"`)
  const runSeed = values.seed !== undefined ? parseSeed(values.seed) : Math.floor(Math.random() * 4294967294)
  // Inpaint masks live beside the packs (library/masks): a graph naming another is an error here too.
  const result = compile(graph, { ...libraryContext(lib), masks: await maskIdsIn(join(root, 'masks')), runSeed, now })
  const warnings = [
    ...lib.problems.map((p) => ({ code: 'library-problem', message: `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}` })),
    ...lib.warnings.map((p) => ({ code: 'library-warning', message: `${p.file}${p.line ? `:${p.line}` : ''}: ${p.message}` })),
    ...result.warnings,
  ]
  process.stdout.write(JSON.stringify({ run: result.run, errors: result.errors, warnings }) + '\n')
  return result.errors.length === 0 ? 0 : 1
}
