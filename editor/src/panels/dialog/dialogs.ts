/**
 * In-app dialogs instead of the browser's prompt/confirm (which block the page, cannot say why an
 * answer is refused, and are skipped by some browsers). One dialog at a time; each call returns a
 * promise of the answer (null = cancelled). The state is a tiny store of its own, so any module
 * can ask without a React context; `<DialogHost/>` shows it.
 */
import { createStore } from 'zustand/vanilla'

export interface TextField {
  label: string
  initial?: string
  /** An error sentence, or null when the value is accepted. */
  validate?: (value: string) => string | null
  optional?: boolean
}

export interface DialogSpec {
  title: string
  message?: string
  /** Text inputs, in order (a name, an optional version label…); none for a confirmation. */
  fields: TextField[]
  confirmLabel: string
  danger?: boolean
  resolve(answer: string[] | null): void
  /** Distinguishes successive questions (a fresh form for each). */
  seq: number
}

export const dialogStore = createStore<{ current: DialogSpec | null }>()(() => ({ current: null }))

let seq = 0

function open(spec: Omit<DialogSpec, 'resolve' | 'seq'>): Promise<string[] | null> {
  // A second question while one is open cancels the first (never two modal dialogs at once).
  dialogStore.getState().current?.resolve(null)
  return new Promise((resolve) => {
    dialogStore.setState({
      current: { ...spec, seq: ++seq, resolve: (answer) => { dialogStore.setState({ current: null }); resolve(answer) } },
    })
  })
}

/** Asks for one text (a name); resolves to the trimmed answer or null. */
export async function askText(opts: { title: string; message?: string; field: TextField; confirmLabel: string; extra?: TextField }): Promise<string[] | null> {
  return open({ title: opts.title, ...(opts.message ? { message: opts.message } : {}), fields: opts.extra ? [opts.field, opts.extra] : [opts.field], confirmLabel: opts.confirmLabel })
}

export async function askConfirm(opts: { title: string; message: string; confirmLabel: string; danger?: boolean }): Promise<boolean> {
  return (await open({ ...opts, fields: [] })) !== null
}
