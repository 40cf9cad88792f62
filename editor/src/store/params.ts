/**
 * Immutable edits of a node's params by path. A stage node's params are its config layer: a key
 * present is "set", a key absent is "inherited" (docs/engine.md), so "reset to inherited" is a
 * delete, and a nested block emptied by resets disappears so it inherits as a whole again.
 */
export type ParamPath = readonly (string | number)[]

type Container = Record<string, unknown> | unknown[]

export function getIn(value: unknown, path: ParamPath): unknown {
  let cur = value
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[key as string]
  }
  return cur
}

/** Sets `path` to `value`, or deletes it when `value` is undefined. Returns a new object; unchanged branches are shared. */
export function setIn(root: Record<string, unknown>, path: ParamPath, value: unknown): Record<string, unknown> {
  return setRec(root, path, 0, value) as Record<string, unknown>
}

function setRec(node: unknown, path: ParamPath, i: number, value: unknown): unknown {
  const key = path[i]!
  const last = i === path.length - 1
  const container: Container = Array.isArray(node) ? [...node] : node && typeof node === 'object' ? { ...(node as Record<string, unknown>) } : typeof key === 'number' ? [] : {}
  const bag = container as Record<string | number, unknown>
  // JSON has no holes: setting pass 3 of a two-pass list fills pass 2 with {} (fully inherited).
  if (Array.isArray(container) && typeof key === 'number') while (container.length < key) container.push({})
  const next = last ? value : setRec(bag[key], path, i + 1, value)
  if (next === undefined) {
    if (Array.isArray(container)) {
      // An array element cannot be "absent" in JSON; an emptied pass becomes {} (fully inherited).
      container[key as number] = {}
    } else {
      delete bag[key]
    }
  } else {
    bag[key] = next
  }
  // A nested object left with no keys is removed, so the whole block inherits again.
  if (i > 0 && !Array.isArray(container) && Object.keys(container).length === 0) return undefined
  return container
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v)

/**
 * `over` set on top of `base`, as the engine's merge does: objects field by field, ADetailer
 * passes by index, anything else replaced. Used to load a preset or a pack's config into a node.
 */
export function mergeLayer(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue
    const cur = out[key]
    if (key === 'passes' && Array.isArray(value) && Array.isArray(cur)) {
      const passes = [...cur]
      value.forEach((p, i) => { passes[i] = mergeLayer(isPlainObject(cur[i]) ? cur[i] : {}, isPlainObject(p) ? p : {}) })
      out[key] = passes
    } else if (isPlainObject(value) && isPlainObject(cur)) {
      out[key] = mergeLayer(cur, value)
    } else {
      out[key] = value
    }
  }
  return out
}

/** Node-only fields that are not part of a stage's config layer (a preset cannot hold them). */
const NODE_ONLY = new Set(['prompt', 'sourceImage'])

/** A stage node's params as a config layer: its set fields, without the node-only ones. */
export function layerOfParams(params: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(params).filter(([k]) => !NODE_ONLY.has(k)))
}
