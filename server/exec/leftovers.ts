/**
 * What a killed process leaves in run folders: the temporary files of atomic writes that never
 * reached their rename (`.<name>.<12 hex>.tmp`, data/atomic.ts). At start, the folders of runs
 * that still have work (queued or running: the ones a crash interrupted) are swept; their jobs
 * write those files again. Video partial files are the video maker's (video.ts recover()).
 */
import { readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { DataPaths } from '../data/paths.ts'
import type { QueueStore } from '../queue/types.ts'
import { runFolder } from './outputs.ts'

const ATOMIC_TEMP = /^\..+\.[0-9a-f]{12}\.tmp$/

export async function removeInterruptedWrites(paths: DataPaths, queue: QueueStore): Promise<number> {
  const runIds = new Set(queue.snapshot({ finishedLimit: 0 }).jobs.map((j) => j.runId))
  let removed = 0
  for (const runId of runIds) {
    const outputDir = queue.jobsOfRun(runId)[0]?.spec.outputDir
    if (!outputDir) continue
    const folder = runFolder(paths, { outputDir })
    for (const dir of [folder, join(folder, 'manifests')]) {
      let names: string[]
      try {
        names = await readdir(dir)
      } catch {
        continue
      }
      for (const name of names.filter((n) => ATOMIC_TEMP.test(n))) {
        await rm(join(dir, name), { force: true })
        removed++
      }
    }
  }
  return removed
}
