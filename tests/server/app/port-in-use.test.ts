/**
 * A port already in use stops the start with a clear error. It used to leave a server that never
 * listened while its workers ran the queue (the process guard kept the process alive).
 */
import { createServer } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { start } from './helpers.ts'

const taken: { close(): void }[] = []
afterEach(() => { for (const t of taken.splice(0)) t.close() })

describe('starting on a port that is taken', () => {
  it('rejects naming the address, instead of never listening', async () => {
    const blocker = createServer()
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r))
    taken.push(blocker)
    const port = (blocker.address() as { port: number }).port
    await expect(start({ port })).rejects.toThrow(`127.0.0.1:${port} is already in use`)
  }, 20_000)
})
