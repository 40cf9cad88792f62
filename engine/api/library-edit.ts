/**
 * Request and response shapes of the routes that edit packs and wildcards in the app
 * (docs/api.md "Editing packs and wildcards"). Pure zod, shared by the server (validation) and
 * the editor (answers).
 *
 * Every write names the content it replaces with `expectedVersion` (the `version` the client
 * read): when the files changed on disk since, the server answers 409 instead of overwriting an
 * edit made outside the app. `overwrite: true` replaces whatever is there, knowingly.
 */
import { z } from 'zod'
import { ConfigLayer } from '../config/stages.ts'
import { Id } from '../graph/schema.ts'
import { PackMatrix } from '../packs/schema.ts'
import { MAX_PACK_FILE_CHARS } from '../packs/parse.ts'

/** A content hash of the stored file(s), 16 hex characters. */
export const ContentVersion = z.string().regex(/^[0-9a-f]{16}$/, 'must be the 16-hex-digit version read from the server')
export type ContentVersion = z.infer<typeof ContentVersion>

// #region packs

/** The pack's two files exactly as stored (`json` null when there is no sidecar). */
export const PackSource = z.strictObject({
  id: Id,
  txt: z.string(),
  json: z.string().nullable(),
  version: ContentVersion,
})
export type PackSource = z.infer<typeof PackSource>

export const PackSourceResponse = z.strictObject({ source: PackSource })
export type PackSourceResponse = z.infer<typeof PackSourceResponse>

const PackName = z.string().trim().min(1, 'must not be empty').max(200)
const PackText = z.string().max(MAX_PACK_FILE_CHARS)

/** The sidecar parts the editor changes; an absent key is left as it is on disk. */
export const PackSidecarEdit = z.strictObject({
  name: PackName.optional(),
  matrix: PackMatrix.optional(),
  config: ConfigLayer.optional(),
})
export type PackSidecarEdit = z.infer<typeof PackSidecarEdit>

const Guard = {
  expectedVersion: ContentVersion.optional(),
  overwrite: z.literal(true).optional(),
}
const needsGuard = (b: { expectedVersion?: string | undefined; overwrite?: true | undefined }) => b.expectedVersion !== undefined || b.overwrite === true
const GUARD_MESSAGE = { message: 'required: the version you read (or overwrite: true)', path: ['expectedVersion'] }

/** PUT /api/packs/:id/source: only what is sent changes; unchanged files are not rewritten. */
export const PackSaveBody = z.strictObject({ txt: PackText.optional(), sidecar: PackSidecarEdit.optional(), ...Guard }).refine(needsGuard, GUARD_MESSAGE)
export type PackSaveBody = z.infer<typeof PackSaveBody>

export const PackSaveResponse = z.strictObject({
  source: PackSource,
  /** Which files were rewritten (empty when the content was already on disk). */
  written: z.array(z.enum(['txt', 'json'])),
})
export type PackSaveResponse = z.infer<typeof PackSaveResponse>

/** POST /api/packs: a new pack; 409 when the id is taken. */
export const PackCreateBody = z.strictObject({
  id: Id,
  name: PackName,
  txt: PackText,
  matrix: PackMatrix.optional(),
  config: ConfigLayer.optional(),
})
export type PackCreateBody = z.infer<typeof PackCreateBody>

/** POST /api/packs/:id/duplicate */
export const PackDuplicateBody = z.strictObject({ newId: Id, name: PackName.optional() })
export type PackDuplicateBody = z.infer<typeof PackDuplicateBody>

/** POST /api/packs/:id/rename: moves both files to the new id. */
export const PackRenameBody = z.strictObject({ newId: Id, ...Guard }).refine(needsGuard, GUARD_MESSAGE)
export type PackRenameBody = z.infer<typeof PackRenameBody>

export const PackRenameResponse = z.strictObject({
  source: PackSource,
  /** Library graphs whose pack nodes still name the old id (they are not rewritten). */
  graphsUsingOldId: z.array(Id),
})
export type PackRenameResponse = z.infer<typeof PackRenameResponse>

/** GET /api/packs/:id/usage: library graphs whose pack nodes name this pack (asked before a delete or rename). */
export const PackUsageResponse = z.strictObject({ graphs: z.array(Id) })
export type PackUsageResponse = z.infer<typeof PackUsageResponse>

/** DELETE /api/packs/:id?expectedVersion=… (or ?overwrite=true) */
export const GuardQuery = z.strictObject({
  expectedVersion: ContentVersion.optional(),
  overwrite: z.literal('true').optional(),
}).refine((q) => q.expectedVersion !== undefined || q.overwrite === 'true', GUARD_MESSAGE)

// #endregion

// #region wildcards

/**
 * A wildcard file's name: its path under wildcards/ without `.txt`, up to 8 folders deep, each
 * part starting with a letter or digit (so `..` and hidden files cannot be named).
 */
export const WildcardName = z.string().max(400).regex(
  /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}(\/[A-Za-z0-9][A-Za-z0-9_.-]{0,99}){0,7}$/,
  'must be folder/name parts of letters, digits, "_", "." or "-", each starting with a letter or digit',
)
export type WildcardName = z.infer<typeof WildcardName>

export const WildcardSource = z.strictObject({ name: WildcardName, text: z.string(), version: ContentVersion })
export type WildcardSource = z.infer<typeof WildcardSource>

export const WildcardNameQuery = z.strictObject({ name: WildcardName })

/** PUT /api/wildcards/file: `expectedVersion` null creates a new file (409 when one exists). */
export const WildcardSaveBody = z.strictObject({
  name: WildcardName,
  text: z.string().max(2_000_000),
  expectedVersion: ContentVersion.nullable().optional(),
  overwrite: z.literal(true).optional(),
}).refine((b) => b.expectedVersion !== undefined || b.overwrite === true, { message: 'required: the version you read, null for a new file (or overwrite: true)', path: ['expectedVersion'] })
export type WildcardSaveBody = z.infer<typeof WildcardSaveBody>

export const WildcardSaveResponse = z.strictObject({ source: WildcardSource, written: z.boolean() })
export type WildcardSaveResponse = z.infer<typeof WildcardSaveResponse>

export const WildcardDeleteQuery = z.strictObject({
  name: WildcardName,
  expectedVersion: ContentVersion.optional(),
  overwrite: z.literal('true').optional(),
}).refine((q) => q.expectedVersion !== undefined || q.overwrite === 'true', GUARD_MESSAGE)

export const WildcardFolderBody = z.strictObject({ name: WildcardName })

export const WildcardFoldersResponse = z.strictObject({ folders: z.array(z.string()) })

export const WildcardUsage = z.strictObject({
  packs: z.array(z.string()),
  graphs: z.array(z.string()),
  /** Other wildcard files whose values name this one. */
  wildcards: z.array(z.string()),
})
export type WildcardUsage = z.infer<typeof WildcardUsage>

/** GET /api/wildcards/usage: for each wildcard file, who refers to it (by `__name__`, globs included). */
export const WildcardUsageResponse = z.strictObject({ usage: z.record(z.string(), WildcardUsage) })
export type WildcardUsageResponse = z.infer<typeof WildcardUsageResponse>

// #endregion
