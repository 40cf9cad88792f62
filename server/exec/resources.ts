/**
 * `/api/resources`: the union of every up backend's lists (models, VAEs, samplers, …), in the
 * order the first backend gives them. Cached for `resourcesTtlMs`; `refresh()` re-reads. A list
 * a backend cannot give (ADetailer not installed, a backend down) is simply absent from it.
 */
import type { ResourcesResponse } from '../../engine/api/http.ts'
import type { WebuiClient, WebuiResult } from '../webui/index.ts'
import { checkpointName, type Backend } from './backends.ts'

const TIMEOUT_MS = 10_000

async function listsOf(client: WebuiClient): Promise<ResourcesResponse> {
  const opts = { timeoutMs: TIMEOUT_MS }
  const get = async <T>(p: Promise<WebuiResult<T>>, pick: (data: T) => string[]): Promise<string[]> => {
    const r = await p
    return r.ok ? pick(r.data) : []
  }
  const [models, vaes, samplers, schedulers, upscalers, adetailerModels, loras, embeddings, latentUpscaleModes] = await Promise.all([
    get(client.sdModels(opts), (l) => l.map((m) => checkpointName(m.title))),
    get(client.vaes(opts), (l) => l.map((v) => v.model_name)),
    get(client.samplers(opts), (l) => l.map((s) => s.name)),
    get(client.schedulers(opts), (l) => l.map((s) => s.label)),
    get(client.upscalers(opts), (l) => l.map((u) => u.name)),
    get(client.adetailerModels(opts), (l) => l),
    get(client.loras(opts), (l) => l.map((x) => x.name)),
    get(client.embeddings(opts), (e) => Object.keys(e.loaded)),
    get(client.latentUpscaleModes(opts), (l) => l.map((m) => m.name)),
  ])
  return { models, vaes, samplers, schedulers, upscalers, adetailerModels, loras, embeddings, latentUpscaleModes }
}

export function mergeResources(lists: readonly ResourcesResponse[]): ResourcesResponse {
  const keys = ['models', 'vaes', 'samplers', 'schedulers', 'upscalers', 'adetailerModels', 'loras', 'embeddings', 'latentUpscaleModes'] as const
  const out = {} as ResourcesResponse
  for (const k of keys) out[k] = [...new Set(lists.flatMap((l) => l[k]))]
  return out
}

export class ResourceCache {
  private cached: { at: number; value: ResourcesResponse } | undefined
  private inflight: Promise<ResourcesResponse> | undefined

  constructor(private readonly backends: () => readonly Backend[], private readonly ttlMs: number) {}

  get(): Promise<ResourcesResponse> {
    if (this.cached && Date.now() - this.cached.at < this.ttlMs) return Promise.resolve(this.cached.value)
    return this.refresh()
  }

  /** Re-reads every backend that is not known to be down; concurrent callers share one read. */
  refresh(): Promise<ResourcesResponse> {
    this.inflight ??= (async () => {
      try {
        const lists = await Promise.all(this.backends().filter((b) => b.state !== 'down').map((b) => listsOf(b.client)))
        const value = mergeResources(lists)
        this.cached = { at: Date.now(), value }
        return value
      } finally {
        this.inflight = undefined
      }
    })()
    return this.inflight
  }
}
