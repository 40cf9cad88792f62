/**
 * What the engine cannot know by itself, handed in by whoever compiles (server, editor, CLI).
 * Plain data only: compile never reaches for files, stores or clocks of its own.
 */
import type { Pack } from '../packs/index.ts'
import type { WildcardLibrary } from '../prompts/index.ts'
import type { Preset } from '../library/preset.ts'
import type { ResourceCatalog } from '../resources/catalog.ts'

/** Names the WebUI offers; when given, every resource name is resolved against them (engine/resources). */
export type WebuiResources = ResourceCatalog

export interface CompileContext {
  packs: Readonly<Record<string, Pack>>
  presets: Readonly<Record<string, Preset>>
  /** The library's default preset (layer 2 of the merge), if any. */
  defaultPresetId?: string
  wildcards: WildcardLibrary
  /** Prepended to every negative prompt, once. */
  globalNegative: string
  resources?: WebuiResources
  /** The inpaint mask ids the data folder holds; when given, a stage naming another is an error. */
  masks?: ReadonlySet<string>
  /** Ids of the uploaded images in the data folder; when given, a ControlNet unit naming another is an error. */
  uploads?: readonly string[]
  /** Seeds every random choice of this run: the same seed gives the same RunSpec. */
  runSeed: number
  /** ISO time stamped on the run and its jobs. */
  now: string
  /** Given by the server when it has already named the run; otherwise derived from content. */
  runId?: string
}
