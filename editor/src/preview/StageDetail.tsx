/**
 * One stage of one job: its resolved config with the source of every field, and the exact WebUI
 * request it will send (preview = queue = executor).
 */
import { useMemo, useState } from 'react'
import type { JobSpec, StagePlan } from '../../../engine/compile/spec.ts'
import { describeSource, inheritedStage, sourceTag } from '../inspector/provenance.ts'
import { CopyButton } from './CopyButton.tsx'
import { stagePayload } from './payload.ts'

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

/** The chip of a resolved value: its layer, or for an inherited one the stage it comes from. */
function chipText(source: string | undefined): string {
  if (source === 'node') return 'node'
  const parent = source ? inheritedStage(source) : null
  return parent !== null ? `↳ ${parent}` : sourceTag(source)
}

export function StageDetail({ job, stage }: { job: JobSpec; stage: StagePlan }) {
  const [view, setView] = useState<'config' | 'payload'>('config')
  const rows = useMemo(() => flatten(stage.config.values), [stage])
  const [imageIndex, setImageIndex] = useState(0)
  const index = Math.min(imageIndex, stage.calls - 1)
  const payload = useMemo(() => (view === 'payload' ? stagePayload(job, stage, index) : null), [view, job, stage, index])
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
            {rows.map(([path, value]) => {
              const source = stage.config.provenance[path]
              return (
                <tr key={path}>
                  <td className="cfg-key">{path}</td>
                  <td className="cfg-val">{JSON.stringify(value)}</td>
                  <td><span className={`chip chip-${source === 'node' ? 'set' : sourceTag(source)}`} title={source && inheritedStage(source) !== null ? source : describeSource(source)}>{chipText(source)}</span></td>
                </tr>
              )
            })}
          </tbody>
        </table>
      )}
      {payload && !payload.ok && <p className="error-text">{payload.message}</p>}
      {payload && payload.ok && (
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
              {payload.placeholder && <> — the input image is a placeholder for the {payload.placeholder.width}×{payload.placeholder.height} image “{payload.placeholder.from}” will make; everything else is exactly what will be sent.</>}
            </p>
            <CopyButton text={JSON.stringify(payload.request.body, null, 2)} what="payload" />
          </div>
          <pre className="payload">{JSON.stringify(payload.request.body, null, 2)}</pre>
        </>
      )}
    </div>
  )
}
