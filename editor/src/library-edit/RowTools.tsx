/**
 * Tools above the pack's TXT: add a LoRA from the WebUI's list with a weight slider, an
 * embedding (positive or `neg:`), a `[[slot]]` of the matrix at the caret, a `neg:` line, a new
 * row. Each edits the text the user sees — the TXT stays the one source of the rows.
 */
import { useState, type RefObject } from 'react'
import { useEditorStore } from '../store/context.tsx'
import { appendRow, formatWeight, insertAt, insertLine, type Inserted } from './text-insert.ts'

const NONE: readonly string[] = []

export function RowTools({ area, text, slots, onEdit }: { area: RefObject<HTMLTextAreaElement | null>; text: string; slots: string[]; onEdit(r: Inserted): void }) {
  const loras = useEditorStore((s) => s.resources?.loras ?? NONE)
  const embeddings = useEditorStore((s) => s.resources?.embeddings ?? NONE)
  const [lora, setLora] = useState('')
  const [weight, setWeight] = useState(1)
  const [embedding, setEmbedding] = useState('')
  const [negative, setNegative] = useState(false)
  const [slot, setSlot] = useState('')
  const caret = () => area.current?.selectionStart ?? text.length
  const chosenLora = lora || loras[0] || ''
  const chosenEmbedding = embedding || embeddings[0] || ''
  const chosenSlot = slot || slots[0] || ''
  return (
    <div className="row-tools-bar" role="toolbar" aria-label="Row tools">
      <span className="tool-group">
        <select aria-label="LoRA" value={chosenLora} onChange={(e) => setLora(e.target.value)} disabled={loras.length === 0}>
          {loras.length === 0 && <option value="">no LoRAs on the WebUI</option>}
          {loras.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <input type="range" min={-1} max={2} step={0.05} value={weight} aria-label="LoRA weight" onChange={(e) => setWeight(Number(e.target.value))} />
        <output className="weight" aria-label="LoRA weight value">{formatWeight(weight)}</output>
        <button type="button" className="btn small" disabled={!chosenLora} onClick={() => onEdit(insertLine(text, caret(), `<lora:${chosenLora}:${formatWeight(weight)}>`))}>Add LoRA</button>
      </span>
      <span className="tool-group">
        <select aria-label="Embedding" value={chosenEmbedding} onChange={(e) => setEmbedding(e.target.value)} disabled={embeddings.length === 0}>
          {embeddings.length === 0 && <option value="">no embeddings on the WebUI</option>}
          {embeddings.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <label className="small"><input type="checkbox" checked={negative} onChange={(e) => setNegative(e.target.checked)} /> negative</label>
        <button type="button" className="btn small" disabled={!chosenEmbedding} onClick={() => onEdit(insertLine(text, caret(), `${negative ? 'neg: ' : ''}<embedding:${chosenEmbedding}>`))}>Add embedding</button>
      </span>
      <span className="tool-group">
        <select aria-label="Slot" value={chosenSlot} onChange={(e) => setSlot(e.target.value)} disabled={slots.length === 0}>
          {slots.length === 0 && <option value="">no matrix slots</option>}
          {slots.map((n) => <option key={n} value={n}>{n}</option>)}
        </select>
        <button type="button" className="btn small" disabled={!chosenSlot} onClick={() => onEdit(insertAt(text, caret(), `[[${chosenSlot}]]`))}>Insert [[slot]]</button>
      </span>
      <span className="tool-group">
        <button type="button" className="btn small" onClick={() => onEdit(insertLine(text, caret(), 'neg: '))}>+ neg: line</button>
        <button type="button" className="btn small" onClick={() => onEdit(appendRow(text, 'a new prompt'))}>+ Row</button>
      </span>
    </div>
  )
}
