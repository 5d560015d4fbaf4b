import { ReportwrightError } from '@reportwright/core/model'
import type { ReportwrightErrorCode, ReportwrightErrorDetails } from '@reportwright/core/model'

const STATUS: Partial<Record<ReportwrightErrorCode, number>> = {
  INVALID_DEFINITION: 400,
  UNKNOWN_FIELD: 400,
  FORBIDDEN_FIELD: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  LIMIT_EXCEEDED: 422,
  QUERY_FAILED: 502,
  SOURCE_UNAVAILABLE: 503,
  CANCELLED: 499,
}

/** An error as the HTTP client would surface it: the server's code plus `details.status`. */
export function apiError(
  code: ReportwrightErrorCode,
  message: string,
  details: ReportwrightErrorDetails = {},
): ReportwrightError {
  return new ReportwrightError({
    code,
    message,
    details: {
      ...details,
      status: (details['status'] as number | undefined) ?? STATUS[code] ?? 500,
    },
  })
}

/** Adds `details.status` to an error thrown by the model or the evaluator. */
export function withStatus(error: unknown): unknown {
  if (!(error instanceof ReportwrightError) || error.details?.['status'] !== undefined) return error
  return apiError(error.code, error.message, error.details)
}

/** The 409 of a stale revision: code `INVALID_DEFINITION`, `details.reason` `CONFLICT`. */
export function conflictError(id: string, current: number, expected: number): ReportwrightError {
  return apiError(
    'INVALID_DEFINITION',
    `Report "${id}" was changed by someone else (it is at revision ${current}, you edited revision ${expected}). Reload it and apply your changes again.`,
    {
      reason: 'CONFLICT',
      conflict: true,
      currentRevision: current,
      expectedRevision: expected,
      status: 409,
    },
  )
}

/** Resolves after `ms` (a macrotask even at 0), or rejects with `CANCELLED` on abort. */
export function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancelled = () => apiError('CANCELLED', 'The request was cancelled.')
    if (signal?.aborted) {
      reject(cancelled())
      return
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(cancelled())
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
