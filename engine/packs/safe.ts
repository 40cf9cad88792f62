/**
 * The never-throw boundary of parsePack. Every path is meant to return problems, not throw; this
 * turns a bug we did not foresee into one readable error instead of a crashed request.
 */
import type { PackProblem } from './schema.ts'

type Result = { ok: true; warnings: PackProblem[] } | { ok: false; errors: PackProblem[]; warnings: PackProblem[] }

export function neverThrow<R extends Result>(input: { id?: unknown; txtName?: unknown }, run: () => R): R | { ok: false; errors: PackProblem[]; warnings: PackProblem[] } {
  try {
    return run()
  } catch (e) {
    const file = typeof input.txtName === 'string' ? input.txtName : `${String(input.id)}.txt`
    return { ok: false, errors: [{ file, message: `internal error while reading the pack: ${e instanceof Error ? e.message : String(e)}` }], warnings: [] }
  }
}
