/**
 * Compiles the graph in the browser whenever what the compiler reads changes (debounced), with
 * the library context (server's or the bundled example) — the job preview needs no round trip.
 * Moving nodes or changing the selection never recompiles (see sameContent).
 */
import { compile } from '../../../engine/compile/compile.ts'
import type { CompileContext } from '../../../engine/compile/context.ts'
import type { LibraryContextResponse, ResourcesResponse } from '../../../engine/api/http.ts'
import { createWildcardLibrary, type WildcardLibrary } from '../../../engine/prompts/index.ts'
import type { EditorStore } from '../store/create-store.ts'
import { sameContent, toGraph } from '../store/graph-convert.ts'

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

export function startCompileService(store: EditorStore, runSeed: number = sessionRunSeed()): () => void {
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
    const result = compile(toGraph(s), compileContext(s.library, s.resources, wildcards, s.previewRunSeed ?? runSeed))
    s.setCompiled(result, performance.now() - started)
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
