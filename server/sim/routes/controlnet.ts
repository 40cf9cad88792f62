/**
 * sd-webui-controlnet's list endpoints (registered with @app.get by the extension, so --api-auth
 * does not cover them), only when the extension is "installed" (SimOptions.controlnet).
 */
import { CN_MODULES, CN_VERSION } from '../controlnet.ts'
import { float } from '../pyjson.ts'
import type { Route } from '../server.ts'
import type { SimConfig } from '../state.ts'

const slider = (name: string, value: number) => ({ name, value: float(value), min: float(value < 0 ? -1 : 0), max: float(Math.max(value, 2048)) })

function moduleDetail(): Record<string, unknown> {
  return Object.fromEntries(Object.entries(CN_MODULES).map(([name, [res, a, b]]) => [name, {
    model_free: name === 'reference_only',
    sliders: [
      ...(res !== -1 ? [slider('Preprocessor Resolution', res)] : []),
      ...(a !== -1 ? [slider('Threshold A', a)] : []),
      ...(b !== -1 ? [slider('Threshold B', b)] : []),
    ],
  }]))
}

export function controlnetRoutes(config: SimConfig): Route[] {
  if (!config.controlnet) return []
  const get = (path: string, handle: Route['handle']): Route => ({ method: 'GET', path, auth: false, handle })
  return [
    get('/controlnet/version', () => ({ version: CN_VERSION })),
    get('/controlnet/module_list', () => ({ module_list: Object.keys(CN_MODULES), module_detail: moduleDetail() })),
    get('/controlnet/model_list', ({ state }) => ({ model_list: [...state.catalog.controlnetModels] })),
  ]
}
