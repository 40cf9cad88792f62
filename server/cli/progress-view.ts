/**
 * Terminal progress for `flow run`: one bar per job, redrawn in place on a TTY; on a pipe or a
 * CI log, one line per finished job instead (no escape codes in logs).
 */
import type { ServerEvent } from '../../engine/api/events.ts'

interface JobLine {
  label: string
  stage: string
  progress: number
  state: 'queued' | 'running' | 'done' | 'failed'
  note: string
}

const BAR = 24

export class ProgressView {
  private readonly lines = new Map<string, JobLine>()
  private drawn = 0
  private lastDraw = 0

  constructor(private readonly out: NodeJS.WriteStream, jobs: { jobId: string; label: string }[]) {
    for (const j of jobs) this.lines.set(j.jobId, { label: j.label, stage: '', progress: 0, state: 'queued', note: '' })
  }

  private get tty(): boolean {
    return Boolean(this.out.isTTY)
  }

  handle(event: ServerEvent): void {
    const line = 'jobId' in event ? this.lines.get(event.jobId) : undefined
    if (!line) return
    switch (event.type) {
      case 'job-start': line.state = 'running'; break
      case 'stage-start': line.stage = event.stageId; line.progress = 0; break
      case 'progress': line.progress = event.progress; break
      case 'job-done':
        line.state = 'done'; line.progress = 1
        if (!this.tty) this.out.write(`done   ${line.label}\n`)
        break
      case 'job-failed':
        line.state = 'failed'; line.note = `${event.stageId ? `${event.stageId}: ` : ''}${event.error}`
        if (!this.tty) this.out.write(`FAILED ${line.label}: ${line.note}\n`)
        break
      default: break
    }
    this.draw(event.type === 'progress')
  }

  private draw(throttle: boolean): void {
    if (!this.tty) return
    const now = Date.now()
    if (throttle && now - this.lastDraw < 100) return
    this.lastDraw = now
    const rows = [...this.lines.values()].map((l) => {
      const filled = Math.round((l.state === 'done' ? 1 : l.progress) * BAR)
      const bar = '#'.repeat(filled) + '-'.repeat(BAR - filled)
      const status = l.state === 'failed' ? `FAILED ${l.note}` : l.state === 'done' ? 'done' : l.state === 'running' ? l.stage : 'queued'
      return `[${bar}] ${l.label} ${status}`.slice(0, (this.out.columns ?? 120) - 1)
    })
    if (this.drawn > 0) this.out.write(`\x1b[${this.drawn}A`)
    this.out.write(rows.map((r) => `\x1b[2K${r}\n`).join(''))
    this.drawn = rows.length
  }
}
