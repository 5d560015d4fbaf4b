import { ReportwrightError } from '../errors/reportwright-error'
import type { ApiErrorBody } from './api-schemas'
import { httpStatusOf } from './http-errors'

/** A JSON response; `init.headers` are added. */
export function jsonResponse(
  body: unknown,
  init: { readonly status?: number; readonly headers?: Record<string, string> } = {},
): Response {
  return new Response(JSON.stringify(body), {
    status: init.status ?? 200,
    headers: { 'content-type': 'application/json; charset=utf-8', ...init.headers },
  })
}

/**
 * The `{ error: { code, message, details } }` response of an error. 5xx answers keep only the
 * code's generic message, so driver messages and stack traces never leave the server.
 */
export function errorResponse(error: ReportwrightError): Response {
  const status = httpStatusOf(error)
  const shown =
    status >= 500 && error.details?.reason !== 'INTERNAL'
      ? new ReportwrightError({ code: error.code })
      : error
  const body: ApiErrorBody = {
    error: {
      code: shown.code,
      message: shown.message,
      ...(shown.details ? { details: { ...shown.details } } : {}),
    },
  }
  const headers: Record<string, string> = {}
  const retryAfter = error.details?.retryAfterSeconds
  if (status === 429 && typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter)
  if (status === 401) headers['www-authenticate'] = 'Bearer'
  return jsonResponse(body, { status, headers })
}

/**
 * A `Content-Disposition: attachment` value: an ASCII fallback name plus the RFC 5987 UTF-8
 * name. Control characters (CR/LF) and quotes never reach the header.
 */
export function contentDisposition(filename: string): string {
  const clean =
    [...filename]
      .filter((char) => char.charCodeAt(0) > 0x1f && char !== '\u007f')
      .join('')
      .slice(0, 200) || 'report'
  const ascii = clean.replace(/[^\x20-\x7e]/g, '_').replace(/["\\;%]/g, '_')
  const encoded = encodeURIComponent(clean).replace(
    /['()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  )
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`
}

const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(;\s*[a-z0-9_-]+=[a-z0-9_.-]+)*$/i

/** A stored content type if it is a plain media type, else `application/octet-stream`. */
export function safeContentType(contentType: string): string {
  return CONTENT_TYPE.test(contentType) ? contentType : 'application/octet-stream'
}
