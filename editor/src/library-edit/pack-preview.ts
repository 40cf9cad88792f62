/**
 * The pack editor's live preview, computed by the engine in the browser: the draft is parsed as
 * the server will parse it (`parsePack`, problems with their line), then compiled in a tiny graph
 * — this pack → a combinatorial randomizer (matrix on) → txt2img — with the library's wildcards,
 * presets and global negative, so each row's count and prompts are exactly what a graph using
 * the pack with a combinatorial randomizer would send (LoRA tags and embeddings included).
 */
import type { LibraryContextResponse, ResourcesResponse } from '../../../engine/api/http.ts'
import { compile } from '../../../engine/compile/compile.ts'
import type { ConfigLayer } from '../../../engine/config/stages.ts'
import { GRAPH_VERSION, type Graph } from '../../../engine/graph/schema.ts'
import { parsePack, type PackMatrix } from '../../../engine/packs/index.ts'
import type { WildcardLibrary } from '../../../engine/prompts/index.ts'

export interface PackDraft {
  id: string
  txt: string
  name: string
  matrix: PackMatrix
  config: ConfigLayer
}

export interface PreviewProblem {
  severity: 'error' | 'warning'
  /** 1-based line in the TXT, when the problem has one. */
  line?: number
  /** `sidecar` for matrix/config problems. */
  where: 'txt' | 'sidecar' | 'compile'
  message: string
}

export interface RowPreview {
  index: number
  line: number
  /** How many prompts the row expands to (at most PREVIEW_CAP). */
  count: number
  capped: boolean
  prompts: string[]
  negative: string
  loras: { name: string; weight: number }[]
}

export interface PackPreview {
  problems: PreviewProblem[]
  rows: RowPreview[]
}

/** Variants counted per row; beyond this the preview says "1000+". */
export const PREVIEW_CAP = 1000
export const PROMPTS_SHOWN = 5

/** The sidecar text the draft's name, matrix and config stand for (for parsing only). */
export function draftSidecar(d: Pick<PackDraft, 'name' | 'matrix' | 'config'>): string {
  return JSON.stringify({ pack_data: { name: d.name || 'untitled', matrix: d.matrix }, preset_data: d.config })
}

function previewGraph(packId: string): Graph {
  const node = (id: string, kind: string, x: number, params: Record<string, unknown>) => ({ id, kind, position: { x, y: 0 }, params })
  return {
    version: GRAPH_VERSION, id: 'pack-preview', name: 'Pack preview', description: '', tags: [],
    nodes: [
      node('pack', 'pack', 0, { packs: [{ packId, rows: [] }] }),
      node('variants', 'randomizer', 300, { mode: 'combinatorial', maxVariants: PREVIEW_CAP, useMatrix: true, sweeps: [], seedMode: 'fixed', baseSeed: 1, drawSeed: -1 }),
      // One job per variant: the pack's batch_runs would only repeat prompts here.
      node('stage', 'txt2img', 600, { batch_runs: 1 }),
    ],
    edges: [
      { id: 'e1', source: 'pack', sourcePort: 'prompts', target: 'variants', targetPort: 'prompts' },
      { id: 'e2', source: 'variants', sourcePort: 'prompts', target: 'stage', targetPort: 'prompts' },
    ],
    viewport: { x: 0, y: 0, zoom: 1 },
  }
}

export function previewPack(draft: PackDraft, library: LibraryContextResponse | null, resources: ResourcesResponse | null, wildcards: WildcardLibrary): PackPreview {
  const parsed = parsePack({ id: draft.id, txt: draft.txt, json: draftSidecar(draft), txtName: 'txt', jsonName: 'sidecar' })
  const problems: PreviewProblem[] = []
  const toProblem = (severity: PreviewProblem['severity']) => (p: { file: string; line?: number; message: string }): PreviewProblem => ({
    severity, where: p.file === 'txt' ? 'txt' : 'sidecar', message: p.message, ...(p.file === 'txt' && p.line !== undefined ? { line: p.line } : {}),
  })
  if (!parsed.ok) {
    return { problems: [...parsed.errors.map(toProblem('error')), ...parsed.warnings.map(toProblem('warning'))], rows: [] }
  }
  problems.push(...parsed.warnings.map(toProblem('warning')))
  const pack = parsed.pack
  const result = compile(previewGraph(draft.id), {
    packs: { ...(library?.packs ?? {}), [draft.id]: pack },
    presets: library?.presets ?? {},
    ...(library?.defaultPresetId ? { defaultPresetId: library.defaultPresetId } : {}),
    wildcards,
    globalNegative: library?.globalNegative ?? '',
    ...(resources ? { resources } : {}),
    runSeed: 1,
    now: '2000-01-01T00:00:00.000Z',
  })
  for (const e of result.errors) problems.push({ severity: 'error', where: 'compile', message: e.message })
  for (const w of result.warnings) if (w.code !== 'variants-capped') problems.push({ severity: 'warning', where: 'compile', message: w.message })
  const byRow = new Map<number, RowPreview>()
  for (const row of pack.rows) byRow.set(row.index, { index: row.index, line: row.line, count: 0, capped: false, prompts: [], negative: '', loras: row.loras })
  for (const job of result.run?.jobs ?? []) {
    const row = job.rowIndex === null ? undefined : byRow.get(job.rowIndex)
    if (!row) continue
    row.count++
    if (row.prompts.length < PROMPTS_SHOWN) row.prompts.push(job.prompt)
    if (row.count === 1) row.negative = job.negativePrompt
  }
  for (const row of byRow.values()) row.capped = row.count >= PREVIEW_CAP
  return { problems, rows: [...byRow.values()] }
}
