/**
 * Forgetting learning lines when deleting (issue 12 §4): the rewrite of learning_log.jsonl goes
 * through the one line writer, drops exactly the deleted jobs' lines (waiting ones too), keeps
 * every other line byte for byte (one appended during the prune included), and the CLI does it
 * only when no other process appends.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RunSpec } from '../../../engine/compile/spec.ts'
import { pruneCommand } from '../../../server/cli/prune-command.ts'
import { dataPaths, type DataPaths } from '../../../server/data/paths.ts'
import { claimRewrite, registerLineWriter, RewriteRefused } from '../../../server/data/writer-lock.ts'
import { LEARNING_LOG } from '../../../server/exec/learning.ts'
import { LineWriter } from '../../../server/exec/line-writer.ts'
import { Pruner } from '../../../server/gallery/prune.ts'
import { openStore, type Store } from '../../../server/queue/index.ts'
import { createLearningSource } from '../../../server/learning/source.ts'
import { batchRun } from '../queue/helpers.ts'

let dir: string
let paths: DataPaths
let store: Store
let writer: LineWriter
let pruner: Pruner
let a: RunSpec
let b: RunSpec
let log: string

const line = (jobId: string, n: number) => JSON.stringify({ schema: 'stablenew-flow.learning.v1', jobId, n })

function finishedRun(seed: number): RunSpec {
  const run = batchRun(2, seed)
  store.queue.submit(run)
  for (const _ of run.jobs) store.queue.succeed(store.queue.claim('b0', null)!.jobId)
  for (const [i, j] of run.jobs.entries()) {
    const folder = join(dir, 'outputs', run.runId)
    mkdirSync(folder, { recursive: true })
    writeFileSync(join(folder, `${j.jobId}.png`), 'png')
    store.artifacts.add({ artifactId: `img-${j.jobId}`, jobId: j.jobId, runId: run.runId, stageId: 't', index: i, kind: 'image', path: `outputs/${run.runId}/${j.jobId}.png`, thumbPath: null, width: 8, height: 8, createdAt: new Date().toISOString() })
  }
  return run
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flow-forget-'))
  paths = dataPaths(dir)
  store = openStore(paths.database)
  writer = new LineWriter(paths, store.pendingLines, 50)
  pruner = new Pruner(paths, store.db, store.pendingLines, undefined, (ids) => writer.forgetLines(LEARNING_LOG, ids))
  a = finishedRun(1)
  b = finishedRun(2)
  log = join(dir, 'learning', 'learning_log.jsonl')
  mkdirSync(join(dir, 'learning'), { recursive: true })
})
afterEach(() => {
  writer.stop()
  store.close()
  rmSync(dir, { recursive: true, force: true })
})

/** B's lines (odd spacing and a non-JSON line among them) around A's; returns what must stay. */
function seedLog(): string {
  const [a0, a1] = a.jobs.map((j) => j.jobId)
  const [b0, b1] = b.jobs.map((j) => j.jobId)
  const keep = [line(b0!, 1), `{ "jobId" : "${b1}",   "n": 2 }`, 'not json at all', `{"jobId":"${b0}","note":"é ✓"}`]
  writeFileSync(log, [keep[0], line(a0!, 1), keep[1], line(a1!, 2), keep[2], line(a0!, 3), keep[3]].join('\n') + '\n')
  return keep.join('\n') + '\n'
}

describe('forgetLearning', () => {
  it('removes exactly the deleted run’s lines, waiting ones too, and keeps a line appended during the prune', async () => {
    const kept = seedLog()
    // Waiting in the table, not yet in the file: A's must never be written, B's must.
    store.pendingLines.add(LEARNING_LOG, line(a.jobs[0]!.jobId, 9))
    store.pendingLines.add(LEARNING_LOG, line(b.jobs[0]!.jobId, 9))
    const pruning = pruner.deleteRun(a.runId, { forgetLearning: true })
    // Appended while the prune runs (a job of another run finishing).
    const during = line(b.jobs[1]!.jobId, 10)
    store.pendingLines.add(LEARNING_LOG, during)
    const appending = writer.flush(LEARNING_LOG)
    const r = await pruning
    await appending
    await writer.flush()
    expect(r.forgottenJobs).toEqual(a.jobs.map((j) => j.jobId).sort())
    expect(r.learningLinesRemoved).toBe(4)
    const text = readFileSync(log, 'utf8')
    expect(text.startsWith(kept)).toBe(true)
    expect(text.slice(kept.length).split('\n').filter(Boolean).sort()).toEqual([line(b.jobs[0]!.jobId, 9), during].sort())
    expect(store.pendingLines.count()).toBe(0)
  })

  it('keeps every line without the option, and on a dry run', async () => {
    seedLog()
    const before = readFileSync(log)
    const dry = await pruner.deleteRun(a.runId, { forgetLearning: true, dryRun: true })
    expect(dry).toMatchObject({ forgottenJobs: a.jobs.map((j) => j.jobId).sort(), learningLinesRemoved: 0 })
    expect(readFileSync(log).equals(before)).toBe(true)
    const r = await pruner.deleteRun(a.runId)
    expect(r.deleted).toHaveLength(2)
    expect(r.forgottenJobs).toBeUndefined()
    expect(readFileSync(log).equals(before)).toBe(true)
  })

  it('for images: forgets only the jobs left with no image', async () => {
    const kept = seedLog()
    const r = await pruner.deleteImages([`img-${a.jobs[0]!.jobId}`], { forgetLearning: true })
    expect(r.forgottenJobs).toEqual([a.jobs[0]!.jobId])
    expect(r.learningLinesRemoved).toBe(2)
    const text = readFileSync(log, 'utf8')
    expect(text).toContain(line(a.jobs[1]!.jobId, 2))
    expect(text).not.toContain(a.jobs[0]!.jobId)
    expect(text.replace(line(a.jobs[1]!.jobId, 2) + '\n', '')).toBe(kept)
  })

  it('a forgotten job that is retried counts again once it has run (the user forgot its old record, not the new one)', async () => {
    const c = batchRun(1, 3)
    store.queue.submit(c)
    const jobId = store.queue.claim('b0', null)!.jobId
    store.queue.fail(jobId, 'the WebUI said no', 't')
    const r = await pruner.deleteRun(c.runId, { forgetLearning: true })
    expect(r.forgottenJobs).toEqual([jobId])
    const source = createLearningSource(store.db)
    expect((await source.jobs({})).map((j) => j.jobId)).not.toContain(jobId)
    store.queue.retry(jobId)
    store.queue.succeed(store.queue.claim('b0', null)!.jobId)
    expect((await source.jobs({})).map((j) => j.jobId)).toContain(jobId)
  })

  it('refuses without a line writer (a Pruner built without one)', async () => {
    const bare = new Pruner(paths, store.db, store.pendingLines)
    await expect(bare.deleteRun(a.runId, { forgetLearning: true })).rejects.toThrow(/writer/)
  })

  it('a writer postpones its appends while another process holds the rewrite lock', async () => {
    writeFileSync(join(paths.learning, '.rewrite.lock'), `${process.ppid}\n`)
    store.pendingLines.add(LEARNING_LOG, line('x', 1))
    await writer.flush(LEARNING_LOG)
    expect(existsSync(log)).toBe(false)
    expect(writer.lastError).toMatch(/rewriting the learning log/)
    rmSync(join(paths.learning, '.rewrite.lock'))
    await writer.flush(LEARNING_LOG)
    expect(readFileSync(log, 'utf8')).toBe(line('x', 1) + '\n')
  })
})

describe('flow prune --forget-learning', () => {
  const quiet = () => {
    const err: string[] = []
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    vi.spyOn(process.stderr, 'write').mockImplementation((s) => { err.push(String(s)); return true })
    return err
  }
  afterEach(() => { vi.restoreAllMocks() })

  it('removes the run’s lines when no other process appends', async () => {
    const kept = seedLog()
    store.pendingLines.add(LEARNING_LOG, line(a.jobs[1]!.jobId, 9))
    quiet()
    expect(await pruneCommand(['run', a.runId, '--data', dir, '--forget-learning'])).toBe(0)
    expect(readFileSync(log, 'utf8')).toBe(kept)
    expect(store.pendingLines.count()).toBe(0)
    expect(existsSync(join(paths.learning, '.rewrite.lock'))).toBe(false)
  })

  it('without the flag keeps the lines', async () => {
    seedLog()
    const before = readFileSync(log)
    quiet()
    expect(await pruneCommand(['run', a.runId, '--data', dir])).toBe(0)
    expect(readFileSync(log).equals(before)).toBe(true)
  })

  it('refuses, naming the reason, while a server (another live process) appends', async () => {
    seedLog()
    const before = readFileSync(log)
    mkdirSync(join(paths.learning, '.writers'), { recursive: true })
    writeFileSync(join(paths.learning, '.writers', String(process.ppid)), 'x')
    const err = quiet()
    expect(await pruneCommand(['run', a.runId, '--data', dir, '--forget-learning'])).toBe(1)
    expect(err.join('')).toMatch(/cannot forget learning lines: a running server or flow run \(pid \d+\) appends/)
    expect(readFileSync(log).equals(before)).toBe(true)
    // Nothing was deleted either: the refusal comes first.
    expect(store.artifacts.get(`img-${a.jobs[0]!.jobId}`)).toBeDefined()
    expect(existsSync(join(paths.learning, '.rewrite.lock'))).toBe(false)
  })

  it('a dead writer’s mark does not block; a live rewrite lock does', () => {
    mkdirSync(join(paths.learning, '.writers'), { recursive: true })
    writeFileSync(join(paths.learning, '.writers', '999999999'), 'x')
    const release = claimRewrite(paths)
    release()
    writeFileSync(join(paths.learning, '.rewrite.lock'), `${process.ppid}\n`)
    expect(() => claimRewrite(paths)).toThrow(RewriteRefused)
    rmSync(join(paths.learning, '.rewrite.lock'))
    const unregister = registerLineWriter(paths)
    // This process's own mark never blocks itself.
    claimRewrite(paths)()
    unregister()
  })
})
