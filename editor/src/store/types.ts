/**
 * The editor store's shape: five slices (graph, selection, history, library, run) plus a little
 * UI state, combined in create-store.ts. Types only; behaviour lives in the slice files.
 */
import type { Connection, EdgeChange, NodeChange, Viewport } from '@xyflow/react'
import type { CompileResult } from '../../../engine/compile/compile.ts'
import type { Graph } from '../../../engine/graph/schema.ts'
import type { FavouritesResponse, GraphListEntry, LibraryContextResponse, ResourcesResponse } from '../../../engine/api/http.ts'
import type { ResolvedStageConfig } from '../../../engine/compile/spec.ts'
import type { z } from 'zod'
import type { Clipboard } from './clipboard.ts'
import type { FlowEdge, FlowNode, GraphMeta } from './flow-types.ts'
import type { LiveSlice } from './live-slice.ts'
import type { ParamPath } from './params.ts'
import type { AlignMode } from './align.ts'
import type { FrameDrags } from './frames.ts'

/**
 * Where the open graph lives: 'library' graphs autosave to the server (PUT); 'local' ones (an
 * example, a new graph, a graph from a PNG or a past run) autosave as a browser draft only.
 */
export type GraphOrigin = 'library' | 'local'

export type ConnectResult = { ok: true } | { ok: false; reason: string }

export interface GraphSlice {
  nodes: FlowNode[]
  edges: FlowEdge[]
  viewport: Viewport
  meta: GraphMeta
  /** Changed since the last load or save to the server's library. */
  dirty: boolean
  origin: GraphOrigin
  clipboard: Clipboard | null
  pasteCount: number
  /** Bumped by loadGraph so the canvas fits the new graph into view. */
  loadSeq: number
  /** While a group is dragged: the nodes it carries (store/frames.ts); null otherwise. */
  frameDrags: FrameDrags | null
  onNodesChange(changes: NodeChange<FlowNode>[]): void
  onEdgesChange(changes: EdgeChange<FlowEdge>[]): void
  setViewport(v: Viewport): void
  /** Adds the edge if the engine's rules allow it (an occupied single input is replaced, as in ComfyUI). */
  connect(c: Connection): ConnectResult
  addNode(kind: string, position: { x: number; y: number }, params?: Record<string, unknown>): string
  setParam(nodeId: string, path: ParamPath, value: unknown): void
  /** Sets the order of the wires into a `many` input (edge ids, first first): one undo step. */
  setInputOrder(edgeIds: readonly string[]): void
  setLabel(nodeId: string, label: string): void
  toggleBypass(ids?: readonly string[]): void
  deleteSelected(): void
  copy(): number
  /** Pastes the clipboard; with `at` (flow coordinates, the cursor) its top-left lands there. */
  paste(at?: { x: number; y: number }): number
  selectAll(): void
  /** Copies the selection (its top-left at `at`, else 40 units down-right), leaving the clipboard alone; returns how many. */
  duplicateSelected(at?: { x: number; y: number } | null): number
  alignSelected(mode: AlignMode): void
  /** Wraps the selected nodes in a new group; returns its id (null when nothing is selected). */
  groupSelected(): string | null
  /** Adds a group or note with its box in flow coordinates; returns its id. */
  addAnnotation(type: 'frame' | 'note', box: { x: number; y: number; width: number; height: number }, text?: string): string
  setNoteText(nodeId: string, text: string): void
  loadGraph(graph: Graph, opts?: { origin?: GraphOrigin; dirty?: boolean }): void
  /** Sets the fields of a config layer (a preset's, a pack's bound config) on stage nodes, per their kind; one undo step. */
  applyLayer(nodeIds: readonly string[], layer: Record<string, unknown>): number
  /** Puts another graph's nodes and edges into the open document as one undoable edit (restoring a version). */
  replaceContent(graph: Graph): void
  renameGraph(meta: Partial<GraphMeta>): void
  markSaved(origin?: GraphOrigin): void
}

export interface Snapshot {
  nodes: FlowNode[]
  edges: FlowEdge[]
}

export interface HistorySlice {
  past: Snapshot[]
  future: Snapshot[]
  /** Coalescing key of the last recorded change (typing in one field, one drag). */
  historyKey: string | null
  historyAt: number
  /** Call before a graph mutation; consecutive changes with the same key within a moment become one undo step. */
  record(key?: string): void
  undo(): void
  redo(): void
}

export interface PreviewSelection {
  jobIndex: number
  stageId: string | null
}

export interface SelectionSlice {
  selectedIds: string[]
  preview: PreviewSelection
  /** Bumped when something asks the canvas to centre a node (the canvas owns the viewport). */
  focus: { nodeId: string; seq: number } | null
  selectNode(id: string, opts?: { focus?: boolean }): void
  setPreview(p: Partial<PreviewSelection>): void
}

export type ServerState = 'connecting' | 'online' | 'offline'

export interface LibrarySlice {
  server: ServerState
  serverMessage: string | null
  simulated: boolean
  /** Where the library came from: the server's, or the bundled example when offline. */
  librarySource: 'server' | 'example' | 'none'
  library: LibraryContextResponse | null
  resources: ResourcesResponse | null
  favourites: FavouritesResponse | null
  /** The last run's effective stage configs by kind, offered to stage nodes as a starting point. */
  lastConfigs: Record<string, Record<string, unknown>> | null
  graphList: GraphListEntry[]
  setServer(state: ServerState, message?: string | null, simulated?: boolean): void
  setLibrary(library: LibraryContextResponse | null, source: LibrarySlice['librarySource']): void
  setResources(resources: ResourcesResponse | null, favourites: FavouritesResponse | null): void
  setGraphList(list: GraphListEntry[]): void
  setLastConfigs(configs: Record<string, Record<string, unknown>> | null): void
}

export interface NodeProblem {
  severity: 'error' | 'warning'
  message: string
  field?: string
  port?: string
}

export interface RunSlice {
  compiled: CompileResult | null
  compileMs: number
  /** Per stage node: the resolved config of its first job (for the inspector's provenance). */
  stageConfigs: Record<string, z.infer<typeof ResolvedStageConfig>>
  /** Per node; arrays are reused between compiles when unchanged, so only nodes whose problems changed re-render. */
  nodeProblems: Record<string, NodeProblem[]>
  /** `display`: where stage configs come from when it is not `result` (a lenient compile of a graph with invalid fields). */
  setCompiled(result: CompileResult, ms: number, display?: CompileResult): void
  /**
   * The run seed the preview compiles with; null = this session's own. A graph restored from one
   * of our PNGs sets the seed of the run that made it, so the preview shows that very job.
   */
  previewRunSeed: number | null
  setPreviewRunSeed(seed: number | null): void
}

export interface Toast {
  text: string
  tone: 'error' | 'info'
  x?: number
  y?: number
  seq: number
}

export type RightTab = 'inspector' | 'preview' | 'problems' | 'queue' | 'history' | 'draft'

export interface UiSlice {
  toast: Toast | null
  rightTab: RightTab
  showToast(text: string, tone?: Toast['tone'], at?: { x: number; y: number }): void
  clearToast(seq: number): void
  setRightTab(tab: RightTab): void
}

export type EditorState = GraphSlice & HistorySlice & SelectionSlice & LibrarySlice & RunSlice & UiSlice & LiveSlice
