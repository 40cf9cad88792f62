import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ReliabilityRow } from './server/reliability/summary'

/**
 * vitest global setup: gives every test worker one file to append reliability rows to, and
 * prints them as a table after the last test file has finished.
 */
export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), 'flow-reliability-'))
  const file = join(dir, 'rows.jsonl')
  process.env.RELIABILITY_SUMMARY_FILE = file
  return () => {
    try {
      if (!existsSync(file)) return
      const rows = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as ReliabilityRow)
      if (rows.length > 0) console.log(`\n${formatReliabilityTable(rows)}\n`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

export function formatReliabilityTable(rows: ReliabilityRow[]): string {
  const header = ['check', 'load held', 'faults survived', 'bad inputs', '5xx', 'data changed']
  const body = rows.map((r) => [
    r.skipped ? `${r.check} (skipped: ${r.skipped})` : r.check,
    r.loadHeld ?? '-',
    r.faultsSurvived ?? '-',
    r.badInputsTried === undefined ? '-' : String(r.badInputsTried),
    r.count5xx === undefined ? '-' : String(r.count5xx),
    r.dataChanged === undefined ? '-' : r.dataChanged ? 'YES' : 'no',
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)))
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`
  return ['Reliability suite summary', line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n')
}
