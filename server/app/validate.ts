/**
 * Request validation for Hono handlers: the JSON body, path params and query, each parsed with a
 * zod schema into a 400 that names the field. Malformed JSON is a 400 too, never a 500, and so is
 * JSON nested deeper than MAX_JSON_DEPTH (docs/api.md).
 */
import type { Context } from 'hono'
import type { z } from 'zod'
import { jsonTooDeep, tooDeepMessage } from '../../engine/util/json-depth.ts'
import { badRequest, parseOr400 } from './problems.ts'

export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const text = await c.req.text()
  // Checked on the text, before parsing: everything after (zod, hashing, saving) may walk it.
  if (jsonTooDeep(text)) {
    throw badRequest(`body: JSON ${tooDeepMessage()}`, [{ path: 'body', message: tooDeepMessage() }])
  }
  let raw: unknown
  try {
    raw = JSON.parse(text)
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
