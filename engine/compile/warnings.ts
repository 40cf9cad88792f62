/**
 * Warnings about names the WebUI does not offer (model, sampler, upscaler, ADetailer model,
 * LoRA, embedding). They do not stop a run: the list may be stale, or the WebUI may resolve an
 * alias we do not know. Checked once per distinct config, not per job.
 */
import type { WebuiResources } from './context.ts'
import { isInherited } from './inherit.ts'
import type { GraphWarning, JobSpec } from './spec.ts'

/** A1111 accepts a checkpoint by title, file name or bare name, so compare on the bare name. */
export function bareName(name: string): string {
  return name.replace(/\s*\[[0-9a-f]{8,64}\]$/i, '').replace(/^.*[\\/]/, '').replace(/\.(safetensors|ckpt|pt|pth|bin|gguf)$/i, '').toLowerCase()
}

function makeChecker(list: readonly string[] | undefined): ((name: string) => boolean) | null {
  if (!list) return null
  const names = new Set(list.map(bareName))
  return (name) => names.has(bareName(name))
}

export function resourceWarnings(jobs: readonly JobSpec[], resources: WebuiResources | undefined): GraphWarning[] {
  if (!resources) return []
  const warnings: GraphWarning[] = []
  const seen = new Set<string>()
  const checks = {
    model: makeChecker(resources.models),
    vae: makeChecker(resources.vaes),
    sampler: makeChecker(resources.samplers),
    scheduler: makeChecker(resources.schedulers),
    upscaler: makeChecker(resources.upscalers),
    adetailer: makeChecker(resources.adetailerModels),
    lora: makeChecker(resources.loras),
    embedding: makeChecker(resources.embeddings),
  }
  const warn = (what: keyof typeof checks, name: string, nodeId: string | undefined, field: string | undefined, label: string): void => {
    const check = checks[what]
    if (!check || !name || check(name)) return
    const key = `${what}\0${name}\0${nodeId}`
    if (seen.has(key)) return
    seen.add(key)
    warnings.push({ code: `unknown-${what}`, nodeId, field, message: `${label} "${name}" is not on this WebUI.` })
  }
  const seenPlans = new Set<object>()
  for (const job of jobs) {
    for (const lora of job.loras) warn('lora', lora.name, undefined, undefined, 'LoRA')
    for (const emb of job.embeddings) warn('embedding', emb, undefined, undefined, 'Embedding')
    if (seenPlans.has(job.plan)) continue
    seenPlans.add(job.plan)
    for (const stage of job.plan.stages) {
      const v = stage.config.values as Record<string, unknown>
      const id = stage.stageId
      // An inherited name is reported once, on the stage that set it.
      const str = (k: string): string => (typeof v[k] === 'string' && !isInherited(stage.config.provenance[k]) ? (v[k] as string) : '')
      warn('model', str('model'), id, 'model', 'Model')
      warn('vae', str('vae'), id, 'vae', 'VAE')
      warn('sampler', str('sampler_name'), id, 'sampler_name', 'Sampler')
      if (str('scheduler') !== 'Automatic') warn('scheduler', str('scheduler'), id, 'scheduler', 'Scheduler')
      if (stage.kind === 'upscale') warn('upscaler', str('upscaler'), id, 'upscaler', 'Upscaler')
      const hires = v.hires as { enabled?: boolean; upscaler?: string } | undefined
      if (hires?.enabled && hires.upscaler && !hires.upscaler.startsWith('Latent')) warn('upscaler', hires.upscaler, id, 'hires.upscaler', 'Hires upscaler')
      const passes = (v.passes as { ad_model: string; ad_tab_enable: boolean }[] | undefined) ?? []
      passes.forEach((p, i) => { if (p.ad_tab_enable) warn('adetailer', p.ad_model, id, `passes.${i}.ad_model`, 'ADetailer model') })
    }
  }
  return warnings
}

/**
 * A sweep of a field that a higher layer (the node itself) also sets does nothing: the node wins
 * (DESIGN §3). Say so, since the job list would otherwise show variants that all run the same.
 */
export function sweepOverrideWarnings(jobs: readonly JobSpec[]): GraphWarning[] {
  const warnings: GraphWarning[] = []
  const seen = new Set<string>()
  const seenPlans = new Set<object>()
  for (const job of jobs) {
    const swept = Object.keys(job.randomizerSummary.sweeps)
    if (swept.length === 0 || seenPlans.has(job.plan)) continue
    seenPlans.add(job.plan)
    for (const path of swept) {
      const [kind, ...rest] = path.split('.')
      const field = rest.join('.')
      for (const stage of job.plan.stages) {
        if (stage.kind !== kind) continue
        const source = stage.config.provenance[field]
        const key = `${path}\0${stage.stageId}`
        // Only the node layer sits above sweeps (an ADetailer carrier sweep moves into the passes
        // and leaves the carrier inherited: that is not an override).
        if (source !== 'node' || seen.has(key)) continue
        seen.add(key)
        warnings.push({ code: 'sweep-overridden', nodeId: stage.stageId, field, message: `The sweep of ${path} has no effect on "${stage.label}": ${field} is set on the node, which overrides sweeps. Clear it on the node to sweep it.` })
      }
    }
  }
  return warnings
}
