/**
 * Dropdown options for WebUI-name fields (model, VAE, sampler, scheduler, upscaler, ADetailer
 * model): the server's merged resource lists, favourites from ratings first and marked ★. Without
 * the server (or an empty list) there are no options and the field is free text.
 */
import { useMemo } from 'react'
import type { FavouritesResponse, ResourcesResponse } from '../../../engine/api/http.ts'
import { useEditorStore } from '../store/context.tsx'
import type { ResourceList } from './fields.ts'
import { resolveResource, type ResourceKind } from '../../../engine/resources/resolve.ts'

const FAVOURITES_OF: Partial<Record<ResourceList, keyof FavouritesResponse>> = { models: 'models', samplers: 'samplers', schedulers: 'schedulers' }

export function resourceOptions(list: ResourceList, resources: ResourcesResponse | null, favourites: FavouritesResponse | null): { value: string; label: string }[] | undefined {
  const names = (list === 'extrasUpscalers' ? resources?.upscalers : resources?.[list]) ?? []
  // Hires upscalers also accept A1111's latent modes.
  // One entry per name, even when several WebUIs (or latent modes and upscalers) list it.
  const all = [...new Set(list === 'upscalers' ? [...(resources?.latentUpscaleModes ?? []), ...names] : names)]
  if (all.length === 0) return undefined
  const favKey = FAVOURITES_OF[list]
  const fav = favKey ? (favourites?.[favKey] ?? []).map((f) => String(f.value)).filter((v) => all.includes(v)) : []
  const favSet = new Set(fav)
  return [...fav.map((v) => ({ value: v, label: `★ ${v}` })), ...all.filter((v) => !favSet.has(v)).map((v) => ({ value: v, label: v }))]
}

export function useResourceOptions(list: ResourceList | undefined) {
  const resources = useEditorStore((s) => s.resources)
  const favourites = useEditorStore((s) => s.favourites)
  return useMemo(() => (list ? resourceOptions(list, resources, favourites) : undefined), [list, resources, favourites])
}

export interface SelectOption { value: string; label: string }

/** The compiler's resolver kind for a dropdown's list (the hires list also takes latent modes). */
const KIND_OF: Partial<Record<ResourceList, ResourceKind>> = {
  models: 'checkpoint', vaes: 'vae', samplers: 'sampler', schedulers: 'scheduler', upscalers: 'hires-upscaler', extrasUpscalers: 'upscaler', adetailerModels: 'adetailer-model',
  styles: 'style',
  controlnetModules: 'controlnet-module', controlnetModels: 'controlnet-model',
}

/** The WebUI name a value resolves to (the compiler's own rule: title, file name, hash, alias…), or null when it does not. */
export type Resolver = (name: string) => string | null

export function useResolver(list: ResourceList | undefined): Resolver | undefined {
  const resources = useEditorStore((s) => s.resources)
  return useMemo(() => {
    const kind = list ? KIND_OF[list] : undefined
    if (!kind || !resources) return undefined
    return (name: string) => {
      const r = resolveResource(kind, name, resources)
      return r.status === 'ok' ? r.name : null
    }
  }, [list, resources])
}

/**
 * The entries of a WebUI-name dropdown, each name once: the "empty" choice (A1111's own default,
 * e.g. "Automatic") unless the WebUI lists an entry with the same label (then that entry is the
 * one), the current value when it is not in the list — marked "not on the WebUI" only when the
 * compiler's resolver does not find it under any name A1111 accepts — then the options.
 */
export function dropdownEntries(options: readonly SelectOption[], current: string, empty: SelectOption | null, resolve?: Resolver): SelectOption[] {
  const out: SelectOption[] = []
  const seen = new Set<string>()
  const labelKey = (l: string) => l.replace(/^★ /, '').trim().toLowerCase()
  const add = (o: SelectOption) => {
    if (out.some((x) => x.value === o.value)) return
    out.push(o)
    seen.add(labelKey(o.label))
  }
  const listsEmptyLabel = empty !== null && options.some((o) => labelKey(o.label) === labelKey(empty.label))
  if (empty && (!listsEmptyLabel || current === '')) add(empty)
  if (current !== '' && !options.some((o) => o.value === current)) {
    const alias = resolve?.(current)
    add({ value: current, label: alias ? `${current} (${alias})` : `${current} (not on the WebUI)` })
  }
  for (const o of options) if (!(listsEmptyLabel && current === '' && labelKey(o.label) === labelKey(empty!.label)) && !seen.has(labelKey(o.label))) add(o)
  return out
}
