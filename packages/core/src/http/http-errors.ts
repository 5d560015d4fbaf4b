import { UNAUTHENTICATED_REASON } from '../auth/unauthenticated-error'
import { HTTP_STATUS_BY_CODE } from '../errors/http-status'
import { ReportwrightError, isReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightIssue } from '../errors/reportwright-error'

/** `details.reason` values that pick an HTTP status the error code alone does not say. */
export const HTTP_REASONS = {
  UNAUTHENTICATED: UNAUTHENTICATED_REASON,
  CONFLICT: 'CONFLICT',
  BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  INVALID_REQUEST: 'INVALID_REQUEST',
  INTERNAL: 'INTERNAL',
} as const

const STATUS_BY_REASON: Readonly<Record<string, number>> = {
  [HTTP_REASONS.UNAUTHENTICATED]: 401,
  [HTTP_REASONS.CONFLICT]: 409,
  [HTTP_REASONS.BODY_TOO_LARGE]: 413,
  [HTTP_REASONS.RATE_LIMITED]: 429,
  [HTTP_REASONS.INVALID_REQUEST]: 400,
  [HTTP_REASONS.INTERNAL]: 500,
}

/** The HTTP status of an error: its `details.reason` first, else `HTTP_STATUS_BY_CODE`. */
export function httpStatusOf(error: ReportwrightError): number {
  const reason = error.details?.reason
  if (typeof reason === 'string' && STATUS_BY_REASON[reason] !== undefined)
    return STATUS_BY_REASON[reason]
  // Storage reports a stale `expectedRevision` as INVALID_DEFINITION with `details.conflict`.
  if (error.details?.conflict === true) return 409
  return HTTP_STATUS_BY_CODE[error.code]
}

/** A 400 for a bad path, query or body, with every problem listed. */
export function invalidRequest(
  message: string,
  issues: readonly ReportwrightIssue[] = [],
): ReportwrightError {
  return new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message,
    details: { reason: HTTP_REASONS.INVALID_REQUEST, issues },
  })
}

/** The error a request ends with: a ReportwrightError as is, anything else a 500 without internals. */
export function toPublicError(error: unknown, requestId: string): ReportwrightError {
  if (isReportwrightError(error)) return error
  // RENDER_FAILED is the code that maps to 500; the cause stays in the server's log.
  return new ReportwrightError({
    code: 'RENDER_FAILED',
    message: `The server could not handle the request (request id ${requestId}).`,
    details: { reason: HTTP_REASONS.INTERNAL, requestId },
  })
}
