/** Typed wrappers for the pack and wildcard editing routes (docs/api.md "Editing packs and wildcards"). */
import { Deleted } from '../../../engine/api/library.ts'
import {
  PackRenameResponse, PackSaveResponse, PackUsageResponse, PackSourceResponse, WildcardFoldersResponse, WildcardSaveResponse, WildcardSource,
  WildcardUsageResponse, type PackCreateBody, type PackSidecarEdit,
} from '../../../engine/api/library-edit.ts'
import { z } from 'zod'
import { request } from './client.ts'

const enc = encodeURIComponent
/** The version read, or `null` to overwrite knowingly (after the user chose "Overwrite"). */
type Guard = string | null
const guardBody = (version: Guard) => (version === null ? { overwrite: true as const } : { expectedVersion: version })
const guardQuery = (version: Guard) => (version === null ? 'overwrite=true' : `expectedVersion=${enc(version)}`)

export const getPackSource = (id: string) => request(PackSourceResponse, `/packs/${enc(id)}/source`)
export const savePackSource = (id: string, edit: { txt?: string; sidecar?: PackSidecarEdit }, version: Guard) =>
  request(PackSaveResponse, `/packs/${enc(id)}/source`, { method: 'PUT', body: { ...edit, ...guardBody(version) } })
export const createPack = (body: PackCreateBody) => request(PackSourceResponse, '/packs', { method: 'POST', body })
export const duplicatePack = (id: string, newId: string, name?: string) =>
  request(PackSourceResponse, `/packs/${enc(id)}/duplicate`, { method: 'POST', body: name === undefined ? { newId } : { newId, name } })
export const renamePack = (id: string, newId: string, version: Guard) =>
  request(PackRenameResponse, `/packs/${enc(id)}/rename`, { method: 'POST', body: { newId, ...guardBody(version) } })
export const packUsage = (id: string) => request(PackUsageResponse, `/packs/${enc(id)}/usage`)
export const deletePack = (id: string, version: Guard) => request(Deleted, `/packs/${enc(id)}?${guardQuery(version)}`, { method: 'DELETE' })

export const getWildcardSource = (name: string) => request(z.strictObject({ source: WildcardSource }), `/wildcards/file?name=${enc(name)}`)
/** `version` undefined creates a new file (refused when one exists). */
export const saveWildcard = (name: string, text: string, version: Guard | undefined) =>
  request(WildcardSaveResponse, '/wildcards/file', { method: 'PUT', body: { name, text, ...(version === undefined ? { expectedVersion: null } : guardBody(version)) } })
export const deleteWildcard = (name: string, version: Guard) =>
  request(z.strictObject({ deleted: z.string() }), `/wildcards/file?name=${enc(name)}&${guardQuery(version)}`, { method: 'DELETE' })
export const listWildcardFolders = () => request(WildcardFoldersResponse, '/wildcards/folders')
export const createWildcardFolder = (name: string) => request(WildcardFoldersResponse, '/wildcards/folders', { method: 'POST', body: { name } })
export const deleteWildcardFolder = (name: string) => request(WildcardFoldersResponse, `/wildcards/folders?name=${enc(name)}`, { method: 'DELETE' })
export const wildcardUsage = () => request(WildcardUsageResponse, '/wildcards/usage')
