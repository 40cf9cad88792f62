/**
 * The infotext keys a k-diffusion sampler adds when it starts (A1111 1.10,
 * modules/sd_samplers_common.py `Sampler.initialize` and sd_samplers_kdiffusion.py
 * `sampler_extra_params`):
 * - "Eta" when the sampler function takes eta and the request's eta (else the option
 *   `eta_ancestral`, 1.0) differs from 1.0;
 * - "Sigma churn" / "Sigma tmin" / "Sigma tmax" / "Sigma noise" when the sampler takes that
 *   parameter and the *option* differs from the sampler's default (0, 0, ∞, 1). The request's own
 *   s_churn… are not read there: A1111 takes `getattr(opts, "s_churn", p.s_churn)`.
 */
import type { InfoParams } from './infotext.ts'

const ALL = ['s_churn', 's_tmin', 's_tmax', 's_noise'] as const
const NOISE = ['s_noise'] as const

/** Sampler name → the sigma parameters its k-diffusion function takes. */
const SIGMA_PARAMS: Record<string, readonly string[]> = {
  Euler: ALL, Heun: ALL, DPM2: ALL,
  'DPM fast': NOISE, 'DPM2 a': NOISE, 'DPM++ 2S a': NOISE, 'DPM++ SDE': NOISE,
  'DPM++ 2M SDE': NOISE, 'DPM++ 2M SDE Heun': NOISE, 'DPM++ 3M SDE': NOISE,
}

/** Samplers whose function has an `eta` parameter (ancestral and SDE ones). */
const TAKES_ETA = new Set(['Euler a', 'DPM2 a', 'DPM++ 2S a', 'DPM++ SDE', 'DPM++ 2M SDE', 'DPM++ 2M SDE Heun', 'DPM++ 3M SDE', 'DPM fast', 'DPM adaptive'])

const KEYS: Record<string, [string, number]> = {
  s_churn: ['Sigma churn', 0], s_tmin: ['Sigma tmin', 0], s_tmax: ['Sigma tmax', Infinity], s_noise: ['Sigma noise', 1],
}

const num = (v: unknown, d: number): number => (typeof v === 'number' ? v : d)

export function samplerParamInfotext(sampler: string, request: Record<string, unknown>, options: Record<string, unknown>): InfoParams {
  const out: InfoParams = []
  if (TAKES_ETA.has(sampler)) {
    const eta = typeof request.eta === 'number' ? request.eta : num(options.eta_ancestral, 1)
    if (eta !== 1) out.push(['Eta', eta])
  }
  for (const param of SIGMA_PARAMS[sampler] ?? []) {
    const [key, fallback] = KEYS[param]!
    // s_tmax 0 means infinity, as in A1111 (`opts.s_tmax or self.s_tmax`).
    const value = num(options[param], fallback) || (param === 's_tmax' ? Infinity : 0)
    if (value !== fallback) out.push([key, value])
  }
  return out
}
