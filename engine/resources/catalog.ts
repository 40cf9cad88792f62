/**
 * What the WebUI offers, as the resolver needs it: the lists of `/api/resources` (names), plus
 * what A1111 resolves names against (checkpoint titles with hashes, sampler and scheduler aliases)
 * and which checkpoint is loaded. The same object compiles in the server, the CLI and the editor,
 * so a preview resolves every name exactly as the run will.
 */
import { z } from 'zod'

/** One `/sdapi/v1/sd-models` entry, the fields A1111's `checkpoint_aliases` is built from. */
export const CheckpointInfo = z.object({
  /** `sub/x.safetensors [shorthash]`, or without the ` [..]` while the sha256 is not cached. */
  title: z.string(),
  /** `sub_x`: the relative name with folders joined by `_`, without extension. */
  model_name: z.string().optional(),
  /** The 10-hex short hash (null while uncached). */
  hash: z.string().nullable().optional(),
  sha256: z.string().nullable().optional(),
})
export type CheckpointInfo = z.infer<typeof CheckpointInfo>

/** One `/sdapi/v1/prompt-styles` entry: A1111 adds its text to the prompt (see styles.ts). */
export const PromptStyle = z.object({
  name: z.string(),
  prompt: z.string().nullable().optional(),
  negative_prompt: z.string().nullable().optional(),
})
export type PromptStyle = z.infer<typeof PromptStyle>

/** The lists a resource name can be checked against. */
export const RESOURCE_LISTS = ['models', 'vaes', 'samplers', 'schedulers', 'upscalers', 'latentUpscaleModes', 'adetailerModels', 'loras', 'embeddings', 'styles', 'controlnetModules', 'controlnetModels'] as const
export type ResourceList = (typeof RESOURCE_LISTS)[number]

export interface ResourceCatalog {
  /** Checkpoint names (titles without the hash) — what the editor's dropdown offers. */
  models?: readonly string[]
  vaes?: readonly string[]
  samplers?: readonly string[]
  /** Scheduler labels (`Karras`), the form the payloads send. */
  schedulers?: readonly string[]
  upscalers?: readonly string[]
  latentUpscaleModes?: readonly string[]
  adetailerModels?: readonly string[]
  loras?: readonly string[]
  embeddings?: readonly string[]
  /** Prompt style names (`/sdapi/v1/prompt-styles`). */
  styles?: readonly string[]
  /** The styles' texts, so the preview can show the prompt as the WebUI expands it. */
  promptStyles?: readonly PromptStyle[]
  /** `/controlnet/module_list` (preprocessor names) and `/controlnet/model_list` (`name [hash]`). */
  controlnetModules?: readonly string[]
  controlnetModels?: readonly string[]
  /** Full checkpoint entries (hashes, model_name) for A1111's alias forms. */
  checkpoints?: readonly CheckpointInfo[]
  /** Sampler name → its aliases (`k_euler_a`). */
  samplerAliases?: Readonly<Record<string, readonly string[]>>
  /** Scheduler label → its other names (`karras`, `SGMUniform`). */
  schedulerAliases?: Readonly<Record<string, readonly string[]>>
  /**
   * The checkpoint an unset model (`''`) becomes at compile time: what the WebUI has loaded,
   * as a name from `models`. null/absent: nobody knows, so a stage without a model is an error.
   */
  loadedModel?: string | null
  /**
   * The flavour of every WebUI, present only when each one's is known: with no Forge among them,
   * a Forge-only setting is a compile error (flavour.ts) instead of a refusal at submit.
   */
  flavors?: readonly ('a1111' | 'forge')[]
  /** Lists no WebUI could give (ADetailer or ControlNet not installed, every backend down): names in them are not checked. */
  unavailable?: readonly string[]
}

/** `name.safetensors [hash]` → `name.safetensors` (A1111's `re_strip_checksum`). */
export function stripHash(title: string): string {
  return title.replace(/\s*\[[0-9a-f]{8,64}\]$/i, '')
}
