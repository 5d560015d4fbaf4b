import { isReportwrightError, redactSecrets, ReportwrightError } from '../errors/reportwright-error'

/** Throws `CANCELLED` once `signal` aborted. */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw cancelledError(signal.reason)
}

/** The `CANCELLED` error for a run stopped by its signal, keeping what was thrown as the cause. */
export function cancelledError(cause: unknown): ReportwrightError {
  if (isReportwrightError(cause) && cause.code === 'CANCELLED') return cause
  return new ReportwrightError({
    code: 'CANCELLED',
    message: 'The report run was cancelled.',
    cause,
  })
}

/**
 * What a thrown value means for a run or a query: `CANCELLED` once `signal` aborted, else a
 * ReportwrightError (`QUERY_FAILED` for anything that is not one already).
 */
export function runFailure(error: unknown, signal: AbortSignal | undefined): ReportwrightError {
  if (signal?.aborted) return cancelledError(error)
  return ReportwrightError.fromUnknown(error, 'QUERY_FAILED')
}

/** An error for a log line: the code and message of a ReportwrightError, else a redacted message. */
export function describeError(error: unknown): string {
  return isReportwrightError(error)
    ? `${error.code}: ${error.message}`
    : redactSecrets(error instanceof Error ? error.message : String(error))
}

/** An error as run results and check problems hand it to callers: no cause, no stack. */
export function errorFields(error: ReportwrightError) {
  return {
    code: error.code,
    message: error.message,
    ...(error.details ? { details: error.details } : {}),
  }
}
