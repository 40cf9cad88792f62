/**
 * What a saved graph compiles to on each pack, in the browser (the same compile and the same
 * substitution the server uses): job and WebUI-call counts per pack for the pack picker, or the
 * first problem when the graph cannot run on that pack.
 */
import { compile } from '../../../../engine/compile/compile.ts'
import { withPacks } from '../../../../engine/compile/pack-runs.ts'
import type { Graph } from '../../../../engine/graph/schema.ts'
import type { LibraryContextResponse, ResourcesResponse } from '../../../../engine/api/http.ts'
import { createWildcardLibrary } from '../../../../engine/prompts/index.ts'
import { compileContext } from '../../services/compile-service.ts'

export type PackCount = { ok: true; jobs: number; webuiCalls: number; images: number } | { ok: false; problem: string }

/** `rows` per pack (0-based; absent or empty = every row), as the picker's row fields hold them. */
export function countPerPack(graph: Graph, packNodeId: string, packIds: readonly string[], rows: Readonly<Record<string, readonly number[]>>, library: LibraryContextResponse | null, resources: ResourcesResponse | null, runSeed: number): Record<string, PackCount> {
  const ctx = compileContext(library, resources, createWildcardLibrary(library?.wildcardFiles ?? {}), runSeed)
  const out: Record<string, PackCount> = {}
  for (const packId of packIds) {
    const { run, errors } = compile(withPacks(graph, packNodeId, [{ packId, rows: [...(rows[packId] ?? [])] }]), ctx)
    out[packId] = errors.length > 0 || !run ? { ok: false, problem: errors[0]?.message ?? 'cannot compile' } : { ok: true, jobs: run.totals.jobs, webuiCalls: run.totals.webuiCalls, images: run.totals.images }
  }
  return out
}
