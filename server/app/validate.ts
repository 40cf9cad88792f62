/**
 * Request validation for Hono handlers: the JSON body, path params and query, each parsed with a
 * zod schema into a 400 that names the field. Malformed JSON is a 400 too, never a 500.
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import { badRequest, parseOr400 } from './problems.ts'

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  let raw: unknown
  try {
    raw = await c.req.json()
  } catch {
    throw badRequest('body: not valid JSON', [{ path: 'body', message: 'not valid JSON' }])
  }
  return parseOr400(schema, raw, 'body')
}

export function params<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseOr400(schema, c.req.param(), 'params')
}

export function query<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  return parseOr400(schema, c.req.query(), 'query')
}
