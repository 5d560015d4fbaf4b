import { ReportwrightError } from '../errors/reportwright-error'

/** `details.reason` of an error that means "who is asking is unknown": HTTP 401. */
export const UNAUTHENTICATED_REASON = 'UNAUTHENTICATED'

/** A `FORBIDDEN` error the HTTP handler answers with 401 instead of 403. */
export function unauthenticatedError(message: string): ReportwrightError {
  return new ReportwrightError({
    code: 'FORBIDDEN',
    message,
    details: { reason: UNAUTHENTICATED_REASON },
  })
}
