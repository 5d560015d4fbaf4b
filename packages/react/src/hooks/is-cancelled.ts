import { isReportwrightError } from '@reportwright/core/client'

/** True for the error of a request this package aborted itself (never shown to users). */
export function isCancelled(error: unknown): boolean {
  if (isReportwrightError(error)) return error.code === 'CANCELLED'
  return error instanceof Error && error.name === 'AbortError'
}
