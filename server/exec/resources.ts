/**
 * The WebUIs' resource lists. Each backend's own lists (`Backend.lists`) are read when it comes
 * up and on refresh: routing and the check before a job's first request use them, so resolving a
 * job's names never costs a WebUI round trip. `/api/resources` (and compile) get their union, in
 * the order the first backend gives them, with the loaded checkpoint of the first backend that is
 * up. A list no backend could give (ADetailer not installed, every backend down) is named in
 * `unavailable`, so its names are left unchecked instead of all being "missing".
 */
import type { ResourcesResponse } from '../../engine/api/http.ts'
import { RESOURCE_LISTS, stripHash, type CheckpointInfo, type PromptStyle } from '../../engine/resources/catalog.ts'
import type { WebuiClient, WebuiResult } from '../webui/index.ts'
import type { Backend } from './backends.ts'

const TIMEOUT_MS = 10_000

/** One backend's lists (the same shape as the merged answer), plus its VAE files (for Forge, forge.ts). */
export type BackendLists = ResourcesResponse & { vaeFiles?: Record<string, string> }

/** Reads every list of one WebUI at once (eleven GETs in parallel). */
export async function readLists(client: WebuiClient, timeoutMs = TIMEOUT_MS): Promise<BackendLists> {
  const opts = { timeoutMs }
  const unavailable: string[] = []
  /**
   * `absentIsEmpty`: the list's endpoint missing (404) means its extension is not installed, so
   * the WebUI has none of it: a known, empty list (a job that needs one is not routed there, and
   * compile says what is missing) rather than an unknown one. Used for ControlNet.
   */
  const get = async <T, R>(list: string, p: Promise<WebuiResult<T>>, pick: (data: T) => R, empty: R, absentIsEmpty = false): Promise<R> => {
    const r = await p
    if (r.ok) return pick(r.data)
    if (!(absentIsEmpty && r.error.kind === 'not_found')) unavailable.push(list)
    return empty
  }
  const [checkpoints, vaes, samplers, schedulers, upscalers, adetailerModels, loras, embeddings, latentUpscaleModes, promptStyles, controlnetModules, controlnetModels] = await Promise.all([
    get('models', client.sdModels(opts), (l) => l.map((m): CheckpointInfo => ({ title: m.title, model_name: m.model_name, hash: m.hash ?? null, sha256: m.sha256 ?? null })), [] as CheckpointInfo[]),
    get('vaes', client.vaes(opts), (l) => l, [] as { model_name: string; filename: string }[]),
    get('samplers', client.samplers(opts), (l) => l, [] as { name: string; aliases?: string[] | null }[]),
    get('schedulers', client.schedulers(opts), (l) => l, [] as { name: string; label: string; aliases?: string[] | null }[]),
    get('upscalers', client.upscalers(opts), (l) => l.map((u) => u.name), [] as string[]),
    get('adetailerModels', client.adetailerModels(opts), (l) => l, [] as string[]),
    get('loras', client.loras(opts), (l) => l.map((x) => x.name), [] as string[]),
    get('embeddings', client.embeddings(opts), (e) => Object.keys(e.loaded), [] as string[]),
    get('latentUpscaleModes', client.latentUpscaleModes(opts), (l) => l.map((m) => m.name), [] as string[]),
    get('styles', client.promptStyles(opts), (l) => l.map((s) => ({ name: s.name, prompt: s.prompt ?? '', negative_prompt: s.negative_prompt ?? '' })), [] as PromptStyle[]),
    get('controlnetModules', client.controlnetModules(opts), (l) => l, [] as string[], true),
    get('controlnetModels', client.controlnetModels(opts), (l) => l, [] as string[], true),
  ])
  return {
    models: checkpoints.map((c) => stripHash(c.title)),
    checkpoints,
    vaes: vaes.map((v) => v.model_name),
    vaeFiles: Object.fromEntries(vaes.map((v) => [v.model_name, v.filename])),
    samplers: samplers.map((s) => s.name),
    samplerAliases: Object.fromEntries(samplers.map((s) => [s.name, s.aliases ?? []])),
    schedulers: schedulers.map((s) => s.label),
    schedulerAliases: Object.fromEntries(schedulers.map((s) => [s.label, [s.name, ...(s.aliases ?? [])]])),
    upscalers, adetailerModels, loras, embeddings, latentUpscaleModes,
    styles: promptStyles.map((s) => s.name), promptStyles,
    controlnetModules, controlnetModels,
    loadedModel: null,
    unavailable,
  }
}

/** The union of some backends' lists; a list is unavailable only when none of them gave it. */
export function mergeResources(lists: readonly BackendLists[], loadedModel: string | null = null): ResourcesResponse {
  const union = (k: (typeof RESOURCE_LISTS)[number]) => [...new Set(lists.flatMap((l) => (l.unavailable.includes(k) ? [] : l[k] ?? [])))]
  const titles = new Set<string>()
  const checkpoints: CheckpointInfo[] = []
  for (const l of lists) for (const c of l.checkpoints) if (!titles.has(c.title)) { titles.add(c.title); checkpoints.push(c) }
  const aliases = (k: 'samplerAliases' | 'schedulerAliases') => Object.assign({}, ...lists.map((l) => l[k])) as Record<string, string[]>
  return {
    models: union('models'), vaes: union('vaes'), samplers: union('samplers'), schedulers: union('schedulers'),
    upscalers: union('upscalers'), adetailerModels: union('adetailerModels'), loras: union('loras'), embeddings: union('embeddings'),
    latentUpscaleModes: union('latentUpscaleModes'),
    // A style two WebUIs define keeps the first one's text (as names, the first backend leads).
    styles: union('styles'), promptStyles: [...new Map(lists.flatMap((l) => l.promptStyles ?? []).reverse().map((s) => [s.name, s])).values()].reverse(),
    controlnetModules: union('controlnetModules'), controlnetModels: union('controlnetModels'),
    checkpoints, samplerAliases: aliases('samplerAliases'), schedulerAliases: aliases('schedulerAliases'),
    loadedModel,
    unavailable: RESOURCE_LISTS.filter((k) => lists.length === 0 || lists.every((l) => l.unavailable.includes(k))),
  }
}

export class ResourceCache {
  private cachedAt = 0
  private inflight: Promise<ResourcesResponse> | undefined

  constructor(private readonly backends: () => readonly Backend[], private readonly ttlMs: number) {}

  /** The union of what is known now; re-read when older than the TTL (never per job). */
  get(): Promise<ResourcesResponse> {
    // Lists read by the health checks (a backend coming up) count as fresh.
    if (this.cachedAt === 0 && this.backends().every((b) => b.lists !== null || b.state === 'down')) this.cachedAt = Date.now()
    if (this.cachedAt > 0 && Date.now() - this.cachedAt < this.ttlMs) return Promise.resolve(this.merged())
    return this.refresh()
  }

  /**
   * Re-reads every backend that is not known to be down; concurrent callers share one read.
   * A down backend keeps its last lists: jobs that only it can serve wait for it.
   */
  refresh(): Promise<ResourcesResponse> {
    this.inflight ??= (async () => {
      try {
        await Promise.all(this.backends().filter((b) => b.state !== 'down').map(async (b) => b.setLists(await readLists(b.client))))
        this.cachedAt = Date.now()
        return this.merged()
      } finally {
        this.inflight = undefined
      }
    })()
    return this.inflight
  }

  merged(): ResourcesResponse {
    const all = this.backends()
    const loaded = all.find((b) => b.state === 'up' && b.loadedModel !== null)?.loadedModel ?? null
    const merged = mergeResources(all.flatMap((b) => (b.lists ? [b.lists] : [])), loaded)
    // Flavours only when every backend's is known: one unknown may be the Forge a job needs.
    const flavors = all.map((b) => b.flavor)
    return all.length > 0 && flavors.every((f) => f !== null) ? { ...merged, flavors: flavors as ('a1111' | 'forge')[] } : merged
  }
}
