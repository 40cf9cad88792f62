/**
 * What the engine cannot know by itself, handed in by whoever compiles (server, editor, CLI).
 * Plain data only: compile never reaches for files, stores or clocks of its own.
 */
import type { Pack } from '../packs/index.ts'
import type { WildcardLibrary } from '../prompts/index.ts'
import type { Preset } from '../library/preset.ts'

/** Names the WebUI offers; when given, the compiler warns about settings that name something missing. */
export interface WebuiResources {
  models?: readonly string[]
  vaes?: readonly string[]
  samplers?: readonly string[]
  schedulers?: readonly string[]
  upscalers?: readonly string[]
  adetailerModels?: readonly string[]
  loras?: readonly string[]
  embeddings?: readonly string[]
}

export interface CompileContext {
  packs: Readonly<Record<string, Pack>>
  presets: Readonly<Record<string, Preset>>
  /** The library's default preset (layer 2 of the merge), if any. */
  defaultPresetId?: string
  wildcards: WildcardLibrary
  /** Prepended to every negative prompt, once. */
  globalNegative: string
  resources?: WebuiResources
  /** Seeds every random choice of this run: the same seed gives the same RunSpec. */
  runSeed: number
  /** ISO time stamped on the run and its jobs. */
  now: string
  /** Given by the server when it has already named the run; otherwise derived from content. */
  runId?: string
}
