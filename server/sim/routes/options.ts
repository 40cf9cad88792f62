/** GET/POST /sdapi/v1/options. */
import { PyError, keyError } from '../errors.ts'
import { PyFloat } from '../pyjson.ts'
import type { Route } from '../server.ts'

/** The options response model types ints as floats, so every number comes back as a float. */
function asFloats(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([k, v]) => [k, typeof v === 'number' ? new PyFloat(v) : v]))
}

export function optionRoutes(): Route[] {
  return [
    { method: 'GET', path: '/sdapi/v1/options', auth: true, handle: ({ state }) => asFloats(state.options) },
    {
      method: 'POST',
      path: '/sdapi/v1/options',
      auth: true,
      handle: async ({ state, json }) => {
        const body = await json()
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          throw new PyError('AttributeError', `'${Array.isArray(body) ? 'list' : typeof body}' object has no attribute 'items'`)
        }
        const req = body as Record<string, unknown>
        // The checkpoint is checked against checkpoint_aliases before anything is set.
        const ckpt = req.sd_model_checkpoint
        const target = ckpt === undefined ? undefined : state.catalog.findCheckpoint(String(ckpt))
        if (ckpt !== undefined && !target) throw new PyError('RuntimeError', `model '${ckpt}' not found`)
        for (const [k, v] of Object.entries(req)) {
          // Setting an unknown key to None is a no-op in A1111 (equal to the missing value).
          if (!(k in state.options)) {
            if (v === null) continue
            throw keyError(k)
          }
          if (k === 'sd_model_checkpoint') {
            // The reload runs under the queue lock: this POST waits for queued jobs.
            if (target !== state.model) await state.locked(() => state.switchModel(target!))
            continue
          }
          state.options[k] = v
        }
        return null
      },
    },
  ]
}
