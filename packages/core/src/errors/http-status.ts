import type { ReportwrightErrorCode } from './reportwright-error'

/** The HTTP status each error code maps to in the HTTP handler. */
export const HTTP_STATUS_BY_CODE: Readonly<Record<ReportwrightErrorCode, number>> = {
  INVALID_DEFINITION: 400,
  UNKNOWN_FIELD: 400,
  FORBIDDEN_FIELD: 403,
  TENANT_REQUIRED: 403,
  LIMIT_EXCEEDED: 422,
  SOURCE_UNAVAILABLE: 503,
  QUERY_FAILED: 502,
  RENDER_FAILED: 500,
  DELIVERY_FAILED: 502,
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  CANCELLED: 499,
}
