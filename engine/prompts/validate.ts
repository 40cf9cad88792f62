/**
 * Everything that can be wrong with a template before any prompt is generated: its own syntax,
 * and, through every wildcard it can reach, unknown or empty wildcards, broken wildcard values
 * and wildcard cycles. Checking the whole reachable graph up front is what lets the samplers
 * assume well-formed input and never recurse forever.
 */
import { parseTemplate, scanWildcardReferences } from './parse.ts'
import type { WildcardLibrary } from './wildcards.ts'

export type TemplateError = { message: string; position?: number; wildcard?: string }

export interface TemplateCheck {
  errors: TemplateError[]
  /** Some reachable text escapes `_`, so `__word__` in the output may be intended. */
  escapesUnderscore: boolean
}

export function checkTemplate(text: string, library: WildcardLibrary): TemplateCheck {
  const parsed = parseTemplate(text)
  const errors: TemplateError[] = parsed.ok ? [] : [{ ...parsed.error }]
  const reported = new Set<string>()
  const report = (error: TemplateError): void => {
    if (reported.has(error.message)) return
    reported.add(error.message)
    errors.push(error)
  }
  let escapesUnderscore = parsed.ok && parsed.template.escapesUnderscore
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
        if (result.template.escapesUnderscore) escapesUnderscore = true
        for (const ref of result.template.wildcards) visit(ref.name, inner, topPosition)
      }
    }
    explored.add(name)
  }

  // A syntax error stops the parser, but the wildcards written in the text can still be checked.
  const refs = parsed.ok ? parsed.template.wildcards : scanWildcardReferences(text)
  for (const ref of refs) visit(ref.name, [], ref.position)
  return { errors, escapesUnderscore }
}
