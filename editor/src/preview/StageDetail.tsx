/**
 * One stage of one job: its resolved config with the source of every field, and the exact WebUI
 * request it will send (preview = queue = executor).
 */
import { useMemo, useState } from 'react'
import type { JobSpec, StagePlan } from '../../../engine/compile/spec.ts'
import { describeSource, inheritedStage, sourceTag } from '../inspector/provenance.ts'
import { CopyButton } from './CopyButton.tsx'
import { stagePayload } from './payload.ts'
import { generationRows } from './generation-rows.ts'
import { useEditorStore } from '../store/context.tsx'

function flatten(values: unknown, prefix = '', out: [string, unknown][] = []): [string, unknown][] {
  if (values && typeof values === 'object' && !Array.isArray(values)) {
    for (const [k, v] of Object.entries(values)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (Array.isArray(values) && values.every((v) => v && typeof v === 'object')) {
    values.forEach((v, i) => flatten(v, `${prefix}.${i}`, out))
  } else {
    out.push([prefix, values])
  }
  return out
}

/**
 * Fields the job decides, not the stage config: the payload sends the job's seed (a config seed of
 * -1 means "the job's"), its prompt and negative prompt. The table shows what is sent, so it never
 * says `-1` next to a payload with a concrete seed.
 */
const FROM_JOB = ['prompt', 'negative_prompt', 'seed'] as const

function shownRows(stage: StagePlan, body: Record<string, unknown> | null): { path: string; value: unknown; source: string | undefined; sent?: unknown }[] {
  const rows = flatten(stage.config.values).map(([path, value]) => ({ path, value, source: stage.config.provenance[path] }))
  if (!body) return rows
  for (const key of FROM_JOB) {
    if (!(key in body)) continue
    const row = rows.find((r) => r.path === key)
    if (row && JSON.stringify(row.value) === JSON.stringify(body[key])) continue
    const shown = { path: key, value: body[key], source: 'job', ...(row ? { sent: row.value } : {}) }
    if (row) rows[rows.indexOf(row)] = shown
    else rows.unshift(shown)
  }
  return rows
}

/** The chip of a resolved value: its layer, or for an inherited one the stage it comes from. */
function chipText(source: string | undefined): string {
  if (source === 'node') return 'node'
  const parent = source ? inheritedStage(source) : null
  return parent !== null ? `↳ ${parent}` : sourceTag(source)
}

export function StageDetail({ job, stage }: { job: JobSpec; stage: StagePlan }) {
  const [view, setView] = useState<'config' | 'payload'>('config')
  const [imageIndex, setImageIndex] = useState(0)
  const index = Math.min(imageIndex, stage.calls - 1)
  const payload = useMemo(() => stagePayload(job, stage, index), [job, stage, index])
  const rows = useMemo(() => shownRows(stage, payload.ok ? (payload.request.body as Record<string, unknown>) : null), [stage, payload])
  const resources = useEditorStore((s) => s.resources)
  const extraRows = useMemo(() => generationRows(stage, payload.ok ? (payload.request.body as Record<string, unknown>) : null, resources), [stage, payload, resources])
  return (
    <div className="stage-detail">
      <div className="tabs small">
        <button className={view === 'config' ? 'tab active' : 'tab'} onClick={() => setView('config')}>Resolved config</button>
        <button className={view === 'payload' ? 'tab active' : 'tab'} onClick={() => setView('payload')}>WebUI payload</button>
        <span className="muted small">{stage.label} · {stage.kind} · {stage.calls} call{stage.calls === 1 ? '' : 's'}, {stage.images} image{stage.images === 1 ? '' : 's'}</span>
      </div>
      {view === 'config' && (
        <table className="config-table">
          <tbody>
            {rows.map(({ path, value, source, sent }) => (
              <tr key={path}>
                <td className="cfg-key">{path}</td>
                <td className="cfg-val">{JSON.stringify(value)}</td>
                <td>
                  {source === 'job'
                    ? <span className="chip chip-job" title={`The job’s value, as the payload sends it${sent !== undefined ? ` (the stage setting ${JSON.stringify(sent)} means “the job’s”)` : ''}`}>job</span>
                    : <span className={`chip chip-${source === 'node' ? 'set' : sourceTag(source)}`} title={source && inheritedStage(source) !== null ? source : describeSource(source)}>{chipText(source)}</span>}
                </td>
              </tr>
            ))}
            {extraRows.map(({ path, value, note }) => (
              <tr key={`extra-${path}`} className={value === undefined ? 'not-sent' : ''}>
                <td className="cfg-key">{path}</td>
                <td className="cfg-val">{value === undefined ? '—' : JSON.stringify(value)}</td>
                <td><span className="chip chip-default" title={note}>{value === undefined ? 'not sent' : path.endsWith('(styled)') ? 'styled' : 'default'}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {view === 'payload' && !payload.ok && <p className="error-text">{payload.message}</p>}
      {view === 'payload' && payload.ok && (
        <>
          {stage.calls > 1 && (
            <label className="muted small">
              One request per incoming image; showing image{' '}
              <select value={index} onChange={(e) => setImageIndex(Number(e.target.value))} aria-label="Image of the batch">
                {Array.from({ length: stage.calls }, (_, k) => <option key={k} value={k}>{k + 1} of {stage.calls}</option>)}
              </select>
            </label>
          )}
          <div className="payload-head">
            <p className="muted small">
              POST <code>{payload.request.endpoint}</code>
              {payload.placeholder && <> — the input image is a placeholder for the {payload.placeholder.width}×{payload.placeholder.height} image “{payload.placeholder.from}” will make{'mask' in payload.request.body && <> and the mask stands for the stored mask it names</>}; everything else is exactly what will be sent.</>}
            </p>
            <CopyButton text={JSON.stringify(payload.request.body, null, 2)} what="payload" />
          </div>
          <pre className="payload" tabIndex={0} aria-label="WebUI request body">{JSON.stringify(payload.request.body, null, 2)}</pre>
        </>
      )}
    </div>
  )
}
