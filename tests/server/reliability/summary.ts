import { appendFileSync } from 'node:fs'

/**
 * One row of the reliability suite's closing table. Each reliability test records what it
 * proved; `tests/reliability-summary.setup.ts` prints every row once the whole run is over, so
 * the table sits at the end of `npm test` output whatever order the files ran in.
 */
export interface ReliabilityRow {
  /** what was exercised, e.g. "SIGKILL during ffmpeg" or "route fuzzer" */
  check: string
  /** load the server held (e.g. "200 SSE + 50 req/s"), if the check puts load on it */
  loadHeld?: string
  /** faults injected and survived (e.g. "10 % errors, 5 % drops, 2 % hangs: 102/102 jobs ended") */
  faultsSurvived?: string
  /** bad inputs sent, for fuzzers and input checks */
  badInputsTried?: number
  /** 5xx answers seen (should be 0 for anything but injected storage faults) */
  count5xx?: number
  /** whether stored data changed where it must not have */
  dataChanged?: boolean
  /** set when the check could not run on this machine, with the reason */
  skipped?: string
}

/** Appends a row for the closing table; a no-op outside a run that set up the summary file. */
export function recordReliability(row: ReliabilityRow): void {
  const file = process.env.RELIABILITY_SUMMARY_FILE
  if (!file) return
  appendFileSync(file, `${JSON.stringify(row)}\n`)
}
