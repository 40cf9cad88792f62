/**
 * Measured stage times, for the queue's ETA. For each stage kind we keep the last SAMPLES
 * measurements of milliseconds per output image (a stage's wall time ÷ the images it made; a
 * txt2img call makes batch_size images, every later stage one call per image), from finished jobs'
 * stage timings. Cached stages (no WebUI call) are not measurements. The estimate of a stage is
 * `images × median`; a job's is the sum over its stages; the queue's is the sum over live jobs
 * (a running one minus its elapsed time) ÷ the WebUIs that are up. A kind never measured has no
 * estimate, and then neither has the job, its run, or the queue: the editor shows "—", never a guess.
 *
 * Known limits: steps and image size are not modelled (a 60-step job after 20-step ones is
 * underestimated), and a stage served from the cache is estimated as if it ran.
 */
import { open } from 'node:fs/promises'
/** What an estimate needs of a job's plan: each stage's kind and how many images it makes. */
export interface PlanShape { stages: readonly { kind: string; images: number }[] }

export const SAMPLES = 20
/** At start, measurements come from the end of the learning log; this much of it is read. */
export const LOG_TAIL_BYTES = 512 * 1024

export interface StageMeasure { kind: string; ms: number; images: number; cached: boolean }

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export class StageTimes {
  private readonly byKind = new Map<string, number[]>()

  add(m: StageMeasure): void {
    if (m.cached || m.images <= 0 || !(m.ms >= 0)) return
    const list = this.byKind.get(m.kind) ?? []
    list.push(m.ms / m.images)
    if (list.length > SAMPLES) list.splice(0, list.length - SAMPLES)
    this.byKind.set(m.kind, list)
  }

  /** Median ms per image of a kind and how many measurements it rests on; null when never measured. */
  perImage(kind: string): { ms: number; samples: number } | null {
    const list = this.byKind.get(kind)
    return list?.length ? { ms: median(list), samples: list.length } : null
  }

  all(): Record<string, { ms: number; samples: number }> {
    return Object.fromEntries([...this.byKind.keys()].map((k) => [k, this.perImage(k)!]))
  }

  /** Estimated wall time of a whole job, or null if one of its stage kinds has no measurement. */
  estimateJob(plan: PlanShape): number | null {
    let total = 0
    for (const s of plan.stages) {
      const m = this.perImage(s.kind)
      if (!m) return null
      total += s.images * m.ms
    }
    return total
  }

  /** Seeds the measurements from the end of learning_log.jsonl (a missing file means none yet; bad lines are skipped). */
  async loadLogTail(file: string): Promise<void> {
    let text: string
    try {
      const fh = await open(file, 'r')
      try {
        const { size } = await fh.stat()
        const start = Math.max(0, size - LOG_TAIL_BYTES)
        const buf = Buffer.alloc(size - start)
        await fh.read(buf, 0, buf.length, start)
        text = buf.toString('utf8')
        // The first line may be cut in half by the tail: drop it unless the tail is the whole file.
        if (start > 0) text = text.slice(text.indexOf('\n') + 1)
      } finally {
        await fh.close()
      }
    } catch {
      return
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue
      try {
        for (const m of measuresOfLine(JSON.parse(line))) this.add(m)
      } catch {
        // A torn or foreign line is not a measurement.
      }
    }
  }
}

/** The stage measurements of one learning-log line: each stage's time and the images it made. */
export function measuresOfLine(line: { stageTimings?: { stageId: string; kind: string; ms: number; cached: boolean }[]; outputs?: { stageId: string }[] }): StageMeasure[] {
  const images = new Map<string, number>()
  for (const o of line.outputs ?? []) images.set(o.stageId, (images.get(o.stageId) ?? 0) + 1)
  return (line.stageTimings ?? []).map((t) => ({ kind: t.kind, ms: t.ms, cached: t.cached, images: images.get(t.stageId) ?? 0 }))
}
