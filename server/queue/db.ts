/**
 * Opens the SQLite file behind the queue, artifacts, stage cache and ratings, and brings its
 * schema up to date. The schema version lives in `PRAGMA user_version`; MIGRATIONS is
 * append-only: a shipped entry is never edited, a change is a new entry, so any older file
 * (or a fresh one) reaches the same schema by running the entries it has not seen, in order.
 */
import Database from 'better-sqlite3'

export type { Database } from 'better-sqlite3'
type Db = Database.Database

export const MIGRATIONS: readonly string[] = [
  // 1: the whole first schema.
  `
  -- Small settings that must survive a restart (the paused flag).
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  ) STRICT;

  CREATE TABLE runs (
    run_id     TEXT PRIMARY KEY,
    graph_id   TEXT NOT NULL,
    graph_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    -- The RunSpec without its jobs (graph snapshot, videos, totals).
    run_json   TEXT NOT NULL
  ) STRICT;

  CREATE TABLE jobs (
    job_id       TEXT PRIMARY KEY,
    run_id       TEXT NOT NULL REFERENCES runs(run_id),
    -- The job's index in its RunSpec, so a run's jobs read back in compile order.
    run_index    INTEGER NOT NULL,
    state        TEXT NOT NULL CHECK (state IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')),
    position     REAL NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    attempts     INTEGER NOT NULL DEFAULT 0,
    passed_over  INTEGER NOT NULL DEFAULT 0,
    model        TEXT NOT NULL,
    backend      TEXT,
    last_error   TEXT,
    failed_stage TEXT,
    created_at   TEXT NOT NULL,
    started_at   TEXT,
    finished_at  TEXT,
    -- Strictly increasing finish counter: "newest first" must not depend on clock resolution.
    finished_seq INTEGER,
    -- Copies of spec fields so summaries and history filters never parse spec_json.
    graph_id     TEXT NOT NULL,
    pack_id      TEXT,
    prompt       TEXT NOT NULL,
    seed         INTEGER NOT NULL,
    stages       TEXT NOT NULL,
    spec_json    TEXT NOT NULL
  ) STRICT;

  -- claim(): the queued jobs in claim order (rowid is the implicit last key, the tie-break).
  CREATE INDEX jobs_claim ON jobs(priority DESC, position) WHERE state = 'queued';
  -- move()/submit(): neighbours and ends among the jobs still in the queue.
  CREATE INDEX jobs_live ON jobs(position) WHERE state IN ('queued', 'running');
  -- snapshot()/recover(): the few running jobs, without scanning the finished ones.
  CREATE INDEX jobs_running ON jobs(started_at) WHERE state = 'running';
  CREATE INDEX jobs_run ON jobs(run_id, run_index);
  -- Newest finished first, and MAX(finished_seq) for the next one (not partial, so MAX can use it).
  CREATE INDEX jobs_finished ON jobs(finished_seq);
  CREATE INDEX jobs_graph_finished ON jobs(graph_id, finished_seq);

  -- No foreign key to jobs: a video is a run-level artifact, and a re-run after a crash
  -- replaces its artifacts in place.
  CREATE TABLE artifacts (
    artifact_id TEXT PRIMARY KEY,
    job_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    stage_id    TEXT NOT NULL,
    idx         INTEGER NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('image', 'video')),
    path        TEXT NOT NULL,
    thumb_path  TEXT,
    width       INTEGER NOT NULL,
    height      INTEGER NOT NULL,
    created_at  TEXT NOT NULL
  ) STRICT;
  CREATE INDEX artifacts_job ON artifacts(job_id, stage_id, idx);
  CREATE INDEX artifacts_run ON artifacts(run_id);
  CREATE INDEX artifacts_stage ON artifacts(stage_id, created_at);

  CREATE TABLE stage_cache (
    cache_key    TEXT PRIMARY KEY,
    artifact_ids TEXT NOT NULL,
    created_at   TEXT NOT NULL
  ) STRICT;

  CREATE TABLE ratings (
    target_kind TEXT NOT NULL CHECK (target_kind IN ('job', 'image')),
    target_id   TEXT NOT NULL,
    rating      REAL NOT NULL CHECK (rating >= 0 AND rating <= 5),
    at          TEXT NOT NULL,
    PRIMARY KEY (target_kind, target_id)
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX ratings_value ON ratings(target_kind, rating);
  `,
  // 2: durable run-level work (videos) and lines waiting to be appended to a learning file.
  `
  -- A run's video stage as a work item: 'waiting' for its frames, 'encoding', 'done' or 'failed'.
  -- A restart finds the encodes a crash interrupted here (see exec/video-recovery.ts).
  CREATE TABLE videos (
    run_id     TEXT NOT NULL REFERENCES runs(run_id),
    stage_id   TEXT NOT NULL,
    state      TEXT NOT NULL CHECK (state IN ('waiting', 'encoding', 'done', 'failed')),
    error      TEXT,
    attempts   INTEGER NOT NULL DEFAULT 0,
    -- 1 when it failed because some of its frames' jobs did not succeed: retrying those jobs
    -- makes it; 0 for an encode that failed (made again only on request).
    frames_failed INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (run_id, stage_id)
  ) STRICT;
  CREATE INDEX videos_open ON videos(state) WHERE state IN ('waiting', 'encoding');

  -- Learning-log and rating lines not yet in their .jsonl file (a read-only or full folder):
  -- kept here until written, in order, so none is silently dropped.
  CREATE TABLE pending_lines (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    file       TEXT NOT NULL,
    line       TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  `,
  // 3: the gallery (issue 12). Copies of the job's filter fields on each artifact row, kept by
  // triggers (the ratings table stays the one source of truth; artifacts.rating is its index),
  // so a gallery page is one ordered index range with no join; and tombstones of deleted images.
  `
  ALTER TABLE artifacts ADD COLUMN run_created_at TEXT NOT NULL DEFAULT '';
  ALTER TABLE artifacts ADD COLUMN graph_id TEXT;
  ALTER TABLE artifacts ADD COLUMN pack_id TEXT;
  ALTER TABLE artifacts ADD COLUMN model TEXT;
  ALTER TABLE artifacts ADD COLUMN sampler TEXT;
  ALTER TABLE artifacts ADD COLUMN prompt TEXT;
  ALTER TABLE artifacts ADD COLUMN job_state TEXT;
  -- 0 = unrated (a cleared rating is stored as 0 too).
  ALTER TABLE artifacts ADD COLUMN rating REAL NOT NULL DEFAULT 0;

  CREATE TRIGGER artifacts_gallery_fill AFTER INSERT ON artifacts BEGIN
    UPDATE artifacts SET
      run_created_at = IFNULL((SELECT created_at FROM runs WHERE run_id = NEW.run_id), NEW.created_at),
      graph_id = IFNULL((SELECT graph_id FROM jobs WHERE job_id = NEW.job_id), (SELECT graph_id FROM runs WHERE run_id = NEW.run_id)),
      pack_id = (SELECT pack_id FROM jobs WHERE job_id = NEW.job_id),
      model = (SELECT model FROM jobs WHERE job_id = NEW.job_id),
      sampler = (SELECT json_extract(spec_json, '$.plan.stages[0].config.values.sampler_name') FROM jobs WHERE job_id = NEW.job_id),
      prompt = (SELECT prompt FROM jobs WHERE job_id = NEW.job_id),
      job_state = (SELECT state FROM jobs WHERE job_id = NEW.job_id),
      rating = IFNULL((SELECT rating FROM ratings WHERE target_kind = 'image' AND target_id = NEW.artifact_id), 0)
    WHERE artifact_id = NEW.artifact_id;
  END;
  -- A re-run's upsert keeps the id, so the copies stay right; only a changed owner re-copies them.
  CREATE TRIGGER artifacts_gallery_refill AFTER UPDATE OF job_id, run_id ON artifacts BEGIN
    UPDATE artifacts SET
      run_created_at = IFNULL((SELECT created_at FROM runs WHERE run_id = NEW.run_id), NEW.created_at),
      graph_id = IFNULL((SELECT graph_id FROM jobs WHERE job_id = NEW.job_id), (SELECT graph_id FROM runs WHERE run_id = NEW.run_id)),
      pack_id = (SELECT pack_id FROM jobs WHERE job_id = NEW.job_id),
      model = (SELECT model FROM jobs WHERE job_id = NEW.job_id),
      sampler = (SELECT json_extract(spec_json, '$.plan.stages[0].config.values.sampler_name') FROM jobs WHERE job_id = NEW.job_id),
      prompt = (SELECT prompt FROM jobs WHERE job_id = NEW.job_id),
      job_state = (SELECT state FROM jobs WHERE job_id = NEW.job_id)
    WHERE artifact_id = NEW.artifact_id;
  END;
  CREATE TRIGGER jobs_state_to_artifacts AFTER UPDATE OF state ON jobs BEGIN
    UPDATE artifacts SET job_state = NEW.state WHERE job_id = NEW.job_id;
  END;
  CREATE TRIGGER ratings_to_artifacts_insert AFTER INSERT ON ratings WHEN NEW.target_kind = 'image' BEGIN
    UPDATE artifacts SET rating = NEW.rating WHERE artifact_id = NEW.target_id;
  END;
  CREATE TRIGGER ratings_to_artifacts_update AFTER UPDATE ON ratings WHEN NEW.target_kind = 'image' BEGIN
    UPDATE artifacts SET rating = NEW.rating WHERE artifact_id = NEW.target_id;
  END;
  CREATE TRIGGER ratings_to_artifacts_delete AFTER DELETE ON ratings WHEN OLD.target_kind = 'image' BEGIN
    UPDATE artifacts SET rating = 0 WHERE artifact_id = OLD.target_id;
  END;

  UPDATE artifacts SET
    run_created_at = IFNULL((SELECT created_at FROM runs WHERE run_id = artifacts.run_id), artifacts.created_at),
    graph_id = IFNULL((SELECT graph_id FROM jobs WHERE job_id = artifacts.job_id), (SELECT graph_id FROM runs WHERE run_id = artifacts.run_id)),
    pack_id = (SELECT pack_id FROM jobs WHERE job_id = artifacts.job_id),
    model = (SELECT model FROM jobs WHERE job_id = artifacts.job_id),
    sampler = (SELECT json_extract(spec_json, '$.plan.stages[0].config.values.sampler_name') FROM jobs WHERE job_id = artifacts.job_id),
    prompt = (SELECT prompt FROM jobs WHERE job_id = artifacts.job_id),
    job_state = (SELECT state FROM jobs WHERE job_id = artifacts.job_id),
    rating = IFNULL((SELECT rating FROM ratings WHERE target_kind = 'image' AND target_id = artifacts.artifact_id), 0);

  -- Gallery order is (run_created_at, run_id, created_at, artifact_id) descending: grouped by run,
  -- newest run first. One index per equality filter, each ending in that order, so a filtered
  -- page is an index range read backwards; images only (videos have no thumbnail to show).
  CREATE INDEX gallery_date ON artifacts(run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_run ON artifacts(run_id, run_created_at, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_graph ON artifacts(graph_id, run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_pack ON artifacts(pack_id, run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_model ON artifacts(model, run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_sampler ON artifacts(sampler, run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_state ON artifacts(job_state, run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  CREATE INDEX gallery_rating ON artifacts(rating, run_created_at, run_id, created_at, artifact_id) WHERE kind = 'image';
  -- Prompt text: LIKE '%…%' cannot seek, but scanning an index is several times cheaper than
  -- scanning table rows. The narrow one (prompt, rowid) finds the matching rows; the wide one
  -- carries every filter column, so counting or grouping text matches under other filters never
  -- reads a row (server/gallery/query.ts, docs/api.md "Gallery").
  CREATE INDEX gallery_prompt ON artifacts(prompt) WHERE kind = 'image';
  CREATE INDEX gallery_prompt_filters ON artifacts(prompt, rating, job_state, graph_id, run_id, pack_id, model, sampler, created_at, run_created_at)
    WHERE kind = 'image';
  -- Deleting an image asks whether another row (a cache hit) still uses its file.
  CREATE INDEX artifacts_path ON artifacts(path);
  CREATE INDEX artifacts_thumb ON artifacts(thumb_path);

  -- What a deleted image was (its job and run), so a rating that is kept still says what it rated.
  CREATE TABLE removed_artifacts (
    artifact_id TEXT PRIMARY KEY,
    job_id      TEXT NOT NULL,
    run_id      TEXT NOT NULL,
    removed_at  TEXT NOT NULL
  ) STRICT;
  `,
  // 4: jobs whose learning the user gave up when deleting (forgetLearning, gallery/prune.ts): their
  // lines leave learning_log.jsonl and they stop counting in insights, favourites and the CSV
  // export. The job itself stays in History.
  `
  CREATE TABLE forgotten_jobs (
    job_id       TEXT PRIMARY KEY,
    forgotten_at TEXT NOT NULL
  ) STRICT;
  `,
]

/** The schema version a file opened by this build ends at. */
export const SCHEMA_VERSION = MIGRATIONS.length

export function openDatabase(file: string): Db {
  const db = new Database(file)
  try {
    // WAL: readers (HTTP routes, CLI) never block the worker's writes, and a crash loses at
    // most the last transactions, never corrupts. NORMAL is durable enough with WAL (a power
    // cut may drop the last commits, an app crash drops none) and avoids an fsync per claim.
    db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    // A second process (the CLI next to the server) waits for the lock instead of failing.
    db.pragma('busy_timeout = 5000')
    db.pragma('foreign_keys = ON')
    migrate(db)
    return db
  } catch (err) {
    db.close()
    throw err
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number
  if (current > MIGRATIONS.length) {
    throw new Error(`The database was written by a newer version (schema ${current}, this build knows ${MIGRATIONS.length}); refusing to open it.`)
  }
  for (let v = current; v < MIGRATIONS.length; v++) {
    // Each step and its version bump commit together, so a crash mid-migration re-runs the step.
    db.transaction(() => {
      db.exec(MIGRATIONS[v]!)
      db.pragma(`user_version = ${v + 1}`)
    }).immediate()
  }
}
