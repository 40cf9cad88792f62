/**
 * `flow run GRAPH [--pack ID[:ROWS] …] [--split per-pack|one] [--pack-node ID] [--webui URL]
 * [--data DIR] [--seed N]`: GRAPH is a graph file, or the id of a graph in the data folder's
 * library. With --pack, the graph's pack node runs on those packs instead (one run per pack by
 * default; the saved graph is not changed). Compiles, queues the run(s) in the data folder's queue, runs it on the WebUI (or the built-in simulator when none is given), shows a
 * progress bar per job, and exits 0 only if every job (and video) of the run succeeded.
 * It works the data folder's queue like the server does; it exits when its own run is done.
 */
import { parseArgs } from 'node:util'
import { withSourceImageCheck } from '../../engine/compile/source-images.ts'
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
import { parseSeed } from './args.ts'
import { UsageError } from './flow.ts'
import type { RunSpec } from '../../engine/compile/spec.ts'
import { graphsToRun } from './run-graphs.ts'
import { parsePackArgs, parseSplit } from './pack-args.ts'
import { ProgressView } from './progress-view.ts'
import { uploadIds } from '../data/uploads.ts'

export async function runCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      webui: { type: 'string' }, data: { type: 'string', default: 'data' }, seed: { type: 'string' },
      pack: { type: 'string', multiple: true }, split: { type: 'string' }, 'pack-node': { type: 'string' },
    },
  })
  const file = positionals[0]
  if (!file || positionals.length > 1) throw new UsageError('run takes exactly one graph (a file or a library graph id)')
  const packs = parsePackArgs(values.pack ?? [])
  const split = parseSplit(values.split)
  if (packs.length === 0 && (values.split !== undefined || values['pack-node'] !== undefined)) throw new UsageError('--split and --pack-node need at least one --pack')
  const webui = values.webui ?? process.env.WEBUI_URL
  if (webui !== undefined) {
    try { new URL(webui) } catch { throw new UsageError(`--webui must be a URL like http://127.0.0.1:7860, got "${webui}"`) }
  }

  const paths = dataPaths(values.data)
  const library = createLibraryStore(paths)
  await library.seedExamples()
  const graphs = await graphsToRun(file, library, packs, split, values['pack-node'])
  if (!graphs.ok) {
    process.stderr.write(`${graphs.message}\n`)
    return 1
  }
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
    const context = { ...(await library.compileContext()), masks: await maskIds(paths), uploads: await uploadIds(paths) }
    const runSeed = values.seed !== undefined ? parseSeed(values.seed) : Math.floor(Math.random() * 4294967294)
    const now = new Date().toISOString()
    const runs: RunSpec[] = []
    for (const g of graphs.list) {
      const compiled = compile(g.graph, { ...context, resources: compileResources(resources), runSeed, now })
      const result = withSourceImageCheck(compiled, (id) => store.artifacts.get(id) !== undefined)
      const where = g.packIds ? `[${g.packIds.join(', ')}] ` : ''
      for (const w of result.warnings) process.stderr.write(`warning: ${where}${w.message}\n`)
      if (result.errors.length > 0 || !result.run) {
        for (const e of result.errors) process.stderr.write(`error: ${where}${e.message}\n`)
        return 1
      }
      // A job runs on one WebUI: refuse before anything is queued or sent if none has all it needs.
      const unroutable = executor.routeProblems(result.run)
      if (unroutable.length > 0) {
        for (const p of unroutable) process.stderr.write(`error: ${where}${p.message}\n`)
        return 1
      }
      runs.push(result.run)
    }
    const allJobs = runs.flatMap((r) => r.jobs)
    const jobIds = new Set(allJobs.map((j) => j.jobId))
    const label = (j: RunSpec['jobs'][number]) => `${runs.length > 1 || packs.length > 0 ? `${j.packId ?? '-'} ` : ''}${j.filenameTemplate.split('_{')[0]}`
    const view = new ProgressView(process.stdout, allJobs.map((j, i) => ({ jobId: j.jobId, label: `job ${i + 1}/${allJobs.length} ${label(j)}` })))
    const runIds = new Set(runs.map((r) => r.runId))
    const videosLeft = new Set(runs.flatMap((r) => r.videos.map((v) => `${r.runId}/${v.stageId}`)))
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
        if (event.type === 'video-done' && runIds.has(event.runId)) videosLeft.delete(`${event.runId}/${event.stageId}`)
        if (event.type === 'video-failed' && runIds.has(event.runId)) { videoFailed = true; process.stderr.write(`video ${event.stageId} failed: ${event.error}\n`) }
        check()
      }))
      // Queue changes without an event (a cancel from another process) are checked a moment later,
      // after the executor has published the job's own event.
      let timer: NodeJS.Timeout | undefined
      cleanups.push(store.queue.onChange(() => { clearTimeout(timer); timer = setTimeout(check, 50) }), () => clearTimeout(timer))
    })
    for (const [i, run] of runs.entries()) {
      store.queue.submit(run)
      const on = graphs.list[i]!.packIds ? ` on ${graphs.list[i]!.packIds!.join(', ')}` : ''
      process.stdout.write(`queued run ${run.runId}${on}: ${run.totals.jobs} jobs, ${run.totals.webuiCalls} WebUI calls${run.totals.videos ? `, ${run.totals.videos} video` : ''}\n`)
    }
    await done
    for (const cleanup of cleanups) cleanup()
    const states = allJobs.map((j) => store.queue.get(j.jobId)?.state)
    const ok = states.filter((s) => s === 'succeeded').length
    process.stdout.write(`${ok} of ${states.length} jobs succeeded; outputs in ${runs.map((r) => `${paths.outputs}/${r.runId}`).join(', ')}\n`)
    return ok === states.length && !videoFailed ? 0 : 1
  } finally {
    await executor.stop()
    store.close()
    await sim?.close()
  }
}
