/**
 * Dropdown options for WebUI-name fields (model, VAE, sampler, scheduler, upscaler, ADetailer
 * model): the server's merged resource lists, favourites from ratings first and marked ★. Without
 * the server (or an empty list) there are no options and the field is free text.
 */
import { useMemo } from 'react'
import type { FavouritesResponse, ResourcesResponse } from '../../../engine/api/http.ts'
import { useEditorStore } from '../store/context.tsx'
import type { ResourceList } from './fields.ts'

const FAVOURITES_OF: Partial<Record<ResourceList, keyof FavouritesResponse>> = { models: 'models', samplers: 'samplers', schedulers: 'schedulers' }

export function resourceOptions(list: ResourceList, resources: ResourcesResponse | null, favourites: FavouritesResponse | null): { value: string; label: string }[] | undefined {
  const names = resources?.[list] ?? []
  // Hires upscalers also accept A1111's latent modes.
  const all = list === 'upscalers' ? [...(resources?.latentUpscaleModes ?? []), ...names] : names
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
