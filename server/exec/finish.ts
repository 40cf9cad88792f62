/**
 * The end of a job whose WebUI work is done, off the critical path: wait for its files, write the
 * manifest, mark it succeeded, append its learning-log line, announce it, and let the video maker
 * look at its run. A failure to save fails the job (its images would be lost otherwise).
 */
import type { QueuedJob } from '../queue/types.ts'
import type { Backend } from './backends.ts'
import type { Learning } from './learning.ts'
import { writeManifest } from './outputs.ts'
import type { ExecDeps, GeneratedJob } from './run-job.ts'
import type { JobManifest, OutputRef } from './types.ts'
import type { VideoMaker } from './video.ts'

export type { Learning } from './learning.ts'

export async function finishJob(
  job: QueuedJob,
  backend: Backend,
  result: GeneratedJob,
  deps: ExecDeps,
  learning: Learning,
  video: VideoMaker,
): Promise<void> {
  const spec = job.spec
  let outputs: OutputRef[]
  try {
    outputs = await result.persisted
  } catch (e) {
    const error = `Saving the outputs failed: ${(e as Error).message}`
    if (deps.queue.fail(job.jobId, error, null)) {
      deps.bus.publish({ type: 'job-failed', jobId: job.jobId, runId: job.runId, stageId: null, error })
      video.jobFinished(job.runId)
    }
    return
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
    const error = `Writing the manifest failed: ${(e as Error).message}`
    if (deps.queue.fail(job.jobId, error, null)) deps.bus.publish({ type: 'job-failed', jobId: job.jobId, runId: job.runId, stageId: null, error })
    return
  }
  // Cancelled while its files were being written: the files stay, the job is not completed.
  if (!deps.queue.succeed(job.jobId)) return
  try {
    await learning.recordJob(job, backend.id, result, outputs, finishedAt, durationMs)
  } catch {
    // The learning log is a by-product; a full disk here must not undo a finished job.
  }
  deps.bus.publish({ type: 'job-done', jobId: job.jobId, runId: job.runId })
  video.jobFinished(job.runId)
}
