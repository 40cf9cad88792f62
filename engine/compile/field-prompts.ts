/**
 * Prompt syntax in every prompt-bearing field of every stage (DESIGN §9 "Prompts"): the prompt a
 * non-root img2img takes from its prompts input, its negative, `prompt_adjust` /
 * `negative_adjust`, ADetailer's `ad_prompt` / `ad_negative_prompt`, and the job's negative
 * (global negative, txt2img `negative_prompt`, the row's phrases).
 *
 * Each is expanded with the job's variant:
 * - `[[slot]]` takes the value the job's main prompt bound (so a face pass says the same hair
 *   colour as the image); a slot the main prompt does not bind is a compile error;
 * - `{a|b}` and `__wildcard__` are one seeded draw per job and field (seed = run seed, job,
 *   node, field), so the preview shows exactly what runs; a template problem is a compile error.
 * ADetailer's own tokens ([SEP], [PROMPT], [SKIP]) are not our syntax and pass through.
 * A text without our syntax is returned unchanged (no draw, no copy).
 */
import { normalizeSlotName, scanSlots, substituteSlots } from '../packs/slots.ts'
import { expandRandom, hasDynamicSyntax, validateTemplate, type WildcardLibrary } from '../prompts/index.ts'
import { createRng, seedFrom } from '../util/rng.ts'
import type { StageExecutionPlan, StagePlan } from './spec.ts'

export interface JobVariant {
  /** Slot values the job's main prompt bound (normalised names). */
  slots: Readonly<Record<string, string>>
  runSeed: number
  /** The job's identity: the same job always draws the same values. */
  jobKey: string
  wildcards: WildcardLibrary
}

export type FieldResult = { ok: true; text: string } | { ok: false; message: string }

/** True when the text holds syntax of ours that must not reach the WebUI. */
export function needsExpansion(text: string): boolean {
  return text.includes('[[') || hasDynamicSyntax(text)
}

export function expandField(text: string, variant: JobVariant, nodeId: string, field: string): FieldResult {
  if (!needsExpansion(text)) return { ok: true, text }
  const scan = scanSlots(text)
  if (scan.problems.length) return { ok: false, message: scan.problems[0]! }
  const values = new Map<string, string>()
  for (const { name } of scan.slots) {
    const key = normalizeSlotName(name)
    const value = Object.hasOwn(variant.slots, key) ? variant.slots[key] : undefined
    if (value === undefined) return { ok: false, message: `uses [[${name}]], which this job's main prompt does not bind (only slots the main prompt uses have a value in a job)` }
    values.set(key, value)
  }
  const substituted = substituteSlots(text, values)
  if (!substituted.ok) return { ok: false, message: `uses [[${substituted.slot}]], which has no value` }
  if (!hasDynamicSyntax(substituted.text)) return { ok: true, text: substituted.text }
  const problems = validateTemplate(substituted.text, variant.wildcards)
  if (problems.length) return { ok: false, message: problems[0]!.message }
  const rng = createRng(seedFrom(variant.runSeed, variant.jobKey, nodeId, field))
  const drawn = expandRandom(substituted.text, { wildcards: variant.wildcards, count: 1, rng })
  if (!drawn.ok) return { ok: false, message: drawn.error.message }
  return { ok: true, text: drawn.prompts[0] ?? '' }
}

/** A prompt-bearing place in a plan that holds our syntax. */
interface PlanField {
  stage: number
  /** `prompt` / `negativePrompt` of the stage, or a dotted path in its config values. */
  path: string
  text: string
  /** What an error names: the node's field, or its prompts input. */
  field: string
  port?: string
}

const CONFIG_PROMPT_FIELDS: Record<string, readonly string[]> = {
  img2img: ['prompt_adjust', 'negative_adjust'],
  adetailer: ['ad_prompt', 'ad_negative_prompt'],
  // hr_prompt / hr_negative_prompt (issue 11): expanded per job like the main prompt.
  txt2img: ['hires.prompt', 'hires.negative_prompt'],
}

/** A dotted path's text in config values (`hires.prompt`), or undefined. */
function textAt(values: Record<string, unknown>, path: string): unknown {
  let v: unknown = values
  for (const k of path.split('.')) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined
  return v
}

/** The fields of a plan that need expanding per job (computed once per plan). */
export function planFields(plan: StageExecutionPlan, finalStagePrompts: ReadonlySet<string>): PlanField[] {
  const out: PlanField[] = []
  plan.stages.forEach((s, i) => {
    if (s.prompt !== undefined && !finalStagePrompts.has(s.stageId) && needsExpansion(s.prompt)) out.push({ stage: i, path: 'prompt', text: s.prompt, field: 'prompts', port: 'prompts' })
    if (s.negativePrompt !== undefined && needsExpansion(s.negativePrompt)) out.push({ stage: i, path: 'negativePrompt', text: s.negativePrompt, field: 'prompts', port: 'prompts' })
    const v = s.config.values
    for (const k of CONFIG_PROMPT_FIELDS[s.kind] ?? []) {
      if (s.kind === 'adetailer') {
        ;(v.passes as Record<string, unknown>[]).forEach((p, n) => {
          const text = p[k]
          if (typeof text === 'string' && needsExpansion(text)) out.push({ stage: i, path: `passes.${n}.${k}`, text, field: `passes.${n}.${k}` })
        })
      } else {
        const text = textAt(v, k)
        if (typeof text === 'string' && needsExpansion(text)) out.push({ stage: i, path: k, text, field: k })
      }
    }
  })
  return out
}

export interface FieldProblem { nodeId: string; field: string; port?: string; message: string }

/** The plan with its fields expanded for one job, or the problems that stop it. */
export function expandPlan(plan: StageExecutionPlan, fields: readonly PlanField[], variant: JobVariant): { plan: StageExecutionPlan; problems: FieldProblem[] } {
  if (fields.length === 0) return { plan, problems: [] }
  const stages = [...plan.stages]
  const problems: FieldProblem[] = []
  for (const f of fields) {
    const stage = stages[f.stage]!
    const r = expandField(f.text, variant, stage.stageId, f.field)
    if (!r.ok) {
      problems.push({ nodeId: stage.stageId, field: f.field, ...(f.port ? { port: f.port } : {}), message: r.message })
      continue
    }
    stages[f.stage] = setPath(stage, f.path, r.text)
  }
  return { plan: { rootId: plan.rootId, stages }, problems }
}

function setPath(stage: StagePlan, path: string, text: string): StagePlan {
  if (path === 'prompt' || path === 'negativePrompt') return { ...stage, [path]: text }
  const values = { ...stage.config.values }
  const parts = path.split('.')
  if (parts[0] === 'passes') {
    const passes = [...(values.passes as Record<string, unknown>[])]
    const n = Number(parts[1])
    passes[n] = { ...passes[n], [parts[2]!]: text }
    values.passes = passes
  } else if (parts.length === 2) {
    values[parts[0]!] = { ...(values[parts[0]!] as Record<string, unknown>), [parts[1]!]: text }
  } else {
    values[path] = text
  }
  return { ...stage, config: { ...stage.config, values } }
}
