/**
 * Drops lines from a JSONL file atomically, reading and writing it in chunks: a learning log of
 * 100,000 jobs is hundreds of megabytes, more than one string may hold. Every kept line is
 * written back byte for byte (a torn last line without its newline too); the file is replaced
 * by rename after an fsync, and only when a line was dropped.
 */
import { createReadStream } from 'node:fs'
import { open, rename, rm } from 'node:fs/promises'
import { tempPathBeside } from './atomic.ts'

const NEWLINE = 0x0a
/** Kept bytes are written in batches of about this size. */
const BATCH_BYTES = 1 << 20

/** Returns how many lines `drop` took out; 0 (file untouched) when none, or when the file is missing. */
export async function dropLinesAtomic(path: string, drop: (line: string) => boolean): Promise<number> {
  const temp = tempPathBeside(path)
  let input: ReturnType<typeof createReadStream>
  try {
    input = createReadStream(path)
    await new Promise<void>((resolve, reject) => { input.once('open', () => resolve()); input.once('error', reject) })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0
    throw e
  }
  const out = await open(temp, 'w')
  let dropped = 0
  try {
    let pending: Buffer[] = []
    let pendingBytes = 0
    const keep = async (bytes: Buffer): Promise<void> => {
      pending.push(bytes)
      pendingBytes += bytes.length
      if (pendingBytes >= BATCH_BYTES) {
        await out.write(Buffer.concat(pending))
        pending = []
        pendingBytes = 0
      }
    }
    let carry: Buffer = Buffer.alloc(0)
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const data = carry.length > 0 ? Buffer.concat([carry, chunk]) : chunk
      let start = 0
      // A newline byte never occurs inside a UTF-8 sequence: splitting bytes is splitting lines.
      for (let nl = data.indexOf(NEWLINE, start); nl !== -1; nl = data.indexOf(NEWLINE, start)) {
        const line = data.subarray(start, nl + 1)
        if (drop(line.subarray(0, line.length - 1).toString('utf8'))) dropped++
        else await keep(line)
        start = nl + 1
      }
      carry = Buffer.from(data.subarray(start))
    }
    // The last piece has no newline: a torn line, kept as it is.
    if (carry.length > 0) await keep(carry)
    if (pendingBytes > 0) await out.write(Buffer.concat(pending))
    if (dropped > 0) await out.sync()
  } catch (e) {
    input.destroy()
    await out.close()
    await rm(temp, { force: true })
    throw e
  }
  await out.close()
  if (dropped === 0) {
    await rm(temp, { force: true })
    return 0
  }
  try {
    await rename(temp, path)
  } catch (e) {
    await rm(temp, { force: true })
    throw e
  }
  return dropped
}
