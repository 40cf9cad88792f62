/**
 * The end of a job whose WebUI work is done, off the critical path: wait for its files, write the
 * manifest, mark it succeeded together with its learning-log line (stored in the queue database
 * in the same transaction, appended to the file right after), announce it, and let the video
 * maker look at its run. A failure to save fails the job with its real cause (its images would be
 * lost otherwise); a storage failure (full disk, read-only folder) also pauses the queue, since
 * every further job would lose its images the same way.
 */
import type { QueuedJob } from '../queue/types.ts'
import type { Backend } from './backends.ts'
import { Learning, LEARNING_LOG } from './learning.ts'
import type { LineWriter } from './line-writer.ts'
import { writeManifest } from './outputs.ts'
import type { ExecDeps, GeneratedJob } from './run-job.ts'
import type { StorageGuard } from './storage-guard.ts'
import type { JobManifest, OutputRef } from './types.ts'
import type { VideoMaker } from './video.ts'

export type { Learning } from './learning.ts'

export interface FinishDeps {
  learning: Learning
  lines: LineWriter
  guard: StorageGuard
  video: VideoMaker
}

/** The job's error for a failure while saving: the storage cause when there is one (and the queue paused). */
export async function savingError(what: string, e: unknown, guard: StorageGuard): Promise<string> {
  const problem = guard.classify(e)
  if (problem) return `${what} failed: ${await guard.onFailure(problem)}`
  return `${what} failed: ${(e as Error).message}`
}

export async function finishJob(job: QueuedJob, backend: Backend, result: GeneratedJob, deps: ExecDeps, f: FinishDeps): Promise<void> {
  const spec = job.spec
  const failWith = (error: string): void => {
    if (deps.queue.fail(job.jobId, error, null)) {
      deps.bus.publish({ type: 'job-failed', jobId: job.jobId, runId: job.runId, stageId: null, error })
      f.video.jobFinished(job.runId)
    }
  }
  let outputs: OutputRef[]
  try {
    outputs = await result.persisted
  } catch (e) {
    return failWith(await savingError('Saving the outputs', e, f.guard))
  }
  const finishedAt = new Date().toISOString()
  const durationMs = performance.now() - result.startMs
  const manifest: JobManifest = {
    schema: 'stablenew-flow.manifest.v1',
    jobId: job.jobId,
    runId: job.runId,
    graphId: spec.graphId,
    backend: backend.id,
    attempt: job.attempts,
    seed: spec.seed,
    prompt: spec.prompt,
    negativePrompt: spec.negativePrompt,
    stages: result.stages.map((s) => ({
      stageId: s.stage.stageId,
      kind: s.stage.kind,
      label: s.stage.label,
      inputFrom: s.stage.inputFrom,
      seeds: s.seeds,
      calls: s.calls,
    })),
    outputs,
    timings: result.stages.map((s) => s.timing),
    startedAt: result.startedAt,
    finishedAt,
    durationMs,
  }
  try {
    await writeManifest(deps.paths, spec, manifest)
  } catch (e) {
    return failWith(await savingError('Writing the manifest', e, f.guard))
  }
  const learningLine = Learning.line(job, backend.id, result, outputs, finishedAt, durationMs)
  const line = JSON.stringify(learningLine)
  // Cancelled while its files were being written: the files stay, the job is not completed.
  if (!deps.queue.succeed(job.jobId, () => deps.pendingLines.add(LEARNING_LOG, line))) return
  f.learning.noteTimes(learningLine)
  // Written before job-done, as before; an unwritable learning/ keeps the line in the database
  // (retried every few seconds, counted in /api/health) instead of failing a finished job.
  await f.lines.flush(LEARNING_LOG).catch(() => undefined)
  await f.learning.rememberConfigs(spec).catch(() => undefined)
  deps.bus.publish({ type: 'job-done', jobId: job.jobId, runId: job.runId })
  f.video.jobFinished(job.runId)
}
