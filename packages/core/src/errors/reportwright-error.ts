/** Every error code Reportwright raises. Codes are stable: match on them, not on messages. */
export const REPORTWRIGHT_ERROR_CODES = [
  'INVALID_DEFINITION',
  'UNKNOWN_FIELD',
  'FORBIDDEN_FIELD',
  'TENANT_REQUIRED',
  'LIMIT_EXCEEDED',
  'SOURCE_UNAVAILABLE',
  'QUERY_FAILED',
  'RENDER_FAILED',
  'DELIVERY_FAILED',
  'NOT_FOUND',
  'FORBIDDEN',
  'CANCELLED',
] as const

/** One of {@link REPORTWRIGHT_ERROR_CODES}. */
export type ReportwrightErrorCode = (typeof REPORTWRIGHT_ERROR_CODES)[number]

/** One problem in an input, located by its JSON path. */
export interface ReportwrightIssue {
  readonly path: readonly (string | number)[]
  readonly message: string
}

/** Machine-readable details attached to a {@link ReportwrightError}. */
export interface ReportwrightErrorDetails {
  /** Every problem found, each with the JSON path of the offending value. */
  readonly issues?: readonly ReportwrightIssue[]
  readonly [key: string]: unknown
}

/** Options for {@link ReportwrightError}. */
export interface ReportwrightErrorOptions {
  readonly code: ReportwrightErrorCode
  readonly message?: string
  readonly details?: ReportwrightErrorDetails
  readonly cause?: unknown
}

const DEFAULT_MESSAGES: Record<ReportwrightErrorCode, string> = {
  INVALID_DEFINITION: 'The report definition is invalid.',
  UNKNOWN_FIELD: 'The report refers to a field the catalog does not declare.',
  FORBIDDEN_FIELD: 'The report refers to a field this user may not see.',
  TENANT_REQUIRED: 'This dataset is tenant-scoped: the request context needs a tenantId.',
  LIMIT_EXCEEDED: 'The report exceeds a configured limit.',
  SOURCE_UNAVAILABLE: 'The data source could not be reached.',
  QUERY_FAILED: 'The database rejected the report query.',
  RENDER_FAILED: 'The report could not be rendered.',
  DELIVERY_FAILED: 'The report could not be delivered.',
  NOT_FOUND: 'Not found.',
  FORBIDDEN: 'Not allowed.',
  CANCELLED: 'The operation was cancelled.',
}

/**
 * The one error class of Reportwright: a stable `code`, a message a person can act on, and
 * `details` for machines. Messages never carry passwords or connection strings.
 *
 * @example
 * ```ts
 * try { parseReportDefinition(json) } catch (error) {
 *   if (isReportwrightError(error) && error.code === 'INVALID_DEFINITION') console.log(error.details?.issues)
 * }
 * ```
 */
export class ReportwrightError extends Error {
  override readonly name = 'ReportwrightError'
  readonly code: ReportwrightErrorCode
  readonly details?: ReportwrightErrorDetails

  constructor(options: ReportwrightErrorOptions) {
    super(options.message ?? DEFAULT_MESSAGES[options.code], {
      cause: normaliseCause(options.cause),
    })
    this.code = options.code
    if (options.details !== undefined) this.details = options.details
  }

  /** Wraps anything thrown into a ReportwrightError, keeping one that already is. */
  static fromUnknown(
    cause: unknown,
    fallback: ReportwrightErrorCode = 'QUERY_FAILED',
  ): ReportwrightError {
    if (isReportwrightError(cause)) return cause
    if (isAbortError(cause)) return new ReportwrightError({ code: 'CANCELLED', cause })
    const message = cause instanceof Error ? redactSecrets(cause.message) : undefined
    return new ReportwrightError({
      code: fallback,
      message: message ? `${DEFAULT_MESSAGES[fallback]} ${message}` : undefined,
      cause,
    })
  }
}

/** True for any ReportwrightError, also one made by another copy of this package. */
export function isReportwrightError(value: unknown): value is ReportwrightError {
  return (
    value instanceof ReportwrightError ||
    (value instanceof Error &&
      value.name === 'ReportwrightError' &&
      typeof (value as { code?: unknown }).code === 'string' &&
      (REPORTWRIGHT_ERROR_CODES as readonly string[]).includes(
        (value as unknown as { code: string }).code,
      ))
  )
}

function isAbortError(value: unknown): boolean {
  return value instanceof Error && (value.name === 'AbortError' || value.name === 'TimeoutError')
}

function normaliseCause(cause: unknown): unknown {
  if (cause === undefined || cause instanceof Error) return cause
  return new Error(redactSecrets(String(cause)))
}

const URL_WITH_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@]*@/gi
// "(using password: YES)" from MySQL says nothing secret and stays readable.
const PASSWORD_ASSIGNMENT = /\b(password|passwd|pwd)\s*[=:]\s*(?!(?:YES|NO)\))\S+/gi

/** Removes credentials from URLs and `password=` pairs in a message. */
export function redactSecrets(text: string): string {
  return text.replace(URL_WITH_CREDENTIALS, '$1***@').replace(PASSWORD_ASSIGNMENT, '$1=***')
}
