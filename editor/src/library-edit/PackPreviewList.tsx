/**
 * The pack editor's preview column: problems (errors first, each with its TXT line), then one
 * card per row: how many prompts it expands to, the first few as they will be sent, the
 * negative, and its LoRAs with a weight slider that edits the tag in the TXT.
 */
import type { PackPreview } from './pack-preview.ts'
import { PREVIEW_CAP } from './pack-preview.ts'
import { formatWeight } from './text-insert.ts'

export function PackPreviewList({ preview, onLoraWeight }: { preview: PackPreview; onLoraWeight(rowLine: number, nextRowLine: number | undefined, name: string, n: number, weight: number): void }) {
  const problems = [...preview.problems].sort((a, b) => (a.severity === b.severity ? (a.line ?? 0) - (b.line ?? 0) : a.severity === 'error' ? -1 : 1))
  const total = preview.rows.reduce((n, r) => n + r.count, 0)
  return (
    <div className="pack-preview">
      <h3>Preview <span className="muted small">{preview.rows.length} row{preview.rows.length === 1 ? '' : 's'} · {total}{preview.rows.some((r) => r.capped) ? '+' : ''} prompt{total === 1 ? '' : 's'} with a combinatorial randomizer</span></h3>
      {problems.length > 0 && (
        <ul className="pack-problems" aria-label="Problems">
          {problems.map((p, i) => (
            <li key={i} className={p.severity}>
              {p.severity === 'error' ? '✖' : '⚠'} {p.line !== undefined ? <b>Line {p.line}: </b> : p.where === 'sidecar' ? <b>Matrix/config: </b> : null}{p.message}
            </li>
          ))}
        </ul>
      )}
      {preview.rows.map((row, i) => {
        const next = preview.rows[i + 1]?.line
        const seen = new Map<string, number>()
        return (
          <section key={row.index} className="row-preview" data-row={row.index + 1}>
            <h4>Row {row.index + 1} <span className="muted small">line {row.line} · <span className="row-count">{row.count}{row.capped ? '+' : ''}</span> prompt{row.count === 1 ? '' : 's'}{row.capped ? ` (counted up to ${PREVIEW_CAP})` : ''}</span></h4>
            <ol className="row-prompts">
              {row.prompts.map((p, j) => <li key={j}>{p}</li>)}
              {row.count > row.prompts.length && <li className="muted">…and {row.count - row.prompts.length}{row.capped ? '+' : ''} more</li>}
            </ol>
            {row.negative && <p className="row-neg small">− {row.negative}</p>}
            {row.loras.map((l) => {
              const n = seen.get(l.name) ?? 0
              seen.set(l.name, n + 1)
              return (
                <label key={`${l.name}-${n}`} className="lora-weight small">
                  <code>{l.name}</code>
                  <input type="range" min={-1} max={2} step={0.05} value={l.weight} aria-label={`Weight of LoRA ${l.name} in row ${row.index + 1}`} onChange={(e) => onLoraWeight(row.line, next, l.name, n, Number(e.target.value))} />
                  <output>{formatWeight(l.weight)}</output>
                </label>
              )
            })}
          </section>
        )
      })}
    </div>
  )
}
