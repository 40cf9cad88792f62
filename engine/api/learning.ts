/**
 * Compare grids and learning insights (docs/api.md "Compare and insights"): query schemas and
 * answer shapes, shared by the server (validation), the editor and the CLI.
 */
import { z } from 'zod'
import { Id } from '../graph/schema.ts'

const fieldKey = z.string().min(1).max(300)

export const GridQuery = z.strictObject({
  x: fieldKey,
  y: fieldKey.optional(),
  z: fieldKey.optional(),
  /** Which Z value's grid (as shown on its tab); required with z. */
  zValue: z.string().max(2000).optional(),
  /** A stage (node id) of the run; default: each job's last stage. */
  stage: Id.optional(),
  /** Longest side of a cell image in pixels. */
  cell: z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.int().min(32).max(1024)).optional(),
})
export type GridQuery = z.infer<typeof GridQuery>

/** A selection of jobs to compare: comma-separated ids (GET /api/compare, /api/compare/grid). */
export const MAX_SELECTION = 2000
export const JobSelection = z.string().min(1).max(MAX_SELECTION * 130)
  .transform((s) => s.split(','))
  .pipe(z.array(Id).min(1).max(MAX_SELECTION, `at most ${MAX_SELECTION} jobs`))
export const SelectionQuery = z.strictObject({ jobIds: JobSelection })
export const SelectionGridQuery = GridQuery.extend({ jobIds: JobSelection })

export const InsightsQuery = z.strictObject({
  graphId: Id.optional(),
  packId: Id.optional(),
  /** The root stage's checkpoint, as the history filter takes it. */
  model: z.string().max(400).optional(),
  /** Jobs that finished at or after this time (ISO date or date-time). */
  since: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
})
export type InsightsQuery = z.infer<typeof InsightsQuery>

const FieldValue = z.union([z.string(), z.number(), z.boolean(), z.null()])

export const CompareArtifact = z.strictObject({ artifactId: z.string(), stageId: z.string(), index: z.int(), rating: z.int().nullable() })
export const CompareJob = z.strictObject({
  jobId: z.string(),
  state: z.string(),
  /** The job's last stage: whose image a cell shows unless another stage is chosen. */
  finalStage: z.string(),
  fields: z.record(z.string(), FieldValue),
  artifacts: z.array(CompareArtifact),
})
export type CompareJob = z.infer<typeof CompareJob>

/** GET /api/runs/:runId/compare: what the grid view needs (the grid itself is laid out with engine/learning/grid.ts). */
export const CompareResponse = z.strictObject({
  /** null for a selection of jobs. */
  runId: z.string().nullable(),
  /** null when the selected jobs come from several graphs. */
  graphId: z.string().nullable(),
  stages: z.array(z.strictObject({ stageId: z.string(), kind: z.string(), label: z.string() })),
  fields: z.array(z.strictObject({ key: z.string(), values: z.array(FieldValue), numeric: z.boolean() })),
  jobs: z.array(CompareJob),
})
export type CompareResponse = z.infer<typeof CompareResponse>

export const InsightValueSchema = z.strictObject({
  value: FieldValue,
  count: z.int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  ci: z.tuple([z.number(), z.number()]).nullable(),
  jobs: z.int(),
  failed: z.int(),
  cancelled: z.int(),
})
export const InsightFieldSchema = z.strictObject({
  key: z.string(),
  numeric: z.boolean(),
  rated: z.int(),
  spread: z.number().nullable(),
  values: z.array(InsightValueSchema),
})

/** GET /api/learning/insights */
export const InsightsResponse = z.strictObject({
  jobs: z.int(),
  ratings: z.int(),
  fields: z.array(InsightFieldSchema),
  suggestions: z.array(z.strictObject({ path: z.string(), values: z.array(FieldValue), evidence: z.string() })),
})
export type InsightsResponse = z.infer<typeof InsightsResponse>
