/**
 * Resolves one resource name against the WebUI's lists the way A1111 does, and returns the
 * canonical name to send. Checkpoints: every key of A1111's `checkpoint_aliases` (title, name
 * with folders, `model_name`, file name without extension, short hash, sha256, `name [hash]`,
 * `file [hash]`). Samplers: name or alias, and the legacy `DPM++ 2M Karras` form (split into
 * sampler + scheduler as A1111 1.9+ does). Schedulers: label, name or alias.
 *
 * A1111 matches these exactly; we also accept a different letter case when exactly one entry
 * matches, because we send the canonical spelling, so the WebUI sees an exact match either way.
 * A name matching two entries (the same file name in two folders) is refused as ambiguous.
 */
import { stripHash, type ResourceCatalog, type ResourceList } from './catalog.ts'
import { suggest } from './suggest.ts'

export type ResourceKind = 'checkpoint' | 'vae' | 'sampler' | 'scheduler' | 'upscaler' | 'hires-upscaler' | 'adetailer-model' | 'lora' | 'embedding' | 'style' | 'controlnet-module' | 'controlnet-model'

export type Resolution =
  /** `folded`: matched only in another letter case (A1111 itself would not have matched it). */
  | { status: 'ok'; name: string; scheduler?: string; folded?: true }
  /** The list is unavailable (no WebUI gave it): the name goes out as written. */
  | { status: 'unchecked' }
  | { status: 'missing'; suggestions: string[] }
  | { status: 'ambiguous'; candidates: string[] }

/** Alias → canonical names, exact and lower-cased. */
interface AliasIndex {
  exact: Map<string, Set<string>>
  folded: Map<string, Set<string>>
  names: string[]
}

function indexOf(entries: Iterable<{ name: string; aliases: Iterable<string | null | undefined> }>): AliasIndex {
  const index: AliasIndex = { exact: new Map(), folded: new Map(), names: [] }
  const add = (map: Map<string, Set<string>>, key: string, name: string): void => {
    let set = map.get(key)
    if (!set) map.set(key, (set = new Set()))
    set.add(name)
  }
  for (const { name, aliases } of entries) {
    index.names.push(name)
    for (const alias of [name, ...aliases]) {
      if (!alias) continue
      add(index.exact, alias, name)
      add(index.folded, alias.toLowerCase(), name)
    }
  }
  return index
}

const baseName = (name: string): string => name.replace(/^.*[\\/]/, '').replace(/\.[^.]+$/, '')

function checkpointIndex(c: ResourceCatalog): AliasIndex {
  if (c.checkpoints && c.checkpoints.length > 0) {
    return indexOf(c.checkpoints.map((cp) => {
      const name = stripHash(cp.title)
      const base = baseName(name)
      const hash = cp.hash ?? null
      return {
        name,
        aliases: [cp.title, cp.model_name ?? name.replace(/[\\/]/g, '_').replace(/\.[^.]+$/, ''), base, hash, cp.sha256,
          hash ? `${name} [${hash}]` : null, hash ? `${base} [${hash}]` : null],
      }
    }))
  }
  return indexOf((c.models ?? []).map((m) => {
    const name = stripHash(m)
    return { name, aliases: [m, baseName(name)] }
  }))
}

const indexes = new WeakMap<ResourceCatalog, Map<ResourceKind, AliasIndex>>()

function listIndex(c: ResourceCatalog, kind: ResourceKind): AliasIndex {
  let byKind = indexes.get(c)
  if (!byKind) indexes.set(c, (byKind = new Map()))
  let index = byKind.get(kind)
  if (index) return index
  const plain = (list: readonly string[] | undefined, aliases: (n: string) => string[] = () => []) =>
    indexOf((list ?? []).map((name) => ({ name, aliases: aliases(name) })))
  switch (kind) {
    case 'checkpoint': index = checkpointIndex(c); break
    case 'vae': index = plain(c.vaes, (n) => [baseName(n)]); break
    case 'sampler': index = plain(c.samplers, (n) => [...(c.samplerAliases?.[n] ?? [])]); break
    case 'scheduler': index = plain(c.schedulers, (n) => [...(c.schedulerAliases?.[n] ?? [])]); break
    case 'upscaler': index = plain(c.upscalers); break
    case 'hires-upscaler': index = plain([...(c.latentUpscaleModes ?? []), ...(c.upscalers ?? [])]); break
    case 'adetailer-model': index = plain(c.adetailerModels); break
    case 'lora': index = plain(c.loras); break
    case 'embedding': index = plain(c.embeddings); break
    case 'style': index = plain(c.styles); break
    case 'controlnet-module': index = plain(c.controlnetModules); break
    // Listed as `name [hash]`; the name alone finds it too (the extension's own lookup does).
    case 'controlnet-model': index = plain(c.controlnetModels, (n) => [stripHash(n)]); break
  }
  byKind.set(kind, index)
  return index
}

/** The lists a kind is checked against (all must be available to check it). */
export const LISTS_OF: Record<ResourceKind, readonly ResourceList[]> = {
  checkpoint: ['models'], vae: ['vaes'], sampler: ['samplers'], scheduler: ['schedulers'], upscaler: ['upscalers'],
  'hires-upscaler': ['upscalers', 'latentUpscaleModes'], 'adetailer-model': ['adetailerModels'], lora: ['loras'], embedding: ['embeddings'],
  style: ['styles'],
  'controlnet-module': ['controlnetModules'], 'controlnet-model': ['controlnetModels'],
}

/** A list is known when a WebUI gave it; an empty list a WebUI gave is known (and empty). */
export function listKnown(c: ResourceCatalog, list: ResourceList): boolean {
  if (c.unavailable?.includes(list)) return false
  return list === 'models' ? c.models !== undefined || c.checkpoints !== undefined : c[list] !== undefined
}

/** LoRAs, embeddings and styles: A1111 looks them up by exact name, so no case folding. */
const EXACT_ONLY = new Set<ResourceKind>(['lora', 'embedding', 'style'])

function lookup(index: AliasIndex, name: string, kind: ResourceKind): Resolution | null {
  const exact = index.exact.get(name)
  const hit = exact ?? (EXACT_ONLY.has(kind) ? undefined : index.folded.get(name.toLowerCase()))
  if (!hit) return null
  if (hit.size === 1) return exact ? { status: 'ok', name: hit.values().next().value! } : { status: 'ok', name: hit.values().next().value!, folded: true }
  return { status: 'ambiguous', candidates: [...hit].sort() }
}

/** VAE values that are not files: `Automatic` (the checkpoint's own or the default) and `None`. */
const VAE_SPECIAL = ['Automatic', 'None']

export function resolveResource(kind: ResourceKind, name: string, catalog: ResourceCatalog): Resolution {
  if (kind === 'vae') {
    const special = VAE_SPECIAL.find((s) => s.toLowerCase() === name.toLowerCase())
    if (special) return { status: 'ok', name: special }
  }
  if (!LISTS_OF[kind].every((l) => listKnown(catalog, l))) return { status: 'unchecked' }
  const index = listIndex(catalog, kind)
  const found = lookup(index, name, kind)
  if (found) return found
  if (kind === 'sampler') {
    const legacy = splitLegacySampler(name, index, catalog)
    if (legacy) return legacy
  }
  return { status: 'missing', suggestions: suggest(name, index.names) }
}

/**
 * `DPM++ 2M Karras` → sampler `DPM++ 2M`, scheduler `Karras`: the names before 1.9, which
 * A1111 still splits on a scheduler label or alias at the end.
 */
function splitLegacySampler(name: string, samplers: AliasIndex, catalog: ResourceCatalog): Resolution | null {
  if (!listKnown(catalog, 'schedulers')) return null
  const schedulers = listIndex(catalog, 'scheduler')
  for (const [alias, labels] of schedulers.exact) {
    if (labels.size !== 1 || !name.toLowerCase().endsWith(' ' + alias.toLowerCase())) continue
    const sampler = lookup(samplers, name.slice(0, name.length - alias.length - 1), 'sampler')
    if (sampler?.status === 'ok') return { status: 'ok', name: sampler.name, scheduler: labels.values().next().value! }
  }
  return null
}
