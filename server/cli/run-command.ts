/**
 * `flow run FILE [--webui URL] [--data DIR] [--seed N]`: compiles a graph, queues it in the data
 * folder's queue, runs it on the WebUI (or the built-in simulator when none is given), shows a
 * progress bar per job, and exits 0 only if every job (and video) of the run succeeded.
 * It works the data folder's queue like the server does; it exits when its own run is done.
 */
import { parseArgs } from 'node:util'
import { compile } from '../../engine/compile/compile.ts'
import type { ServerEvent } from '../../engine/api/events.ts'
import { compileResources } from '../app/deps.ts'
import { dataPaths } from '../data/paths.ts'
import { createEventBus } from '../events/bus.ts'
import { createExecutor } from '../exec/index.ts'
import { createLibraryStore } from '../library/store.ts'
import { maskIds } from '../library/masks.ts'
import { openStore } from '../queue/index.ts'
import { startSimulator, type SimHandle } from '../sim/index.ts'
import { parseSeed, readGraphFile } from './args.ts'
import { UsageError } from './flow.ts'
import { ProgressView } from './progress-view.ts'

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { webui: { type: 'string' }, data: { type: 'string', default: 'data' }, seed: { type: 'string' } },
  })
  const file = positionals[0]
  if (!file || positionals.length > 1) throw new UsageError('run takes exactly one graph file')
  const read = await readGraphFile(file)
  if (!read.ok) {
    process.stderr.write(`cannot read the graph: ${read.message}\n`)
    return 1
  }
  const graph = read.graph
  const webui = values.webui ?? process.env.WEBUI_URL
  if (webui !== undefined) {
    try { new URL(webui) } catch { throw new UsageError(`--webui must be a URL like http://127.0.0.1:7860, got "${webui}"`) }
  }

  const paths = dataPaths(values.data)
  const library = createLibraryStore(paths)
  await library.seedExamples()
  const store = openStore(paths.database)
  store.queue.recover()
  let sim: SimHandle | null = null
  if (!webui) {
    sim = await startSimulator({ port: 0, stepMs: 10 })
    process.stderr.write(`no --webui given: using the built-in SIMULATED WebUI at ${sim.url}\n`)
  }
  const bus = createEventBus()
  const executor = createExecutor({ paths, store, bus, webuiUrls: [webui ?? sim!.url], simulated: sim !== null })
  try {
    await executor.start()
    const down = executor.backends().filter((b) => b.state !== 'up')
    if (down.length === executor.backends().length) {
      process.stderr.write(`cannot reach the WebUI at ${down.map((b) => b.url).join(', ')}: ${down[0]?.lastError ?? 'no answer'}\n`)
      return 1
    }
    const resources = await executor.resources()
    const result = compile(graph, {
      ...(await library.compileContext()),
      resources: compileResources(resources),
      masks: await maskIds(paths),
      runSeed: values.seed !== undefined ? parseSeed(values.seed) : Math.floor(Math.random() * 4294967294),
      now: new Date().toISOString(),
    })
    for (const w of result.warnings) process.stderr.write(`warning: ${w.message}\n`)
    if (result.errors.length > 0 || !result.run) {
      for (const e of result.errors) process.stderr.write(`error: ${e.message}\n`)
      return 1
    }
    const run = result.run
    // A job runs on one WebUI: refuse before anything is queued or sent if none has all it needs.
    const unroutable = executor.routeProblems(run)
    if (unroutable.length > 0) {
      for (const p of unroutable) process.stderr.write(`error: ${p.message}\n`)
      return 1
    }
    const jobIds = new Set(run.jobs.map((j) => j.jobId))
    const view = new ProgressView(process.stdout, run.jobs.map((j, i) => ({ jobId: j.jobId, label: `job ${i + 1}/${run.jobs.length} ${j.filenameTemplate.split('_{')[0]}` })))
    const videosLeft = new Set(run.videos.map((v) => v.stageId))
    let videoFailed = false
    const cleanups: (() => void)[] = []
    const done = new Promise<void>((resolve) => {
      let finished = false
      const check = (): void => {
        if (finished) return
        const open = [...jobIds].some((id) => { const s = store.queue.get(id)?.state; return s === 'queued' || s === 'running' })
        const failed = [...jobIds].some((id) => store.queue.get(id)?.state !== 'succeeded')
        if (!open && (videosLeft.size === 0 || failed || videoFailed)) { finished = true; resolve() }
      }
      cleanups.push(bus.subscribe((event: ServerEvent) => {
        view.handle(event)
        if (event.type === 'video-done' && event.runId === run.runId) videosLeft.delete(event.stageId)
        if (event.type === 'video-failed' && event.runId === run.runId) { videoFailed = true; process.stderr.write(`video ${event.stageId} failed: ${event.error}\n`) }
        check()
      }))
      // Queue changes without an event (a cancel from another process) are checked a moment later,
      // after the executor has published the job's own event.
      let timer: NodeJS.Timeout | undefined
      cleanups.push(store.queue.onChange(() => { clearTimeout(timer); timer = setTimeout(check, 50) }), () => clearTimeout(timer))
    })
    store.queue.submit(run)
    process.stdout.write(`queued run ${run.runId}: ${run.totals.jobs} jobs, ${run.totals.webuiCalls} WebUI calls${run.totals.videos ? `, ${run.totals.videos} video` : ''}\n`)
    await done
    for (const cleanup of cleanups) cleanup()
    const states = run.jobs.map((j) => store.queue.get(j.jobId)?.state)
    const ok = states.filter((s) => s === 'succeeded').length
    process.stdout.write(`${ok} of ${states.length} jobs succeeded; outputs in ${paths.outputs}/${run.runId}\n`)
    return ok === states.length && !videoFailed ? 0 : 1
  } finally {
    await executor.stop()
    store.close()
    await sim?.close()
  }
}
