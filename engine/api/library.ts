/**
 * Request and response shapes of the Library routes (docs/api.md "Library"): graphs and their
 * versions, presets, packs with their bound config, wildcards and the compile context. Pure zod,
 * shared by the server (which validates with them) and the editor (which parses answers with them).
 */
import { z } from 'zod'
import { ConfigLayer } from '../config/stages.ts'
import { Graph, Id } from '../graph/schema.ts'
import { Preset } from '../library/preset.ts'
import { Pack } from '../packs/schema.ts'

// #region shared pieces

/** Every path param that names a file. */
export const IdParams = z.object({ id: Id })
export type IdParams = z.infer<typeof IdParams>

/** A version number in a URL: a positive whole number, no sign, no leading zero. */
export const VersionNumber = z.string().regex(/^[1-9][0-9]{0,8}$/, 'must be a version number (1, 2, …)').transform(Number)
export const VersionParams = z.object({ id: Id, version: VersionNumber })
export type VersionParams = z.infer<typeof VersionParams>

/**
 * A problem found in a stored library file. `file` is relative to the library folder
 * (`packs/portraits.txt`) so no absolute server path is ever sent; `path` is the JSON path inside
 * the file when there is one (`preset_data.txt2img.steps`).
 */
export const LibraryFileProblem = z.strictObject({
  file: z.string(),
  line: z.int().optional(),
  path: z.string().optional(),
  message: z.string(),
})
export type LibraryFileProblem = z.infer<typeof LibraryFileProblem>

export const Deleted = z.strictObject({ deleted: Id })
export type Deleted = z.infer<typeof Deleted>

// #endregion

// #region graphs

export const GraphSummary = z.strictObject({
  id: Id,
  /** The file's id when the file cannot be read. */
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  /** The file's modification time, ISO. */
  updatedAt: z.string(),
  /** How many earlier versions are kept. */
  versions: z.int().min(0),
  /** Why the stored file cannot be opened; empty for a good graph. */
  problems: z.array(LibraryFileProblem),
})
export type GraphSummary = z.infer<typeof GraphSummary>

export const GraphListResponse = z.strictObject({ graphs: z.array(GraphSummary) })
export type GraphListResponse = z.infer<typeof GraphListResponse>

/**
 * Answer of a save or a restore. `version` is the number of the version that now records this
 * content (a new one, or the coalesced autosave snapshot it updated), or null when no version was
 * made (identical content, or a save the version rules skip).
 */
export const GraphSaveResponse = z.strictObject({ graph: Graph, version: z.int().min(1).nullable() })
export type GraphSaveResponse = z.infer<typeof GraphSaveResponse>

/**
 * What made a version: an explicit Save, the (coalesced) autosave snapshot, a restore, or content
 * found on disk that no version held yet (written outside the app, or from before versions).
 */
export const GraphVersionKind = z.enum(['save', 'autosave', 'restore', 'kept'])
export type GraphVersionKind = z.infer<typeof GraphVersionKind>

/** An optional label a person gives a version ("before the big change"). */
export const VersionLabel = z.string().trim().min(1, 'must not be empty').max(200)

/** PUT /api/graphs/:id query: `autosave=1` for the editor's background saves; `label` names the version. */
export const GraphSaveQuery = z.strictObject({
  autosave: z.enum(['0', '1']).optional(),
  label: VersionLabel.optional(),
})
export type GraphSaveQuery = z.infer<typeof GraphSaveQuery>

export const GraphVersionSummary = z.strictObject({
  version: z.int().min(1),
  /** When this content was saved (for a coalesced autosave: its latest save). */
  savedAt: z.string(),
  /** The graph's name in that version (its id when the version cannot be read). */
  name: z.string(),
  kind: GraphVersionKind,
  label: z.string().optional(),
})
export type GraphVersionSummary = z.infer<typeof GraphVersionSummary>

export const GraphVersionListResponse = z.strictObject({ versions: z.array(GraphVersionSummary) })
export type GraphVersionListResponse = z.infer<typeof GraphVersionListResponse>

// #endregion

// #region presets

/** PUT /api/presets/:id — the id comes from the URL. */
export const PresetBody = Preset.omit({ id: true })
export type PresetBody = z.input<typeof PresetBody>

export const PresetListResponse = z.strictObject({
  presets: z.array(Preset),
  defaultPresetId: Id.nullable(),
  /** Preset files (and settings.json) that cannot be read; those presets are left out. */
  problems: z.array(LibraryFileProblem),
})
export type PresetListResponse = z.infer<typeof PresetListResponse>

export const DefaultPresetBody = z.strictObject({ presetId: Id.nullable() })
export type DefaultPresetBody = z.infer<typeof DefaultPresetBody>

export const DefaultPresetResponse = z.strictObject({ defaultPresetId: Id.nullable() })
export type DefaultPresetResponse = z.infer<typeof DefaultPresetResponse>

export const ApplyToPacksBody = z.strictObject({ packIds: z.array(Id).min(1).max(1000) })
export type ApplyToPacksBody = z.infer<typeof ApplyToPacksBody>

export const ApplyToPacksResponse = z.strictObject({ updated: z.array(Id) })
export type ApplyToPacksResponse = z.infer<typeof ApplyToPacksResponse>

// #endregion

// #region packs

export const PackSummary = z.strictObject({
  id: Id,
  /** The sidecar's `pack_data.name`, else the id. */
  name: z.string(),
  rows: z.int().min(0),
  /** Names of the matrix slots the sidecar defines. */
  matrixSlots: z.array(z.string()),
  /** Errors that keep the pack from being used; empty for a good pack. */
  problems: z.array(LibraryFileProblem),
})
export type PackSummary = z.infer<typeof PackSummary>

export const PackListResponse = z.strictObject({ packs: z.array(PackSummary) })
export type PackListResponse = z.infer<typeof PackListResponse>

export const PackReadResponse = z.strictObject({ pack: Pack, warnings: z.array(LibraryFileProblem) })
export type PackReadResponse = z.infer<typeof PackReadResponse>

/** GET answer and PUT body of /api/packs/:id/config. */
export const PackConfigBody = z.strictObject({ config: ConfigLayer })
export type PackConfigBody = z.infer<typeof PackConfigBody>

// #endregion

// #region wildcards and compile context

export const WildcardEntry = z.strictObject({
  /** The file's path under wildcards/ without `.txt`, '/'-separated: `styles/painting`. */
  name: z.string(),
  /** Sorted and deduplicated, exactly what `__name__` draws from. */
  values: z.array(z.string()),
  /** Set when the wildcard comes from a YAML/JSON file (`people.yaml`): listed, not editable in the app. */
  file: z.string().optional(),
})
export const WildcardListResponse = z.strictObject({ wildcards: z.array(WildcardEntry) })
export type WildcardListResponse = z.infer<typeof WildcardListResponse>

/** Everything the editor needs to compile in the browser. */
export const LibraryContextResponse = z.strictObject({
  packs: z.record(z.string(), Pack),
  presets: z.record(z.string(), Preset),
  defaultPresetId: Id.nullable(),
  wildcardFiles: z.record(z.string(), z.string()),
  globalNegative: z.string(),
})
export type LibraryContextResponse = z.infer<typeof LibraryContextResponse>

// #endregion
