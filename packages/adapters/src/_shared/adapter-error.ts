import { ReportwrightError } from '@reportwright/core'
import type { ReportwrightErrorCode, ReportwrightErrorDetails } from '@reportwright/core'

/** Options of {@link adapterError}. */
export interface AdapterErrorOptions {
  readonly details?: ReportwrightErrorDetails
  readonly cause?: unknown
}

/** A ReportwrightError whose message starts with `[reportwright] [<adapter>]`. */
export function adapterError(
  adapter: string,
  code: ReportwrightErrorCode,
  message: string,
  options: AdapterErrorOptions = {},
): ReportwrightError {
  return new ReportwrightError({
    code,
    message: `[reportwright] [${adapter}] ${message}`,
    ...(options.details ? { details: options.details } : {}),
    ...(options.cause !== undefined ? { cause: options.cause } : {}),
  })
}
