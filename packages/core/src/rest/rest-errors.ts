import { ReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightErrorCode } from '../errors/reportwright-error'

/** Why a REST source failed; `details.reason` of every error it raises. */
export const REST_ERROR_REASONS = [
  /** A request ran past `timeoutMs`. */
  'timeout',
  /** 429 on every attempt, or a `Retry-After` longer than `retry.maxDelayMs`. */
  'rate_limited',
  /** 5xx on every attempt. */
  'server_error',
  /** The connection failed on every attempt. */
  'network',
  /** 401 or 403: the API refused the credentials. */
  'unauthorized',
  /** Any other status that is not 2xx. */
  'http_status',
  /** The body is not JSON. */
  'bad_json',
  /** The JSON path does not lead to an array of objects, or a cursor is not text. */
  'bad_shape',
  /** A value does not fit its column type. */
  'bad_value',
  /** A response is larger than `maxBytes`. */
  'too_large',
  /** A redirect or `Link` leaves the declared base URL, or a URL is not http(s). */
  'redirect_refused',
  /** More redirects than allowed in one request. */
  'too_many_redirects',
  /** More pages than `maxPages`, or a cursor that repeats. */
  'too_many_pages',
  /** A record carries another tenant than the request context's. */
  'tenant_mismatch',
  /** The report would keep more groups, rows or lookup records in memory than allowed. */
  'too_much_state',
  /** The stream ran past the engine's statement timeout. */
  'statement_timeout',
  /** The query cannot be evaluated (no plan, unknown endpoint, tenant not declared). */
  'unsupported',
  /** The stream's signal aborted. */
  'cancelled',
] as const

/** One of {@link REST_ERROR_REASONS}. */
export type RestErrorReason = (typeof REST_ERROR_REASONS)[number]

const CODE_BY_REASON: Readonly<Record<RestErrorReason, ReportwrightErrorCode>> = {
  timeout: 'SOURCE_UNAVAILABLE',
  rate_limited: 'SOURCE_UNAVAILABLE',
  server_error: 'SOURCE_UNAVAILABLE',
  network: 'SOURCE_UNAVAILABLE',
  unauthorized: 'SOURCE_UNAVAILABLE',
  http_status: 'QUERY_FAILED',
  bad_json: 'QUERY_FAILED',
  bad_shape: 'QUERY_FAILED',
  bad_value: 'QUERY_FAILED',
  too_large: 'LIMIT_EXCEEDED',
  redirect_refused: 'QUERY_FAILED',
  too_many_redirects: 'QUERY_FAILED',
  too_many_pages: 'LIMIT_EXCEEDED',
  tenant_mismatch: 'QUERY_FAILED',
  too_much_state: 'LIMIT_EXCEEDED',
  statement_timeout: 'LIMIT_EXCEEDED',
  unsupported: 'QUERY_FAILED',
  cancelled: 'CANCELLED',
}

/** Options of {@link restError}. */
export interface RestErrorOptions {
  readonly reason: RestErrorReason
  /** What went wrong and what to do; prefixed with `[reportwright] [rest]`. */
  readonly message: string
  readonly details?: Readonly<Record<string, unknown>>
  readonly cause?: unknown
}

/** A {@link ReportwrightError} of a REST source: the code follows from the reason. */
export function restError(options: RestErrorOptions): ReportwrightError {
  return new ReportwrightError({
    code: CODE_BY_REASON[options.reason],
    message: `[reportwright] [rest] ${options.message}`,
    details: { engine: 'rest', reason: options.reason, ...options.details },
    cause: options.cause,
  })
}
