/**
 * What the executor does about the data folder's storage: checks the free space before a job
 * starts (a configurable floor, MIN_FREE_MB, default 1 GB), and turns a storage failure during a
 * job (disk full, read-only or unwritable folder, I/O error) into a sentence for the job's error
 * and a pause of the queue with that reason. The queue stays paused until the user resumes it:
 * every further job would waste its generation on a disk that cannot take the images.
 */
import type { DataPaths } from '../data/paths.ts'
import { describeStorage, diskFullMessage, freeBytes, mb, storageProblem, type StorageProblem } from '../data/storage.ts'
import type { QueueStore } from '../queue/types.ts'

export interface StorageStatus {
  /** Free space in the data folder's file system, whole MB (null when unknown). */
  freeMB: number | null
  /** Below this a job does not start (MIN_FREE_MB); 0 turns the check off. */
  minFreeMB: number
}

export class StorageGuard {
  constructor(private readonly paths: DataPaths, private readonly queue: QueueStore, private readonly minFreeBytes: number) {}

  /** Asked before every job: statfs costs microseconds, and a cached answer could let a job start on a disk filled since. */
  private free(): Promise<number | null> {
    return freeBytes(this.paths.root)
  }

  async status(): Promise<StorageStatus> {
    const free = await this.free()
    return { freeMB: free === null ? null : mb(free), minFreeMB: mb(this.minFreeBytes) }
  }

  /**
   * True when a job may start. Below the floor the queue is paused with the reason (only when a
   * job is waiting: an idle queue is left alone) and false is returned.
   */
  async roomForAJob(): Promise<boolean> {
    // A paused queue gives no job anyway (and pausing it again would wake the workers again).
    if (this.minFreeBytes <= 0 || this.queue.isPaused()) return true
    const free = await this.free()
    if (free === null || free >= this.minFreeBytes) return true
    if (this.queue.snapshot({ finishedLimit: 0, queuedLimit: 0 }).counts.queued === 0) return true
    this.queue.pause(`only ${mb(free)} MB free in DATA_DIR, below the floor of ${mb(this.minFreeBytes)} MB (MIN_FREE_MB): no job starts. Free some space, then resume the queue.`)
    return false
  }

  /** The storage problem behind `e` (null for anything else). */
  classify(e: unknown): StorageProblem | null {
    return storageProblem(e, this.paths.root)
  }

  /**
   * A job hit a storage failure: the sentence for its error ("the disk is full (3 MB free in
   * DATA_DIR)" or "cannot write outputs/…: the file system is read-only (EROFS)"), and the queue
   * paused with it.
   */
  async onFailure(problem: StorageProblem): Promise<string> {
    const sentence = problem.kind === 'no-space' ? await diskFullMessage(this.paths.root, problem.file) : describeStorage(problem)
    this.queue.pause(`${sentence}. Paused by the server so no more generations are lost; ${problem.kind === 'no-space' ? 'free some space' : `make ${problem.file ?? 'the data folder'} writable`}, then resume the queue.`)
    return sentence
  }
}
