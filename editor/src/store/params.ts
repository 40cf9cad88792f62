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
