/**
 * The resolution pass of `compile`: after the jobs are built, every resource name a stage will
 * send is resolved against the WebUI's lists and replaced by its canonical name (so the preview
 * shows, and the queue sends, exactly the name A1111 lists). A name that does not resolve is an
 * error on its node and field, with the nearest names; an unknown LoRA or embedding is a warning
 * (A1111 ignores them). An unset model on a root stage becomes the checkpoint the WebUI has loaded,
 * with provenance `webui-loaded`, like seed -1 becomes a concrete seed.
 *
 * Plans and configs are shared between jobs (interned), so each distinct one is resolved once
 * and replaced by a resolved copy; the frozen originals are never touched.
 */
import type { GraphError, GraphWarning, JobSpec, StagePlan } from '../compile/spec.ts'
import type { ResourceCatalog } from './catalog.ts'
import { getPath, resourceFields, setPath } from './fields.ts'
import { resolveResource, type ResourceKind } from './resolve.ts'
import { didYouMean } from './suggest.ts'

/** Provenance of a model that was unset and became the WebUI's loaded checkpoint. */
export const LOADED_MODEL_SOURCE = 'webui-loaded'

type Config = StagePlan['config']

/** Provenance prefix of a field a stage took from the stage that made its image (compile/inherit). */
const INHERITED = 'inherited from '

interface PassState {
  catalog: ResourceCatalog
  errors: GraphError[]
  warnings: GraphWarning[]
  seen: Set<string>
  configs: Map<Config, Config>
}

const SOURCE_WORDS: Record<string, string> = { 'default-preset': 'the default preset', preset: 'preset', pack: 'pack', sweep: 'a sweep' }

/** ` (set by preset "people")` when the value did not come from the node itself. */
function whereFrom(source: string | undefined): string {
  if (!source || source === 'node') return ''
  if (source === 'default') return ' (a built-in default)'
  const i = source.indexOf(':')
  const layer = i < 0 ? source : source.slice(0, i)
  const id = i < 0 ? '' : source.slice(i + 1)
  const words = SOURCE_WORDS[layer]
  return words ? ` (set by ${words}${id && layer !== 'default-preset' && layer !== 'sweep' ? ` "${id}"` : ''})` : ''
}

function resolveConfig(stage: StagePlan, isRoot: boolean, st: PassState): Config {
  const known = st.configs.get(stage.config)
  if (known) return known
  let values: Record<string, unknown> | null = null
  let provenance: Record<string, string> | null = null
  const edit = (path: string, value: unknown, source?: string): void => {
    values ??= structuredClone(stage.config.values) as Record<string, unknown>
    setPath(values, path, value)
    if (source !== undefined) {
      provenance ??= { ...stage.config.provenance }
      provenance[path] = source
    }
  }
  const problem = (key: string, make: () => GraphError): void => {
    if (st.seen.has(key)) return
    st.seen.add(key)
    st.errors.push(make())
  }

  const original = stage.config.values as Record<string, unknown>
  if (isRoot && original.model === '') {
    const loaded = st.catalog.loadedModel
    if (loaded) edit('model', loaded, LOADED_MODEL_SOURCE)
    else {
      problem(`${stage.stageId}\0model\0`, () => ({
        code: 'unknown-resource', nodeId: stage.stageId, field: 'model',
        message: `${stage.label}: choose a checkpoint. No WebUI has said which one it has loaded, so "whatever is loaded" cannot be shown or checked.`,
      }))
    }
  }
  for (const field of resourceFields(stage.kind, original)) {
    const name = String(getPath(original, field.path))
    const r = resolveResource(field.kind, name, st.catalog)
    if (r.status === 'ok') {
      if (r.name !== name) edit(field.path, r.name)
      if (r.scheduler && field.schedulerPath) {
        const current = String(getPath(original, field.schedulerPath) ?? '')
        if (current === '' || current === 'Automatic' || current === 'Use same scheduler') edit(field.schedulerPath, r.scheduler)
      }
      continue
    }
    if (r.status === 'unchecked') {
      uncheckedWarning(field.kind, st)
      continue
    }
    // A list item (`styles.1`) has the provenance of its list.
    const fieldSource = stage.config.provenance[field.path] ?? stage.config.provenance[field.path.replace(/\.\d+$/, '')]
    // A value inherited from the stage that made the image is reported once, on that stage.
    if (fieldSource?.startsWith(INHERITED)) continue
    const source = whereFrom(fieldSource)
    const detail = r.status === 'ambiguous'
      ? ` matches more than one on the WebUI: ${r.candidates.map((c) => `"${c}"`).join(', ')}. Choose one.`
      : ` is not on the WebUI.${didYouMean(r.suggestions)}${emptyListHint(field.kind, st.catalog)}`
    problem(`${stage.stageId}\0${field.path}\0${name}`, () => ({
      code: 'unknown-resource', nodeId: stage.stageId, field: field.path,
      message: `${stage.label}: ${field.what} "${name}"${source}${detail}`,
    }))
  }
  const resolved = values === null ? stage.config : { ...stage.config, values, provenance: provenance ?? stage.config.provenance }
  st.configs.set(stage.config, resolved)
  return resolved
}

/** For a name whose whole list is empty: the likely cause (an extension that is not installed). */
function emptyListHint(kind: ResourceKind, catalog: ResourceCatalog): string {
  const list = kind === 'controlnet-model' ? catalog.controlnetModels : kind === 'controlnet-module' ? catalog.controlnetModules : undefined
  return list !== undefined && list.length === 0 ? ' No WebUI lists any: is the sd-webui-controlnet extension installed there (then refresh the lists)?' : ''
}

const UNCHECKED_WORDS: Record<ResourceKind, string> = {
  checkpoint: 'checkpoint', vae: 'VAE', sampler: 'sampler', scheduler: 'scheduler', upscaler: 'upscaler',
  'hires-upscaler': 'upscaler', 'adetailer-model': 'ADetailer model', lora: 'LoRA', embedding: 'embedding',
  'controlnet-module': 'ControlNet preprocessor', 'controlnet-model': 'ControlNet model',
  style: 'prompt style',
}

function uncheckedWarning(kind: ResourceKind, st: PassState): void {
  const key = `unchecked\0${UNCHECKED_WORDS[kind]}`
  if (st.seen.has(key)) return
  st.seen.add(key)
  st.warnings.push({ code: 'resources-unchecked', message: `No WebUI gave its ${UNCHECKED_WORDS[kind]} list, so ${UNCHECKED_WORDS[kind]} names are sent unchecked (they are checked again before each job runs).` })
}

export function resolveJobResources(jobs: JobSpec[], catalog: ResourceCatalog, errors: GraphError[], warnings: GraphWarning[]): void {
  const st: PassState = { catalog, errors, warnings, seen: new Set(), configs: new Map() }
  const plans = new Map<JobSpec['plan'], JobSpec['plan']>()
  for (const job of jobs) {
    let plan = plans.get(job.plan)
    if (!plan) {
      const stages = job.plan.stages.map((s) => {
        const config = resolveConfig(s, s.inputFrom === null, st)
        return config === s.config ? s : { ...s, config }
      })
      plan = stages.every((s, i) => s === job.plan.stages[i]) ? job.plan : { ...job.plan, stages }
      plans.set(job.plan, plan)
    }
    job.plan = plan
    for (const lora of job.loras) networkWarning('lora', lora.name, job.rootId, st)
    for (const emb of job.embeddings) networkWarning('embedding', emb, job.rootId, st)
  }
}

function networkWarning(kind: 'lora' | 'embedding', name: string, nodeId: string, st: PassState): void {
  const key = `${kind}\0${name}\0${nodeId}`
  if (st.seen.has(key)) return
  st.seen.add(key)
  const r = resolveResource(kind, name, st.catalog)
  if (r.status === 'ok') return
  if (r.status === 'unchecked') return uncheckedWarning(kind, st)
  const what = kind === 'lora' ? 'LoRA' : 'Embedding'
  const hint = r.status === 'missing' ? didYouMean(r.suggestions) : ''
  st.warnings.push({ code: `unknown-${kind}`, nodeId, message: `${what} "${name}" is not on the WebUI; A1111 ignores it, so the image is made without it.${hint}` })
}
