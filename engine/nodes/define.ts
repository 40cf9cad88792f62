/**
 * A node kind: what a kind *is* (ports, params schema, defaults, how it is shown), separate from
 * a node instance (its id, position and param values in the graph). The compiler and the editor
 * read kinds only through this shape.
 */
import type { z } from 'zod'
import type { PortType } from '../graph/schema.ts'

export interface PortDef {
  name: string
  type: PortType
  label: string
  /** Accepts more than one edge (config inputs, the video input). */
  many?: boolean
  /** Must be connected. Some kinds relax this depending on params (see `inputRequired`). */
  required: boolean
}

export type NodeRole = 'prompt-source' | 'prompt-transform' | 'config-source' | 'stage' | 'run-stage'

export interface NodeKindDef<P = unknown> {
  kind: string
  /** Bumped when params change shape; migrations live with the graph migrations. */
  version: number
  label: string
  description: string
  role: NodeRole
  inputs: readonly PortDef[]
  outputs: readonly PortDef[]
  params: z.ZodType<P>
  /** Params of a freshly added node. */
  defaults(): P
  /** Whether an input must be connected, given the node's params (e.g. txt2img with its own prompt). */
  inputRequired?(port: string, params: P): boolean
  /** The few settings shown on the node's face. */
  summary(params: P): string[]
}

export function defineNodeKind<P>(def: NodeKindDef<P>): NodeKindDef<P> {
  return def
}
