/**
 * What one simulated WebUI has installed. Each instance has its own lists (defaults: resources.ts),
 * replaceable at start (`SimOptions.resources`, `--checkpoints …`) or at run time
 * (`POST /sim/control {"resources": {…}}`), so tests can run several WebUIs that differ, and one
 * whose lists change under a queued job. Lookups follow A1111: checkpoints by the exact keys of
 * `checkpoint_aliases`; `hr_checkpoint_name`/`refiner_checkpoint` by `get_closet_checkpoint_match`.
 */
import { z } from 'zod'
import {
  AD_MODELS, checkpointAliases, CHECKPOINTS, EMBEDDINGS, LORAS, makeCheckpoint, UPSCALERS, VAES, type Checkpoint,
} from './resources.ts'
import { CN_MODELS } from './controlnet.ts'
import { DEFAULT_STYLES, type SimStyle } from './styles.ts'

const names = z.array(z.string().min(1).max(400)).max(500)

/** Lists a test can give a simulator (each replaces the default list of its kind). */
export const SimResourceLists = z.strictObject({
  /** Checkpoint file names relative to models/Stable-diffusion, e.g. `SDXL/x.safetensors`. */
  checkpoints: names.min(1).optional(),
  vaes: names.optional(),
  loras: names.optional(),
  embeddings: names.optional(),
  adetailerModels: names.optional(),
  /** ControlNet models as `/controlnet/model_list` names them (`name [hash]`). */
  controlnetModels: names.optional(),
  /** Upscaler names besides None, Lanczos and Nearest (always there, as in A1111). */
  upscalers: names.optional(),
  /** Prompt styles (styles.csv rows). */
  styles: z.array(z.strictObject({ name: z.string().min(1).max(200), prompt: z.string().max(10_000), negative_prompt: z.string().max(10_000) })).max(500).optional(),
})
export type SimResourceLists = z.infer<typeof SimResourceLists>

const ROOT = '/opt/stable-diffusion-webui'
const BUILTIN_UPSCALERS = ['None', 'Lanczos', 'Nearest']

type Embedding = (typeof EMBEDDINGS.loaded)[keyof typeof EMBEDDINGS.loaded]

export class SimCatalog {
  checkpoints: Checkpoint[] = CHECKPOINTS
  vaes = VAES
  loras = LORAS
  embeddings: { loaded: Record<string, Embedding>; skipped: Record<string, Embedding> } = EMBEDDINGS
  adetailerModels: string[] = AD_MODELS
  controlnetModels: string[] = CN_MODELS
  upscalers: Record<string, unknown>[] = UPSCALERS
  styles: SimStyle[] = DEFAULT_STYLES
  private aliases = checkpointAliases(CHECKPOINTS)

  constructor(lists: SimResourceLists = {}) {
    this.set(lists)
  }

  /** Replaces the given lists; the others stay. */
  set(lists: SimResourceLists): void {
    if (lists.checkpoints) {
      this.checkpoints = lists.checkpoints.map((n) => CHECKPOINTS.find((c) => c.name === n) ?? makeCheckpoint(n))
      this.aliases = checkpointAliases(this.checkpoints)
    }
    if (lists.vaes) this.vaes = lists.vaes.map((model_name) => ({ model_name, filename: `${ROOT}/models/VAE/${model_name}` }))
    if (lists.loras) this.loras = lists.loras.map((name) => ({ name, alias: name, path: `${ROOT}/models/Lora/${name}.safetensors`, metadata: {} }))
    if (lists.embeddings) {
      const loaded: Record<string, Embedding> = {}
      for (const n of lists.embeddings) loaded[n] = { step: null, sd_checkpoint: null, sd_checkpoint_name: null, shape: 768, vectors: 1 }
      this.embeddings = { loaded, skipped: {} }
    }
    if (lists.adetailerModels) this.adetailerModels = [...lists.adetailerModels]
    if (lists.controlnetModels) this.controlnetModels = [...lists.controlnetModels]
    if (lists.styles) this.styles = lists.styles.map((s) => ({ ...s }))
    if (lists.upscalers) {
      const keep = UPSCALERS.filter((u) => BUILTIN_UPSCALERS.includes(u.name as string))
      this.upscalers = [...keep, ...lists.upscalers.filter((n) => !BUILTIN_UPSCALERS.includes(n)).map((name) =>
        UPSCALERS.find((u) => u.name === name) ?? { name, model_name: name, model_path: `${ROOT}/models/ESRGAN/${name}.pth`, model_url: null, scale: 4 })]
    }
  }

  /** `checkpoint_aliases.get(x)`: exact keys only (what `sd_model_checkpoint` is checked against). */
  findCheckpoint(alias: string): Checkpoint | undefined {
    return this.aliases.get(alias)
  }

  /** `get_closet_checkpoint_match`: an alias, else the shortest title containing it (with or without its hash). */
  closestCheckpoint(search: string): Checkpoint | undefined {
    if (!search) return undefined
    const exact = this.findCheckpoint(search)
    if (exact) return exact
    const containing = (s: string) => this.checkpoints.filter((c) => c.title.includes(s)).sort((a, b) => a.title.length - b.title.length)[0]
    return containing(search) ?? containing(search.replace(/\s*\[\w+\]\s*$/, ''))
  }

  hasVae(name: string): boolean {
    return this.vaes.some((v) => v.model_name === name)
  }

  isUpscaler(name: string): boolean {
    return this.upscalers.some((u) => u.name === name)
  }

  hasLora(name: string): boolean {
    return this.loras.some((l) => l.name === name)
  }
}
