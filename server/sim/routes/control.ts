/** Progress, interrupt, skip and the refresh endpoints. */
import { renderImage } from '../../png/synth.ts'
import type { Route } from '../server.ts'
import type { SimState } from '../state.ts'

function progress(state: SimState, skipCurrentImage: boolean): unknown {
  const j = state.job
  const stateDict = {
    skipped: j.skipped, interrupted: j.interrupted, stopping_generation: j.stopping_generation, job: j.job,
    job_count: j.job_count, job_timestamp: j.job_timestamp, job_no: j.job_no, sampling_step: j.sampling_step,
    sampling_steps: j.sampling_steps,
  }
  if (j.job_count === 0) return { progress: 0, eta_relative: 0, state: stateDict, current_image: null, textinfo: null }
  let p = 0.01 + j.job_no / j.job_count
  if (j.sampling_steps > 0) p += (1 / j.job_count) * (j.sampling_step / j.sampling_steps)
  p = Math.min(p, 1)
  const elapsed = (Date.now() - j.timeStart) / 1000
  const eta = elapsed / p - elapsed
  let current: string | null = null
  if (!skipCurrentImage && j.preview) {
    // Rendered on demand and cached: a generation nobody watches pays nothing for previews.
    if (state.previewCache?.key !== j.preview.key) {
      state.previewCache = { key: j.preview.key, b64: renderImage(j.preview.params).toString('base64') }
    }
    current = state.previewCache.b64
  }
  return { progress: p, eta_relative: eta, state: stateDict, current_image: current, textinfo: null }
}

export function controlRoutes(): Route[] {
  const refresh = (path: string): Route => ({
    method: 'POST', path, auth: true, handle: async ({ state }) => {
      await state.locked(async () => undefined)
      return null
    },
  })
  return [
    {
      method: 'GET', path: '/sdapi/v1/progress', auth: true,
      handle: ({ state, url }) => progress(state, /^(true|1|yes|on)$/i.test(url.searchParams.get('skip_current_image') ?? '')),
    },
    { method: 'POST', path: '/sdapi/v1/interrupt', auth: true, handle: ({ state }) => ((state.job.interrupted = true), {}) },
    { method: 'POST', path: '/sdapi/v1/skip', auth: true, handle: ({ state }) => ((state.job.skipped = true), null) },
    refresh('/sdapi/v1/refresh-checkpoints'),
    refresh('/sdapi/v1/refresh-vae'),
    refresh('/sdapi/v1/refresh-embeddings'),
  ]
}
