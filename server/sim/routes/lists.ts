/** The list endpoints (answer at once, never wait for the queue). */
import {
  ADETAILER_VERSION, FORGE_MODULES, LATENT_UPSCALE_MODES, SCRIPTS, samplersResponse, schedulers,
} from '../resources.ts'
import { float } from '../pyjson.ts'
import type { Route } from '../server.ts'
import type { SimConfig } from '../state.ts'

export function listRoutes(config: SimConfig): Route[] {
  const get = (path: string, handle: Route['handle'], auth = true): Route => ({ method: 'GET', path, auth, handle })
  const routes: Route[] = [
    get('/sdapi/v1/sd-models', ({ state }) => state.catalog.checkpoints.map((c) => ({
      title: c.title, model_name: c.model_name, hash: c.hash, sha256: c.sha256, filename: c.filename, config: c.config,
    }))),
    get('/sdapi/v1/samplers', () => samplersResponse(config.flavor)),
    get('/sdapi/v1/schedulers', () => schedulers(config.flavor).map((s) => ({ ...s, default_rho: float(s.default_rho) }))),
    get('/sdapi/v1/upscalers', ({ state }) => state.catalog.upscalers.map((u) => ({ ...u, scale: float(u.scale as number) }))),
    get('/sdapi/v1/latent-upscale-modes', () => LATENT_UPSCALE_MODES.map((name) => ({ name }))),
    get('/sdapi/v1/embeddings', ({ state }) => state.catalog.embeddings),
    get('/sdapi/v1/hypernetworks', () => []),
    get('/sdapi/v1/face-restorers', () => [{ name: 'CodeFormer', cmd_dir: null }, { name: 'GFPGAN', cmd_dir: null }]),
    get('/sdapi/v1/prompt-styles', ({ state }) => state.catalog.styles),
    get('/sdapi/v1/scripts', () => ({
      txt2img: SCRIPTS.txt2img.selectable.map((s) => s.toLowerCase()),
      img2img: SCRIPTS.img2img.selectable.map((s) => s.toLowerCase()),
    })),
    // Registered by extensions with @app.get / @app.post, so --api-auth does not cover them.
    get('/sdapi/v1/loras', ({ state }) => state.catalog.loras, false),
    { method: 'POST', path: '/sdapi/v1/refresh-loras', auth: false, handle: () => null },
    get('/adetailer/v1/ad_model', ({ state }) => ({ ad_model: state.catalog.adetailerModels }), false),
    get('/adetailer/v1/version', () => ({ version: ADETAILER_VERSION }), false),
    get('/adetailer/v1/schema', () => ({ title: 'ADetailerArgs', type: 'object', additionalProperties: false }), false),
  ]
  routes.push(config.flavor === 'forge'
    ? get('/sdapi/v1/sd-modules', () => FORGE_MODULES)
    : get('/sdapi/v1/sd-vae', ({ state }) => state.catalog.vaes))
  if (!config.nowebui) routes.push(get('/internal/ping', () => ({}), false))
  return routes
}
