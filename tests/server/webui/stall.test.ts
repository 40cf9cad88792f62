/** The stall detector with a scripted progress source (no network). */
import { describe, expect, it } from 'vitest'
import { fail, ok, type WebuiResult } from '../../../server/webui/errors.ts'
import type { Progress } from '../../../server/webui/schemas.ts'
import { watchForStall, type ProgressSample, type StallInfo, type StallMode } from '../../../server/webui/stall.ts'

const running = (step: number, extra: Partial<Progress> = {}): Progress => ({
  progress: 0.01 + step / 20,
  eta_relative: 1,
  state: { job: 'scripts_txt2img', job_count: 1, job_no: 0, sampling_step: step, sampling_steps: 20, job_timestamp: 't1' },
  current_image: null,
  ...extra,
})

function watch(mode: StallMode, stallMs: number, next: () => WebuiResult<Progress> | 'hang', onProgress?: (s: ProgressSample) => void) {
  let polls = 0
  const t0 = Date.now()
  const stalled = new Promise<StallInfo & { at: number }>((resolve) => {
    const w = watchForStall({
      mode,
      stallMs,
      pollMs: 100, // raised to the 500 ms floor
      ...(onProgress ? { onProgress } : {}),
      poll: (signal) => {
        polls++
        const r = next()
        if (r !== 'hang') return Promise.resolve(r)
        return new Promise((res) =>
          signal.addEventListener('abort', () => res(fail({ kind: 'aborted', message: 'x', retryable: false, endpoint: 'GET /p' })), { once: true }),
        )
      },
      onStall: (info) => resolve({ ...info, at: Date.now() - t0 }),
    })
    setTimeout(() => {
      w.stop()
      resolve({ quietMs: -1, progressAnswered: true, at: -1 })
    }, stallMs + 700)
  })
  return { stalled, polls: () => polls }
}

describe.concurrent('watchForStall', () => {
  it('frozen steps: stalled after stallMs, polls at most twice a second', async () => {
    const w = watch('steps', 1_000, () => ok(running(5)))
    const s = await w.stalled
    expect(s.at).toBeGreaterThanOrEqual(1_000)
    expect(s.at).toBeLessThan(1_600)
    expect(s.progressAnswered).toBe(true)
    expect(w.polls()).toBeLessThanOrEqual(4)
  })

  it('moving steps: never stalled', async () => {
    let step = 0
    const w = watch('steps', 700, () => ok(running(++step)))
    expect((await w.stalled).quietMs).toBe(-1)
  })

  it('an unanswered progress endpoint counts as no progress', async () => {
    const w = watch('steps', 800, () => 'hang')
    const s = await w.stalled
    expect(s.at).toBeLessThan(1_200)
    expect(s.progressAnswered).toBe(false)
  })

  it('busy mode: a busy WebUI without steps (an upscale) is not stalled; an idle one is', async () => {
    const upscaling = (): WebuiResult<Progress> => ok({ progress: 0.01, state: { job: 'extras', job_count: 1, job_no: 0 }, current_image: null })
    expect((await watch('busy', 700, upscaling).stalled).quietMs).toBe(-1)
    const idle = (): WebuiResult<Progress> => ok({ progress: 0, state: { job: '', job_count: 0 }, current_image: null })
    expect((await watch('busy', 700, idle).stalled).quietMs).toBeGreaterThanOrEqual(700)
  })

  it('emits only changed samples, only while a job runs, and survives a throwing listener', async () => {
    const script = [
      ok({ progress: 0, state: { job: '', job_count: 0 }, current_image: null }),
      ok(running(2, { current_image: 'AAA' })),
      ok(running(2, { current_image: 'AAA' })),
      ok(running(4, { current_image: 'BBB' })),
    ]
    let i = 0
    const seen: ProgressSample[] = []
    const w = watch('steps', 1_200, () => script[Math.min(i++, script.length - 1)]!, (s) => {
      seen.push(s)
      throw new Error('listener broke')
    })
    await w.stalled
    expect(seen).toEqual([
      { progress: 0.11, step: 2, steps: 20, etaSeconds: 1, previewBase64: 'AAA' },
      { progress: 0.21000000000000002, step: 4, steps: 20, etaSeconds: 1, previewBase64: 'BBB' },
    ])
  })
})
