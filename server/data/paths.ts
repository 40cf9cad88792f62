/**
 * The data folder (DESIGN §5, issue 4): everything a user made lives here, in formats a person
 * can read. Every path the server builds from a request goes through `inside`, which refuses
 * anything that would leave its base folder.
 *
 *   <data>/library/{graphs,presets,packs,wildcards}/…, settings.json, global_negative.txt
 *   <data>/outputs/<runId>/…   <data>/learning/*.jsonl   <data>/stablenew.sqlite
 *   <data>/uploads/<id>.png (images a person uploaded for a graph, e.g. ControlNet control images)
 */
import { isAbsolute, join, relative, resolve, sep } from 'node:path'

export interface DataPaths {
  root: string
  library: string
  graphs: string
  graphVersions: string
  presets: string
  packs: string
  wildcards: string
  settings: string
  globalNegative: string
  outputs: string
  learning: string
  database: string
  uploads: string
}

export function dataPaths(root: string): DataPaths {
  const abs = resolve(root)
  const library = join(abs, 'library')
  return {
    root: abs,
    library,
    graphs: join(library, 'graphs'),
    graphVersions: join(library, 'graphs', '.versions'),
    presets: join(library, 'presets'),
    packs: join(library, 'packs'),
    wildcards: join(library, 'wildcards'),
    settings: join(library, 'settings.json'),
    globalNegative: join(library, 'global_negative.txt'),
    outputs: join(abs, 'outputs'),
    learning: join(abs, 'learning'),
    database: join(abs, 'stablenew.sqlite'),
    uploads: join(abs, 'uploads'),
  }
}

export class PathEscapeError extends Error {}

/** Joins segments under base and proves the result stays inside it (no `..`, no absolute segment). */
export function inside(base: string, ...segments: string[]): string {
  for (const s of segments) {
    if (s.length === 0 || isAbsolute(s) || s.includes('\0')) throw new PathEscapeError(`refused path segment "${s}"`)
  }
  const target = resolve(base, ...segments)
  const rel = relative(resolve(base), target)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new PathEscapeError(`path "${segments.join('/')}" leaves ${base}`)
  }
  return target
}

/** The path relative to the data root, '/'-separated, as stored in the database and manifests. */
export function toDataRelative(paths: DataPaths, absolute: string): string {
  return relative(paths.root, absolute).split(sep).join('/')
}
