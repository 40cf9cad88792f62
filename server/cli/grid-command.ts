/**
 * `flow grid RUN --x FIELD [--y FIELD] [--z FIELD [--z-value V]] [--stage ID] [--cell PX] [--data DIR] -o FILE.png`
 * (or `--jobs ID,ID,…` instead of RUN for a selection of jobs from any runs): the X/Y/Z grid as one PNG with axis labels, drawn by the same code as
 * `GET /api/runs/:runId/grid`, reading the data folder's queue database as `flow run` does (a
 * running server may keep using it). With --z and no --z-value, one file per Z value
 * (`grid.png` → `grid.<value>.png`). Without --x, lists the fields that vary.
 */
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { GridQuery, JobSelection } from '../../engine/api/learning.ts'
import { valueLabel } from '../../engine/learning/fields.ts'
import { formatZodIssues } from '../../engine/util/zod-issues.ts'
import { dataPaths } from '../data/paths.ts'
import { compareRun, compareSelection } from '../learning/compare.ts'
import { makeGrid } from '../learning/grid-service.ts'
import { openStore } from '../queue/index.ts'
import { UsageError } from './flow.ts'

const OPTION_OF: Record<string, string> = { x: '--x', y: '--y', z: '--z', zValue: '--z-value', stage: '--stage', cell: '--cell', runId: 'RUN' }

/** `grid.png` + `DPM++ 2M` → `grid.DPM-2M.png`. */
export function zFileName(out: string, label: string): string {
  const safe = label.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'value'
  const dot = out.toLowerCase().endsWith('.png') ? out.length - 4 : out.length
  return `${out.slice(0, dot)}.${safe}${out.slice(dot) || '.png'}`
}

export async function gridCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      x: { type: 'string' }, y: { type: 'string' }, z: { type: 'string' }, 'z-value': { type: 'string' },
      stage: { type: 'string' }, cell: { type: 'string' }, data: { type: 'string', default: 'data' }, out: { type: 'string', short: 'o' },
      jobs: { type: 'string' },
    },
  })
  const runId = positionals[0]
  if (values.jobs !== undefined ? positionals.length > 0 : !runId || positionals.length > 1) throw new UsageError('grid takes exactly one run id, or --jobs ID,ID,… instead')
  let jobIds: string[] | undefined
  if (values.jobs !== undefined) {
    const parsed = JobSelection.safeParse(values.jobs)
    if (!parsed.success) throw new UsageError(`--jobs: ${formatZodIssues(parsed.error.issues).map((p) => p.message).join('; ')}`)
    jobIds = parsed.data
  }
  const raw = Object.fromEntries(Object.entries({ x: values.x, y: values.y, z: values.z, zValue: values['z-value'], stage: values.stage, cell: values.cell }).filter(([, v]) => v !== undefined))
  const store = openStore(dataPaths(values.data).database)
  try {
    const data = jobIds ? compareSelection(store, jobIds) : compareRun(store, runId!)
    if (!data || 'unknown' in data) {
      process.stderr.write(data ? `there is no job "${data.unknown}" in ${values.data}\n` : `there is no run "${runId}" in ${values.data}\n`)
      return 1
    }
    if (values.x === undefined) {
      process.stdout.write(`fields that vary in ${runId ?? 'these jobs'}:\n${data.fields.map((f) => `  ${f.key}: ${f.values.map(valueLabel).join(' / ')}`).join('\n') || '  (none)'}\n`)
      return 0
    }
    if (!values.out) throw new UsageError('grid needs -o FILE.png')
    const parsed = GridQuery.safeParse(raw)
    if (!parsed.success) throw new UsageError(formatZodIssues(parsed.error.issues).map((p) => `${OPTION_OF[p.path] ?? p.path}: ${p.message}`).join('; '))
    const zField = parsed.data.z !== undefined ? data.fields.find((f) => f.key === parsed.data.z) : undefined
    const targets = zField && parsed.data.zValue === undefined
      ? zField.values.map((v) => ({ zValue: valueLabel(v), file: zFileName(values.out!, valueLabel(v)) }))
      : [{ zValue: parsed.data.zValue, file: values.out }]
    for (const t of targets) {
      const r = await makeGrid(store, dataPaths(values.data).root, data, { ...parsed.data, zValue: t.zValue })
      if (!r.ok) {
        process.stderr.write(`${OPTION_OF[r.field] ?? r.field}: ${r.message}\n`)
        return 1
      }
      await writeFile(t.file, r.png)
      process.stdout.write(`wrote ${t.file} (${r.png.length} bytes)\n`)
    }
    return 0
  } finally {
    store.close()
  }
}
