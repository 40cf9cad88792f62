/**
 * Everything that can be wrong with a template before any prompt is generated: its own syntax,
 * and, through every wildcard it can reach, unknown or empty wildcards, broken wildcard values
 * and wildcard cycles. Checking the whole reachable graph up front is what lets the samplers
 * assume well-formed input and never recurse forever. A variable used without a default and
 * set nowhere in the template or the wildcards it reaches is reported too (where it is set
 * matters only while sampling, which reports anything left).
 */
import type { ParsedTemplate, TemplateNode, WildcardNode } from './ast.ts'
import { parseTemplate, scanWildcardReferences } from './parse.ts'
import type { WildcardLibrary } from './wildcards.ts'

export type TemplateError = { message: string; position?: number; wildcard?: string }

export interface TemplateCheck {
  errors: TemplateError[]
  /** The template and every wildcard value it reaches use only what the fast compiler handles. */
  simple: boolean
}

/**
 * The names a wildcard reference stands for. A path built from variants or variables
 * (`__${kind}/names__`) is only known while sampling, which then reports an unknown name.
 */
function namesOf(node: WildcardNode): string[] {
  return node.dynamic ? [] : [node.name]
}

/** Calls `visit` on every node, including those inside variants, paths, wraps and variable values. */
function walk(nodes: readonly TemplateNode[], visit: (node: TemplateNode) => void): void {
  for (const node of nodes) {
    visit(node)
    switch (node.kind) {
      case 'variant': for (const o of node.options) walk(o.body, visit); break
      case 'wildcard': walk(node.path, visit); for (const b of node.bindings) walk(b.value, visit); break
      case 'set': walk(node.value, visit); break
      case 'get': if (node.fallback) walk(node.fallback, visit); break
      case 'wrap': walk(node.wrapper, visit); walk(node.inner, visit); break
      default: break
    }
  }
}

/** Names set (`${x=…}`, `(x=…)`) and uses without a default, over the given templates. */
function variableUse(templates: readonly ParsedTemplate[]): { set: Set<string>; unset: { name: string; position: number }[] } {
  const set = new Set<string>()
  const used: { name: string; position: number }[] = []
  for (const t of templates) {
    walk(t.body, (node) => {
      if (node.kind === 'set') set.add(node.name)
      else if (node.kind === 'wildcard') for (const b of node.bindings) set.add(b.name)
      else if (node.kind === 'get' && !node.fallback) used.push({ name: node.name, position: node.position })
    })
  }
  return { set, unset: used.filter((u) => !set.has(u.name)) }
}

export function checkTemplate(text: string, library: WildcardLibrary): TemplateCheck {
  const parsed = parseTemplate(text)
  const errors: TemplateError[] = parsed.ok ? [] : [{ ...parsed.error }]
  let simple = parsed.ok && parsed.template.simple
  const reported = new Set<string>()
  const report = (error: TemplateError): void => {
    if (reported.has(error.message)) return
    reported.add(error.message)
    errors.push(error)
  }
  // Every parsed text involved (the template, then each wildcard value reached), for variables.
  const reached: ParsedTemplate[] = parsed.ok ? [parsed.template] : []
  // Wildcards whose whole reachable subgraph has been explored; errors in it were reported once.
  const explored = new Set<string>()

  const visit = (name: string, stack: string[], topPosition: number): void => {
    const cycleStart = stack.indexOf(name)
    if (cycleStart !== -1) {
      const chain = [...stack.slice(cycleStart), name].join(' -> ')
      report({ message: `wildcard cycle: ${chain}`, position: topPosition, wildcard: name })
      return
    }
    if (explored.has(name)) return
    const where = stack.length === 0 ? `at position ${topPosition}` : `(used in wildcard \`__${stack[stack.length - 1]}__\`)`
    const values = library.values(name)
    if (values === undefined) {
      report({ message: `unknown wildcard \`__${name}__\` ${where}`, position: topPosition, wildcard: name })
    } else if (values.length === 0) {
      report({ message: `wildcard \`__${name}__\` ${where} has no values`, position: topPosition, wildcard: name })
    } else {
      const inner = [...stack, name]
      for (const value of values) {
        const result = parseTemplate(value)
        if (!result.ok) {
          report({
            message: `wildcard \`__${name}__\` value "${value}": ${result.error.message}`,
            position: topPosition,
            wildcard: name,
          })
          continue
        }
        if (!result.template.simple) simple = false
        reached.push(result.template)
        for (const ref of result.template.wildcards) {
          for (const refName of namesOf(ref)) visit(refName, inner, topPosition)
        }
      }
    }
    explored.add(name)
  }

  // A syntax error stops the parser, but the wildcards written in the text can still be checked.
  if (parsed.ok) {
    for (const ref of parsed.template.wildcards) {
      for (const name of namesOf(ref)) visit(name, [], ref.position)
    }
  } else {
    for (const ref of scanWildcardReferences(text)) visit(ref.name, [], ref.position)
  }
  if (parsed.ok && !simple) {
    // Only the template's own uses are located; a value's unset variable names its position 0.
    const { unset } = variableUse(reached)
    for (const u of unset) {
      report({ message: `variable \`${u.name}\` at position ${u.position} is not set (set it with \`\${${u.name}=…}\` or give a default \`\${${u.name}:…}\`)`, position: u.position })
    }
  }
  return { errors, simple }
}
