/**
 * What the inspector and node faces show while the graph has an invalid field: the compiler
 * refuses the whole run (no job, so no resolved config for any stage), which used to blank every
 * other field and every other node's summary. Here the graph is compiled once more without the
 * fields the errors name (each falls back to what it would inherit), and the stage configs of
 * that compile are shown; the invalid field itself still shows what the user typed, marked.
 * The run itself is never made from this: Run and the job preview use the real result.
 */
import { compile, type CompileResult } from '../../../engine/compile/compile.ts'
import type { CompileContext } from '../../../engine/compile/context.ts'
import type { Graph } from '../../../engine/graph/schema.ts'

function without(params: Record<string, unknown>, dotted: string): Record<string, unknown> {
  const [head, ...rest] = dotted.split('.')
  if (!head || !Object.hasOwn(params, head)) return params
  const copy = { ...params }
  const inner = copy[head]
  if (rest.length === 0 || inner === null || typeof inner !== 'object' || Array.isArray(inner)) delete copy[head]
  else copy[head] = without(inner as Record<string, unknown>, rest.join('.'))
  return copy
}

/** The graph without the node fields the errors name; null when no error names a node field. */
export function withoutInvalidFields(graph: Graph, result: CompileResult): Graph | null {
  const byNode = new Map<string, string[]>()
  for (const e of result.errors) if (e.nodeId && e.field && e.code === 'invalid-params') byNode.set(e.nodeId, [...(byNode.get(e.nodeId) ?? []), e.field])
  if (byNode.size === 0) return null
  return { ...graph, nodes: graph.nodes.map((n) => (byNode.has(n.id) ? { ...n, params: byNode.get(n.id)!.reduce(without, n.params) } : n)) }
}

/** The result to take stage configs from: the real one, or (with invalid fields) the lenient one when it makes jobs. */
export function displayResult(graph: Graph, result: CompileResult, ctx: CompileContext): CompileResult {
  // The compiler leaves a node with invalid params out of every job (so no stage gets a config).
  const lenient = withoutInvalidFields(graph, result)
  if (!lenient) return result
  const second = compile(lenient, ctx)
  return (second.run?.jobs.length ?? 0) > 0 ? second : result
}
