/**
 * A pack's `preset_data` → our ConfigLayer. Accepts our own layer shape and the original's flat
 * keys (preset-keys.ts), even mixed in one block; translates first, then validates once with
 * ConfigLayer so every range comes from engine/config. Errors and warnings name the key as the
 * author wrote it (`preset_data.txt2img.hr_scale`), not the translated one.
 */
import { ConfigLayer, STAGE_LAYERS, AdetailerPass, type StageKind } from '../config/stages.ts'
import { describeIssue, elementOf, shapeOf, type AnySchema } from './issues.ts'
import { ALIASES, DROPPED, DROPPED_SECTIONS, HANDS_PREFIX, HANDS_PASS, implyHands, type Alias, type Path } from './preset-keys.ts'
import type { PackProblem } from './schema.ts'

const ROOT = 'preset_data'

/** Lower rank wins: our own shape, then the original's aliases, then values they imply. */
type Write = { target: Path; value: unknown; source: string; rank: 0 | 1 | 2 }

export type PresetResult = { config: ConfigLayer; errors: PackProblem[]; warnings: PackProblem[] }

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export function formatPath(path: readonly PropertyKey[]): string {
  return path.map((k, i) => (typeof k === 'number' ? `[${k}]` : (i === 0 ? '' : '.') + String(k))).join('')
}

export function translatePreset(data: unknown, file: string): PresetResult {
  const errors: PackProblem[] = []
  const warnings: PackProblem[] = []
  const warn = (path: string, message: string) => warnings.push({ file, path, message: `${path}: ${message}` })
  if (data === undefined || data === null) return { config: {}, errors, warnings }
  if (!isPlainObject(data)) {
    errors.push({ file, path: ROOT, message: `${ROOT}: must be an object` })
    return { config: {}, errors, warnings }
  }
  const writes: Write[] = []
  for (const [section, block] of Object.entries(data)) {
    const path = `${ROOT}.${section}`
    if (Object.hasOwn(STAGE_LAYERS, section)) {
      if (isPlainObject(block)) collectStage(section as StageKind, block, writes, warn)
      else errors.push({ file, path, message: `${path}: must be an object` })
    } else if (Object.hasOwn(DROPPED_SECTIONS, section)) warn(path, `not used: ${DROPPED_SECTIONS[section]}`)
    else warn(path, 'unknown section, ignored')
  }
  const { layer, sources } = applyWrites(writes, warn)
  const parsed = ConfigLayer.safeParse(layer)
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = sourceOf(issue.path, sources)
      errors.push({ file, path, message: `${path}: ${describeIssue(issue)}` })
    }
  }
  if (errors.length > 0) return { config: {}, errors, warnings }
  return { config: parsed.data ?? {}, errors, warnings }
}

function collectStage(stage: StageKind, block: Record<string, unknown>, writes: Write[], warn: (p: string, m: string) => void): void {
  const shape = shapeOf(STAGE_LAYERS[stage]) ?? {}
  const aliases = ALIASES[stage]
  for (const [key, value] of Object.entries(block)) {
    const source = `${ROOT}.${stage}.${key}`
    // The original wrote None for "not set"; null means the same here rather than a type error.
    if (value === null) continue
    const alias = Object.hasOwn(aliases, key) ? aliases[key] : handsKey(stage, key)
    if (alias) pushAlias(stage, alias, value, source, writes)
    else if (Object.hasOwn(shape, key)) collectOwn(shape[key], [stage, key], value, source, writes, warn)
    else if (stage === 'adetailer' && Object.hasOwn(AdetailerPass.shape, key)) {
      // The original's flat `ad_*` keys are ADetailer's own names for the first (face) pass.
      writes.push({ target: [stage, 'passes', 0, key], value, source, rank: 0 })
    } else if (Object.hasOwn(DROPPED, key)) warn(source, `not used: ${DROPPED[key]}`)
    else warn(source, 'unknown key, ignored')
  }
}

/** `ad_hands_mask_blur` → the hands pass's `ad_mask_blur`. */
function handsKey(stage: StageKind, key: string): Alias | undefined {
  if (stage !== 'adetailer' || !key.startsWith(HANDS_PREFIX)) return undefined
  const field = 'ad_' + key.slice(HANDS_PREFIX.length)
  return Object.hasOwn(AdetailerPass.shape, field) ? implyHands({ to: [...HANDS_PASS, field] }) : undefined
}

function pushAlias(stage: StageKind, alias: Alias, value: unknown, source: string, writes: Write[]): void {
  writes.push({ target: [stage, ...alias.to], value: alias.map ? alias.map(value) : value, source, rank: 1 })
  for (const [to, implied] of alias.implies ?? []) writes.push({ target: [stage, ...to], value: implied, source, rank: 2 })
}

/** Our own shape: walks nested blocks (hires, refiner, passes) so unknown keys inside warn too. */
function collectOwn(schema: AnySchema | undefined, target: Path, value: unknown, source: string, writes: Write[], warn: (p: string, m: string) => void): void {
  const shape = shapeOf(schema)
  const element = elementOf(schema)
  // A block is written (empty) before its fields, so an empty or all-null block still exists:
  // `passes: [{}, {…}]` must keep its first pass.
  if (shape && isPlainObject(value)) {
    writes.push({ target, value: {}, source, rank: 0 })
    for (const [key, v] of Object.entries(value)) {
      if (v === null) continue
      if (Object.hasOwn(shape, key)) collectOwn(shape[key], [...target, key], v, `${source}.${key}`, writes, warn)
      else warn(`${source}.${key}`, 'unknown key, ignored')
    }
  } else if (element && Array.isArray(value)) {
    writes.push({ target, value: [], source, rank: 0 })
    value.forEach((v, i) => collectOwn(element, [...target, i], v, `${source}[${i}]`, writes, warn))
  } else writes.push({ target, value, source, rank: 0 })
}

function applyWrites(writes: Write[], warn: (p: string, m: string) => void) {
  const layer: Record<string, unknown> = {}
  const sources = new Map<string, string>()
  const values = new Map<string, unknown>()
  const ordered = [...writes].sort((a, b) => a.rank - b.rank)
  for (const w of ordered) {
    const key = formatPath(w.target)
    const earlier = sources.get(key)
    if (earlier !== undefined) {
      if (w.rank < 2 && JSON.stringify(values.get(key)) !== JSON.stringify(w.value)) {
        warn(w.source, `ignored: ${earlier} is also set and is used`)
      }
      continue
    }
    if (setPath(layer, w.target, w.value)) {
      sources.set(key, w.source)
      values.set(key, w.value)
    }
  }
  fillPassHoles(layer)
  return { layer, sources }
}

/** Creates intermediate objects and arrays; refuses to write through a value of another type. */
function setPath(root: Record<string, unknown>, path: Path, value: unknown): boolean {
  let node: Record<string | number, unknown> = root
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i] as string | number
    const next = node[key]
    if (next === undefined) {
      const created: Record<string | number, unknown> = typeof path[i + 1] === 'number' ? ([] as unknown as Record<number, unknown>) : {}
      node[key] = created
      node = created
    } else if (typeof next === 'object' && next !== null) node = next as Record<string | number, unknown>
    else return false
  }
  const last = path[path.length - 1] as string | number
  if (node[last] !== undefined) return false
  node[last] = value
  return true
}

/** A hands pass written without a face pass leaves passes[0] empty: an empty pass inherits all. */
function fillPassHoles(layer: Record<string, unknown>): void {
  const adetailer = layer['adetailer']
  if (!isPlainObject(adetailer) || !Array.isArray(adetailer['passes'])) return
  const passes = adetailer['passes'] as unknown[]
  for (let i = 0; i < passes.length; i++) if (passes[i] === undefined) passes[i] = {}
}

/** The key the author wrote for a translated path: the exact one, else the nearest enclosing one. */
function sourceOf(path: readonly PropertyKey[], sources: Map<string, string>): string {
  for (let n = path.length; n > 0; n--) {
    const found = sources.get(formatPath(path.slice(0, n)))
    if (found !== undefined) return n === path.length ? found : found + formatPath(['', ...path.slice(n)])
  }
  return `${ROOT}.${formatPath(path)}`
}
