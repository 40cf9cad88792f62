/**
 * Run-level video stages as durable work items. A row per (run, video stage): 'waiting' until its
 * frames' jobs have all ended, 'encoding' while ffmpeg runs, then 'done' or 'failed'. A crash
 * leaves 'encoding' behind; the next start finds it, removes the partial file and encodes again.
 */
import type { Database } from 'better-sqlite3'

export type VideoState = 'waiting' | 'encoding' | 'done' | 'failed'

export interface VideoRecord {
  runId: string
  stageId: string
  state: VideoState
  error: string | null
  attempts: number
  /** It failed because some of its frames' jobs did not succeed (their retry makes it). */
  framesFailed: boolean
  updatedAt: string
}

export interface VideoStore {
  get(runId: string, stageId: string): VideoRecord | undefined
  ofRun(runId: string): VideoRecord[]
  /** Every video not yet done or failed (waiting or interrupted while encoding). */
  open(): VideoRecord[]
  /** Adds a 'waiting' row unless one exists. */
  ensure(runId: string, stageId: string): void
  /** → 'encoding' (attempts + 1) unless it already encodes or is done; true when this caller took it. */
  begin(runId: string, stageId: string): boolean
  finish(runId: string, stageId: string, state: 'done' | 'failed' | 'waiting', error?: string | null, framesFailed?: boolean): void
  /** Runs whose RunSpec has videos but no row yet (a database from before videos were tracked). */
  runsWithoutRows(): string[]
}

interface Row { run_id: string; stage_id: string; state: VideoState; error: string | null; attempts: number; frames_failed: number; updated_at: string }
const toRecord = (r: Row): VideoRecord => ({ runId: r.run_id, stageId: r.stage_id, state: r.state, error: r.error, attempts: r.attempts, framesFailed: r.frames_failed === 1, updatedAt: r.updated_at })
const COLS = 'run_id, stage_id, state, error, attempts, frames_failed, updated_at'

export function createVideoStore(db: Database, now: () => string = () => new Date().toISOString()): VideoStore {
  const s = {
    get: db.prepare<[string, string], Row>(`SELECT ${COLS} FROM videos WHERE run_id = ? AND stage_id = ?`),
    ofRun: db.prepare<[string], Row>(`SELECT ${COLS} FROM videos WHERE run_id = ? ORDER BY stage_id`),
    open: db.prepare<[], Row>(`SELECT ${COLS} FROM videos WHERE state IN ('waiting', 'encoding') ORDER BY updated_at, run_id, stage_id`),
    ensure: db.prepare<[string, string, string]>(`INSERT INTO videos (run_id, stage_id, state, updated_at) VALUES (?, ?, 'waiting', ?) ON CONFLICT DO NOTHING`),
    begin: db.prepare<[string, string, string]>(`UPDATE videos SET state = 'encoding', error = NULL, attempts = attempts + 1, updated_at = ?
      WHERE run_id = ? AND stage_id = ? AND state IN ('waiting', 'failed')`),
    finish: db.prepare<[string, string | null, number, string, string, string]>(`UPDATE videos SET state = ?, error = ?, frames_failed = ?, updated_at = ?
      WHERE run_id = ? AND stage_id = ?`),
    // Only runs that have a video at all (run_json holds `"videos":[]` otherwise).
    withoutRows: db.prepare<[], { run_id: string }>(`SELECT run_id FROM runs WHERE run_json NOT LIKE '%"videos":[]%'
      AND NOT EXISTS (SELECT 1 FROM videos v WHERE v.run_id = runs.run_id)`),
  }
  return {
    get: (runId, stageId) => { const r = s.get.get(runId, stageId); return r && toRecord(r) },
    ofRun: (runId) => s.ofRun.all(runId).map(toRecord),
    open: () => s.open.all().map(toRecord),
    ensure: (runId, stageId) => { s.ensure.run(runId, stageId, now()) },
    begin: (runId, stageId) => s.begin.run(now(), runId, stageId).changes === 1,
    finish: (runId, stageId, state, error = null, framesFailed = false) => { s.finish.run(state, error, framesFailed ? 1 : 0, now(), runId, stageId) },
    runsWithoutRows: () => s.withoutRows.all().map((r) => r.run_id),
  }
}
