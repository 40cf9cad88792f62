/** A WebUI's lists shaped as `/api/resources` gives them (A1111 1.10 forms: titles with hashes, aliases). */
import type { ResourceCatalog } from '../../../engine/resources/index.ts'

export const JUGGERNAUT = { title: 'SDXL/juggernautXL_ragnarokBy.safetensors [a1b2c3d4e5]', model_name: 'SDXL_juggernautXL_ragnarokBy', hash: 'a1b2c3d4e5', sha256: 'a1b2c3d4e5' + 'f'.repeat(54) }
export const V15 = { title: 'v1-5-pruned-emaonly.safetensors [6ce0161689]', model_name: 'v1-5-pruned-emaonly', hash: '6ce0161689', sha256: '6ce0161689b3853acaa03779ec93eafe75a02f4ced659bee03f50797806fa2fa' }
/** A checkpoint whose sha256 is not cached yet: title without the ` [hash]`. */
export const UNHASHED = { title: 'dreamshaper_8.safetensors', model_name: 'dreamshaper_8', hash: null, sha256: null }
/** The same file name in two folders. */
export const TWINS = [
  { title: 'a/twin.safetensors [1111111111]', model_name: 'a_twin', hash: '1111111111', sha256: null },
  { title: 'b/twin.safetensors [2222222222]', model_name: 'b_twin', hash: '2222222222', sha256: null },
]

export function catalog(over: Partial<ResourceCatalog> = {}): ResourceCatalog {
  const checkpoints = [V15, JUGGERNAUT, UNHASHED, ...TWINS]
  return {
    checkpoints,
    models: checkpoints.map((c) => c.title.replace(/ \[.*\]$/, '')),
    vaes: ['vae-ft-mse-840000-ema-pruned.safetensors', 'sdxl_vae.safetensors'],
    samplers: ['DPM++ 2M', 'Euler a', 'Euler', 'DDIM'],
    samplerAliases: { 'DPM++ 2M': ['k_dpmpp_2m'], 'Euler a': ['k_euler_a', 'k_euler_ancestral'], Euler: ['k_euler'], DDIM: ['ddim'] },
    schedulers: ['Automatic', 'Karras', 'SGM Uniform', 'DDIM'],
    schedulerAliases: { Automatic: ['automatic'], Karras: ['karras'], 'SGM Uniform': ['sgm_uniform', 'SGMUniform'], DDIM: ['ddim'] },
    upscalers: ['None', 'Lanczos', 'R-ESRGAN 4x+', 'ESRGAN_4x'],
    latentUpscaleModes: ['Latent', 'Latent (bicubic)'],
    adetailerModels: ['face_yolov8n.pt', 'hand_yolov8n.pt', 'mediapipe_face_full'],
    loras: ['add_detail', 'epiNoiseoffset_v2'],
    embeddings: ['EasyNegative'],
    loadedModel: 'v1-5-pruned-emaonly.safetensors',
    unavailable: [],
    ...over,
  }
}
