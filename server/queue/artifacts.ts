/**
 * The artifacts index: one row per image or video a stage wrote (the files themselves live in
 * the data folder; paths here are relative to it).
 */
import type { Database } from 'better-sqlite3'
import type { ArtifactRecord, ArtifactStore } from './types.ts'

interface ArtifactRow {
  artifact_id: string
  job_id: string
  run_id: string
  stage_id: string
  idx: number
  kind: 'image' | 'video'
  path: string
  thumb_path: string | null
  width: number
  height: number
  created_at: string
}

const COLUMNS = 'a.artifact_id, a.job_id, a.run_id, a.stage_id, a.idx, a.kind, a.path, a.thumb_path, a.width, a.height, a.created_at'

function toRecord(r: ArtifactRow): ArtifactRecord {
  return {
    artifactId: r.artifact_id, jobId: r.job_id, runId: r.run_id, stageId: r.stage_id, index: r.idx, kind: r.kind,
    path: r.path, thumbPath: r.thumb_path, width: r.width, height: r.height, createdAt: r.created_at,
  }
}

export function createArtifactStore(db: Database): ArtifactStore {
  // Re-adding an id replaces the row: a job re-run after a crash writes the same outputs again,
  // and the newest files are the ones on disk.
  const insert = db.prepare(`INSERT INTO artifacts (artifact_id, job_id, run_id, stage_id, idx, kind, path, thumb_path, width, height, created_at)
    VALUES (@artifactId, @jobId, @runId, @stageId, @index, @kind, @path, @thumbPath, @width, @height, @createdAt)
    ON CONFLICT(artifact_id) DO UPDATE SET job_id = excluded.job_id, run_id = excluded.run_id, stage_id = excluded.stage_id,
      idx = excluded.idx, kind = excluded.kind, path = excluded.path, thumb_path = excluded.thumb_path,
      width = excluded.width, height = excluded.height, created_at = excluded.created_at`)
  const get = db.prepare<[string], ArtifactRow>(`SELECT ${COLUMNS} FROM artifacts a WHERE a.artifact_id = ?`)
  const ofJob = db.prepare<[string], ArtifactRow>(`SELECT ${COLUMNS} FROM artifacts a WHERE a.job_id = ? ORDER BY a.stage_id, a.idx, a.rowid`)
  // Job order within the run (then stage and index), which is the order a video uses frames in.
  const ofRun = db.prepare<[string], ArtifactRow>(`SELECT ${COLUMNS} FROM artifacts a LEFT JOIN jobs j ON j.job_id = a.job_id
    WHERE a.run_id = ? ORDER BY j.run_index IS NULL, j.run_index, a.stage_id, a.idx, a.rowid`)
  // The graph is the run's: video artifacts belong to a run, not a job.
  const latestOfStage = db.prepare<[string, string, number], ArtifactRow>(`SELECT ${COLUMNS} FROM artifacts a
    JOIN runs r ON r.run_id = a.run_id
    WHERE a.stage_id = ? AND r.graph_id = ? ORDER BY a.created_at DESC, a.rowid DESC LIMIT ?`)

  return {
    add(record) {
      insert.run({ ...record })
    },
    get(artifactId) {
      const row = get.get(artifactId)
      return row && toRecord(row)
    },
    ofJob: (jobId) => ofJob.all(jobId).map(toRecord),
    ofRun: (runId) => ofRun.all(runId).map(toRecord),
    latestOfStage(stageId, graphId, limit) {
      const n = Number.isFinite(limit) ? Math.max(0, Math.floor(limit)) : 0
      return latestOfStage.all(stageId, graphId, n).map(toRecord)
    },
  }
}
