/**
 * `flow run GRAPH --pack ID[:ROWS] … [--split per-pack|one] [--pack-node ID]`: the command-line
 * form of "run a saved graph on packs". ROWS are 1-based like the editor shows them (`2,4-6`).
 */
import { Id } from '../../engine/graph/schema.ts'
import type { PackSelection } from '../../engine/nodes/pack.ts'
import type { PackSplit } from '../../engine/compile/pack-runs.ts'
import { UsageError } from './flow.ts'

export function parsePackArgs(values: readonly string[]): PackSelection[] {
  const seen = new Set<string>()
  return values.map((value) => {
    const [packId = '', rows] = value.split(':', 2) as [string, string | undefined]
    if (!Id.safeParse(packId).success) throw new UsageError(`--pack takes a pack id (letters, digits, "_", "." or "-"), optionally :ROWS like 1,3-5; got "${value}"`)
    if (seen.has(packId)) throw new UsageError(`--pack "${packId}" is given twice`)
    seen.add(packId)
    return { packId, rows: rows === undefined ? [] : parseRows(rows, value) }
  })
}

function parseRows(text: string, value: string): number[] {
  const out: number[] = []
  for (const part of text.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim())
    const from = m ? Number(m[1]) : 0
    const to = m?.[2] !== undefined ? Number(m[2]) : from
    if (!m || from < 1 || to < from || to > 100_000) throw new UsageError(`--pack rows are 1-based numbers or ranges like 1,3-5; got "${value}"`)
    for (let r = from; r <= to; r++) if (!out.includes(r - 1)) out.push(r - 1)
  }
  return out
}

export function parseSplit(text: string | undefined): PackSplit {
  if (text === undefined || text === 'per-pack' || text === 'one') return text ?? 'per-pack'
  throw new UsageError(`--split must be "per-pack" or "one", got "${text}"`)
}
