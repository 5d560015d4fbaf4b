import type { z } from 'zod'
import { ReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightIssue } from '../errors/reportwright-error'
import { HTTP_REASONS, invalidRequest } from './http-errors'

/** Issues of a failed zod parse, in the shape of `ReportwrightError.details.issues`. */
export function zodIssues(error: z.ZodError): ReportwrightIssue[] {
  return error.issues.map((issue) => ({
    path: issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    message: issue.message,
  }))
}

/** Parses `input` with `schema`, or throws a 400 naming `what` and every problem. */
export function parseWith<TSchema extends z.ZodType>(
  schema: TSchema,
  input: unknown,
  what: string,
): z.output<TSchema> {
  const result = schema.safeParse(input)
  if (result.success) return result.data
  const issues = zodIssues(result.error)
  const first = issues[0]
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
  throw invalidRequest(`Invalid ${what}${where}: ${first?.message ?? 'unknown problem'}`, issues)
}

function tooLarge(maxBytes: number): ReportwrightError {
  return new ReportwrightError({
    code: 'LIMIT_EXCEEDED',
    message: `The request body is larger than ${maxBytes} bytes.`,
    details: { reason: HTTP_REASONS.BODY_TOO_LARGE, maxBytes },
  })
}

/**
 * Reads a JSON body of at most `maxBytes`, counting bytes as they arrive so a huge or lying
 * `Content-Length` never fills memory. An empty body reads as `{}`.
 */
export async function readJsonBody(request: Request, maxBytes: number): Promise<unknown> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(maxBytes)
  if (!request.body) return {}
  const chunks: Uint8Array[] = []
  let size = 0
  const reader = request.body.getReader()
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > maxBytes) {
      // Not cancelled: on node that would reset the socket before the 413 is written.
      reader.releaseLock()
      throw tooLarge(maxBytes)
    }
    chunks.push(value)
  }
  if (size === 0) return {}
  const type = request.headers.get('content-type') ?? ''
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw invalidRequest('Send the request body as JSON (Content-Type: application/json).')
  const bytes = new Uint8Array(size)
  let offset = 0
  for (const chunk of chunks) {
    bytes.set(chunk, offset)
    offset += chunk.byteLength
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw invalidRequest('The request body is not valid UTF-8.')
  }
  try {
    return JSON.parse(text) as unknown
  } catch {
    throw invalidRequest('The request body is not valid JSON.')
  }
}

/** The query string as a plain object; a repeated parameter is a 400. */
export function queryObject(url: URL): Record<string, string> {
  // No prototype: a `__proto__` parameter stays a plain key.
  const query = Object.create(null) as Record<string, string>
  for (const [key, value] of url.searchParams) {
    if (Object.hasOwn(query, key)) throw invalidRequest(`The query parameter "${key}" is repeated.`)
    query[key] = value
  }
  return query
}
