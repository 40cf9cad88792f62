/**
 * Appends the lines waiting in the queue database (pending_lines) to their JSONL files, oldest
 * first, deleting each only after it was written. A write that fails (read-only folder, full
 * disk) stops the flush, keeps the line and every later one, and is tried again every
 * `retryMs` until it succeeds: the files end up with every line, in order, none twice (a line
 * is deleted right after its append, and a line whose delete failed is remembered as written;
 * only a crash between the append and the delete can repeat one, and readers key learning lines
 * by job id).
 */
import { appendFile } from 'node:fs/promises'
import { makeFolder } from '../data/atomic.ts'
import { dropLinesAtomic } from '../data/filter-lines.ts'
import { rewriteHolder } from '../data/writer-lock.ts'
import { dirname } from 'node:path'
import { inside, type DataPaths } from '../data/paths.ts'
import { describeStorage, storageProblem, StorageFailure } from '../data/storage.ts'
import type { PendingLine, PendingLines } from '../queue/pending-lines.ts'

const BATCH = 200

export class LineWriter {
  private running: Promise<void> | null = null
  private timer: ReturnType<typeof setTimeout> | null = null
  private stopped = false
  /**
   * Lines already appended to their file whose delete from the table failed (the database
   * refused the write): the next pass only deletes them, so a line is never appended twice while
   * this process lives.
   */
  private readonly appended = new Set<number>()
  /** The last failure, for /api/health; cleared by a flush that empties the table. */
  lastError: string | null = null

  constructor(private readonly paths: DataPaths, private readonly pending: PendingLines, private readonly retryMs: number) {}

  pendingCount(): number {
    return this.pending.count()
  }

  /**
   * Writes what is pending. Resolves when done; rejects with the failure (a StorageFailure naming
   * the file) when a line of `file` (any file, when omitted) could not be written: it stays
   * pending and a retry is scheduled. Lines of other files are written meanwhile: one unwritable
   * file does not hold back another.
   */
  async flush(file?: string): Promise<void> {
    const failed = await this.exclusive(() => this.drain())
    const mine = file === undefined ? failed.values().next().value : failed.get(file)
    if (mine) throw mine
  }

  /**
   * Removes every line of these jobs (by `jobId`) from `file`, in this writer's turn: no append
   * runs meanwhile, and lines appended before or after are kept byte for byte (torn or unreadable
   * lines too). Their lines still waiting in the table are dropped, never written. The file is
   * rewritten atomically (temp file, fsync, rename), and only when a line goes. Returns how many
   * lines went (file and table).
   */
  async forgetLines(file: string, jobIds: ReadonlySet<string>): Promise<number> {
    if (jobIds.size === 0) return 0
    const removed = await this.exclusive(async () => {
      const ofJob = (line: string): boolean => {
        try {
          const id = (JSON.parse(line) as { jobId?: unknown } | null)?.jobId
          return typeof id === 'string' && jobIds.has(id)
        } catch {
          return false
        }
      }
      let n = 0
      // Waiting lines first: one already appended (its delete failed) is in the file, handled below.
      for (let lastId = 0; ;) {
        const lines = this.pending.after(lastId, BATCH)
        if (lines.length === 0) break
        for (const l of lines) {
          lastId = l.id
          if (l.file !== file || !ofJob(l.line)) continue
          this.pending.remove(l.id)
          if (!this.appended.delete(l.id)) n++
        }
      }
      const target = inside(this.paths.root, ...file.split('/'))
      return n + await dropLinesAtomic(target, ofJob)
    })
    // Lines that arrived during the rewrite.
    this.flushSoon()
    return removed
  }

  /** Runs `work` when no flush or rewrite of this writer runs: appends and rewrites never overlap. */
  private async exclusive<T>(work: () => Promise<T>): Promise<T> {
    while (this.running) await this.running.catch(() => undefined)
    const run = work()
    this.running = run.then(() => undefined, () => undefined)
    try {
      return await run
    } finally {
      this.running = null
    }
  }

  /** flush() for callers that only want it to happen (errors are kept in `lastError`). */
  flushSoon(): void {
    this.flush().catch(() => undefined)
  }

  stop(): void {
    this.stopped = true
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  /** One pass over the table, in order; a file that fails is skipped for the rest of the pass. */
  private async drain(): Promise<Map<string, Error>> {
    const failed = new Map<string, Error>()
    // `flow prune --forget-learning` in another process is rewriting the log: wait for it.
    const holder = rewriteHolder(this.paths)
    if (holder !== null) {
      this.lastError = `flow prune (pid ${holder}) is rewriting the learning log; ${this.pending.count()} line(s) wait in the queue database`
      this.schedule()
      return failed
    }
    let lastId = 0
    for (;;) {
      const lines = this.pending.after(lastId, BATCH)
      if (lines.length === 0) break
      for (const l of lines) {
        lastId = l.id
        if (failed.has(l.file)) continue
        // A line already appended (its delete failed earlier) is only deleted, never appended again.
        if (!this.appended.has(l.id)) {
          const failure = await this.append(l)
          if (failure) {
            failed.set(l.file, failure)
            continue
          }
        }
        this.appended.add(l.id)
        try {
          this.pending.remove(l.id)
        } catch (e) {
          // The database refuses writes: the line is written and stays marked so (above); the
          // rest waits for the retry.
          this.lastError = `cannot update the queue database: ${(e as Error).message}; ${this.appended.size} written line(s) wait to be cleared`
          this.schedule()
          throw e
        }
        this.appended.delete(l.id)
      }
    }
    if (failed.size > 0) {
      this.lastError = `${[...failed.values()].map((e) => e.message).join('; ')}; ${this.pending.count()} line(s) kept in the queue database until they can be written`
      this.schedule()
    } else {
      this.lastError = null
    }
    return failed
  }

  /** Appends one line to its file; returns the failure (naming the file) instead of throwing. */
  private async append(l: PendingLine): Promise<Error | null> {
    try {
      const target = inside(this.paths.root, ...l.file.split('/'))
      await makeFolder(dirname(target))
      await appendFile(target, l.line.endsWith('\n') ? l.line : `${l.line}\n`)
      return null
    } catch (e) {
      // A write through an open file fails without a path: the file is the line's.
      const found = storageProblem(e, this.paths.root)
      const problem = found && { ...found, file: found.file ?? l.file }
      const message = problem ? describeStorage(problem) : `cannot write ${l.file}: ${(e as Error).message}`
      return problem ? new StorageFailure(problem, message) : new Error(message)
    }
  }

  private schedule(): void {
    if (this.stopped || this.timer) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flushSoon()
    }, this.retryMs)
    this.timer.unref?.()
  }
}
