/**
 * A1111's global `queue_lock`: one FIFO mutex shared by generation, extras, refreshes and model
 * loads. A second caller simply waits (no 503), and callers run in the order they asked.
 */
export class FifoLock {
  private tail: Promise<void> = Promise.resolve()
  private waiting = 0

  /** Number of callers holding or waiting for the lock. */
  get pending(): number {
    return this.waiting
  }

  /** Runs `fn` once every earlier caller has finished; `onHeld` gets the held duration in ms. */
  run<T>(fn: () => Promise<T>, onHeld?: (ms: number) => void): Promise<T> {
    this.waiting++
    const prev = this.tail
    let release!: () => void
    this.tail = new Promise<void>((r) => (release = r))
    return prev.then(async () => {
      const start = performance.now()
      try {
        return await fn()
      } finally {
        onHeld?.(performance.now() - start)
        this.waiting--
        release()
      }
    })
  }
}
