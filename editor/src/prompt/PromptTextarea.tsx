/**
 * The one prompt text area (inspector prompt fields, the pack editor): a plain `<textarea>` plus
 * A1111's conveniences — Ctrl+↑/↓ changes the weight of the selected words (attention.ts), `__`
 * completes wildcard names from the library and `<lora:` LoRA names from the WebUI
 * (complete.ts). The suggestion list is an ARIA listbox: ↑/↓ choose, Enter/Tab accept, Esc closes.
 * The caller owns the value and decides when to commit (onBlur), as with any text area.
 */
import { forwardRef, useCallback, useImperativeHandle, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type TextareaHTMLAttributes } from 'react'
import { useEditorStore } from '../store/context.tsx'
import { editAttention } from './attention.ts'
import { applyCompletion, completionAt, matchNames, type CompletionQuery } from './complete.ts'
import '../library-edit/library-edit.css'
import { createWildcardLibrary } from '../../../engine/prompts/index.ts'

type Native = Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'>

export interface PromptTextareaProps extends Native {
  value: string
  onChange(value: string): void
}

const EMPTY: readonly string[] = []

export const PromptTextarea = forwardRef<HTMLTextAreaElement, PromptTextareaProps>(function PromptTextarea({ value, onChange, onKeyDown, onBlur, className, id, ...rest }, ref) {
  const area = useRef<HTMLTextAreaElement>(null)
  useImperativeHandle(ref, () => area.current!, [])
  const wildcardFiles = useEditorStore((s) => s.library?.wildcardFiles)
  const loras = useEditorStore((s) => s.resources?.loras ?? EMPTY)
  // Wildcard names, not file names: a YAML/JSON file contributes one name per key path.
  const wildcards = useMemo(() => createWildcardLibrary(wildcardFiles ?? {}).names(), [wildcardFiles])
  const [query, setQuery] = useState<CompletionQuery | null>(null)
  const [active, setActive] = useState(0)
  const options = query ? matchNames(query.kind === 'lora' ? loras : wildcards, query.prefix) : []
  const open = query !== null && options.length > 0
  const listId = `${id ?? 'prompt'}-completions`

  // The selection to restore once the new text is in the DOM. Set in the layout effect of that
  // very render, so a key typed right after (a fast typist, a loaded machine) lands after it.
  const pendingSelection = useRef<[number, number] | null>(null)
  useLayoutEffect(() => {
    const sel = pendingSelection.current
    if (sel && area.current && area.current.value === value) {
      area.current.setSelectionRange(sel[0], sel[1])
      pendingSelection.current = null
    }
  }, [value])

  /** Sets the text, then the selection once React has rendered it. */
  const replace = useCallback((text: string, start: number, end: number) => {
    if (text === value) {
      area.current?.setSelectionRange(start, end)
      return
    }
    pendingSelection.current = [start, end]
    onChange(text)
  }, [onChange, value])

  const refreshQuery = (el: HTMLTextAreaElement) => {
    const q = el.selectionStart === el.selectionEnd ? completionAt(el.value, el.selectionStart) : null
    setQuery(q)
    setActive(0)
  }

  const accept = (name: string) => {
    if (!query) return
    const r = applyCompletion(value, query, name)
    setQuery(null)
    replace(r.text, r.caret, r.caret)
  }

  const keyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault()
        setActive((i) => (i + (e.key === 'ArrowDown' ? 1 : options.length - 1)) % options.length)
        return
      }
      if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault()
        accept(options[Math.min(active, options.length - 1)]!)
        return
      }
      if (e.key === 'Escape') {
        e.preventDefault()
        setQuery(null)
        return
      }
    }
    if ((e.ctrlKey || e.metaKey) && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
      const el = e.currentTarget
      const r = editAttention(el.value, el.selectionStart, el.selectionEnd, e.key === 'ArrowUp')
      e.preventDefault()
      if (r) replace(r.text, r.start, r.end)
      return
    }
    onKeyDown?.(e)
  }

  return (
    <div className="prompt-textarea">
      <textarea
        {...rest}
        id={id}
        ref={area}
        className={className}
        value={value}
        aria-autocomplete="list"
        aria-controls={open ? listId : undefined}
        aria-activedescendant={open ? `${listId}-${active}` : undefined}
        onChange={(e) => { onChange(e.target.value); refreshQuery(e.target) }}
        onKeyDown={keyDown}
        onClick={(e) => refreshQuery(e.currentTarget)}
        onBlur={(e) => { setQuery(null); onBlur?.(e) }}
      />
      {open && (
        <ul className="completions" role="listbox" id={listId} aria-label={query.kind === 'lora' ? 'LoRA names' : 'Wildcard names'}>
          {options.map((name, i) => (
            <li
              key={name}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : ''}
              // mousedown, not click: the textarea must not blur (and commit) before the choice lands.
              onMouseDown={(e) => { e.preventDefault(); accept(name) }}
            >
              {query.kind === 'lora' ? `<lora:${name}>` : `__${name}__`}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
})
