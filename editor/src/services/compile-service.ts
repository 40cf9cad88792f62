/**
 * Compiles the graph in the browser whenever what the compiler reads changes (debounced), with
 * the library context (server's or the bundled example) — the job preview needs no round trip.
 * Moving nodes or changing the selection never recompiles (see sameContent).
 */
import { compile, type CompileResult } from '../../../engine/compile/compile.ts'
import type { CompileContext } from '../../../engine/compile/context.ts'
import type { LibraryContextResponse, ResourcesResponse } from '../../../engine/api/http.ts'
import { createWildcardLibrary, type WildcardLibrary } from '../../../engine/prompts/index.ts'
import type { EditorStore } from '../store/create-store.ts'
import { sameContent, toGraph } from '../store/graph-convert.ts'
import { displayResult } from './display-compile.ts'

export const COMPILE_DEBOUNCE_MS = 120

/** A fixed run seed per editor session: the preview's seeds stay put while the user edits. */
export function sessionRunSeed(): number {
  const a = new Uint32Array(1)
  crypto.getRandomValues(a)
  return a[0]! % 4294967294
}

export function compileContext(library: LibraryContextResponse | null, resources: ResourcesResponse | null, wildcards: WildcardLibrary, runSeed: number): CompileContext {
  return {
    packs: library?.packs ?? {},
    presets: library?.presets ?? {},
    ...(library?.defaultPresetId ? { defaultPresetId: library.defaultPresetId } : {}),
    wildcards,
    globalNegative: library?.globalNegative ?? '',
    ...(resources ? { resources } : {}),
    runSeed,
    now: new Date().toISOString(),
  }
}

/** The session's run seed, shared by the debounced compile and compileNow so the preview and Run agree. */
let sessionSeed: number | undefined
const seedOf = () => (sessionSeed ??= sessionRunSeed())

/**
 * Compiles the graph as it is now, without waiting for the debounce (Run after typing): the store
 * gets the result, so what Run decides on is what the preview then shows.
 */
export function compileNow(store: EditorStore): CompileResult {
  const s = store.getState()
  const started = performance.now()
  const graph = toGraph(s)
  const ctx = compileContext(s.library, s.resources, createWildcardLibrary(s.library?.wildcardFiles ?? {}), s.previewRunSeed ?? seedOf())
  const result = compile(graph, ctx)
  s.setCompiled(result, performance.now() - started, displayResult(graph, result, ctx))
  return result
}

export function startCompileService(store: EditorStore, runSeed: number = seedOf()): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined
  let wildcardsFor: LibraryContextResponse | null | undefined
  let wildcards: WildcardLibrary = createWildcardLibrary({})

  // The store holds the seed (a PNG restore and each Run change it); this session's until then.
  if (store.getState().previewRunSeed === null) store.getState().setPreviewRunSeed(runSeed)
  const run = () => {
    timer = undefined
    const s = store.getState()
    if (wildcardsFor !== s.library) {
      wildcards = createWildcardLibrary(s.library?.wildcardFiles ?? {})
      wildcardsFor = s.library
    }
    const started = performance.now()
    const graph = toGraph(s)
    const ctx = compileContext(s.library, s.resources, wildcards, s.previewRunSeed ?? runSeed)
    const result = compile(graph, ctx)
    const ms = performance.now() - started
    s.setCompiled(result, ms, displayResult(graph, result, ctx))
  }
  const schedule = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = setTimeout(run, COMPILE_DEBOUNCE_MS)
  }

  const unsubscribe = store.subscribe((next, prev) => {
    if (!sameContent(next, prev) || next.library !== prev.library || next.resources !== prev.resources || next.previewRunSeed !== prev.previewRunSeed) schedule()
  })
  schedule()
  return () => {
    unsubscribe()
    if (timer !== undefined) clearTimeout(timer)
  }
}
