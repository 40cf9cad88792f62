/**
 * Turns zod issues into {path, message} pairs a person can read: the path is dotted
 * (`nodes.3.params.steps`) and the message names the limit that was broken.
 */
import type { z } from 'zod'

export interface FieldProblem {
  path: string
  message: string
}

export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.')
}

export function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      if (issue.origin === 'array') return `needs at least ${issue.minimum} item(s)`
      if (issue.origin === 'string') return issue.minimum === 1 ? 'must not be empty' : `must be at least ${issue.minimum} characters`
      return `must be ${issue.inclusive ? 'at least' : 'more than'} ${issue.minimum}`
    case 'too_big':
      if (issue.origin === 'array') return `allows at most ${issue.maximum} item(s)`
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`
    case 'invalid_type':
      return `must be ${article(issue.expected)}`
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'not_multiple_of':
      return `must be a multiple of ${issue.divisor}`
    default:
      return issue.message
  }
}

function article(expected: string): string {
  if (expected === 'int') return 'a whole number'
  if (expected === 'number' || expected === 'string' || expected === 'boolean') return `a ${expected}`
  if (expected === 'object' || expected === 'array') return `an ${expected}`
  return expected
}

export function formatZodIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[] = []): FieldProblem[] {
  return issues.map((issue) => ({ path: joinPath([...prefix, ...issue.path]), message: describeIssue(issue) }))
}
