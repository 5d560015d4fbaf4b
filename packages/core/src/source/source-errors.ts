import { ReportwrightError, isReportwrightError, redactSecrets } from '../errors/reportwright-error'

/** Engines whose driver errors {@link toSourceError} understands. */
export type SourceEngine = 'postgres' | 'mysql' | 'sqlite' | 'pglite'

/** What {@link toSourceError} needs besides the error itself. */
export interface SourceErrorOptions {
  readonly engine: SourceEngine
  /** The stream's signal: an error raised after it aborted becomes `CANCELLED`. */
  readonly signal?: AbortSignal
  /** Known secrets (passwords) to strip from messages, on top of {@link redactSecrets}. */
  readonly secrets?: readonly string[]
  /** The statement timeout in force, quoted in the `LIMIT_EXCEEDED` message. */
  readonly statementTimeoutMs?: number
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOENT',
  'EACCES',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_CON_COUNT_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_HOST_IS_BLOCKED',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'SQLITE_CANTOPEN',
  'SQLITE_NOTADB',
])
// MySQL/MariaDB errnos for the same cases (mysql2 leaves `code` empty for some).
const MYSQL_UNAVAILABLE_ERRNOS = new Set([
  1040, 1044, 1045, 1049, 1129, 1130, 1251, 1698, 2002, 2003, 2005, 2013,
])
const MYSQL_TIMEOUT_ERRNOS = new Set([1969, 3024])
const MYSQL_INTERRUPTED_ERRNOS = new Set([1317])
const UNAVAILABLE_MESSAGES =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|connection refused|client has encountered a connection error|pool is closed|cannot enqueue|connection is in closed state|database connection is not open|pglite is closed/i

function field(error: unknown, key: string): unknown {
  return typeof error === 'object' && error !== null
    ? (error as Record<string, unknown>)[key]
    : undefined
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    if (error.message) return error.message
    const code = field(error, 'code')
    return typeof code === 'string' ? code : error.name
  }
  if (typeof error === 'string') return error
  const message = field(error, 'message')
  return typeof message === 'string' ? message : String(error)
}

/** Strips URLs with credentials, `password=` pairs and every known secret from `text`. */
export function scrubMessage(text: string, secrets: readonly string[] = []): string {
  // MySQL's "(using password: YES)" holds no secret; keep it readable through redactSecrets.
  let result = redactSecrets(
    text.replace(/\(using password: (YES|NO)\)/g, (_, used: string) =>
      used === 'YES' ? '(with a password)' : '(without a password)',
    ),
  )
  for (const secret of secrets) if (secret.length >= 3) result = result.split(secret).join('***')
  return result
}

/** True when `error` says the server could not be reached or refused the credentials. */
export function isUnavailableError(error: unknown): boolean {
  const code = field(error, 'code')
  if (typeof code === 'string' && (NETWORK_CODES.has(code) || code.startsWith('ER_ACCESS_DENIED')))
    return true
  for (const state of [code, field(error, 'sqlState')]) {
    // SQLSTATE classes 08 (connection), 28 (authorization); 3D000 unknown database; 53300 too many connections; 57P0x shutdown.
    // 08P01 (protocol violation, e.g. a wrong parameter count) is the query's fault, not the server's.
    if (typeof state !== 'string' || state === '08P01') continue
    if (/^(08|28)[0-9A-Z]{3}$/.test(state) || /^(3D000|53300|57P0[1-3])$/.test(state)) return true
  }
  const errno = field(error, 'errno')
  if (typeof errno === 'number' && MYSQL_UNAVAILABLE_ERRNOS.has(errno)) return true
  if (field(error, 'fatal') === true) return true
  const nested = field(error, 'errors')
  if (Array.isArray(nested) && nested.length > 0 && nested.every(isUnavailableError)) return true
  return UNAVAILABLE_MESSAGES.test(messageOf(error))
}

function isTimeoutError(error: unknown): boolean {
  const code = field(error, 'code')
  const errno = field(error, 'errno')
  if (code === 'ER_QUERY_TIMEOUT' || code === 'ER_STATEMENT_TIMEOUT') return true
  if (typeof errno === 'number' && MYSQL_TIMEOUT_ERRNOS.has(errno)) return true
  return code === '57014' && /statement timeout/i.test(messageOf(error))
}

function isInterruptedError(error: unknown): boolean {
  const code = field(error, 'code')
  const errno = field(error, 'errno')
  return (
    code === '57014' ||
    code === 'ER_QUERY_INTERRUPTED' ||
    (typeof errno === 'number' && MYSQL_INTERRUPTED_ERRNOS.has(errno))
  )
}

/** The `CANCELLED` error every source ends a stream with when its signal aborts. */
export function cancelledError(engine: SourceEngine, cause?: unknown): ReportwrightError {
  return new ReportwrightError({
    code: 'CANCELLED',
    message: `[reportwright] [${engine}] The query was cancelled.`,
    details: { engine },
    cause,
  })
}

/** The `LIMIT_EXCEEDED` error of a query that ran past the statement timeout. */
export function statementTimeoutError(
  engine: SourceEngine,
  statementTimeoutMs: number | undefined,
  cause?: unknown,
): ReportwrightError {
  const limit = statementTimeoutMs === undefined ? '' : ` of ${statementTimeoutMs} ms`
  return new ReportwrightError({
    code: 'LIMIT_EXCEEDED',
    message: `[reportwright] [${engine}] The query hit the statement timeout${limit}; narrow the report (filters, fewer rows) or raise limits.statementTimeoutMs.`,
    details: { engine, limit: 'statementTimeoutMs', statementTimeoutMs },
    cause,
  })
}

/**
 * Turns a driver error into a {@link ReportwrightError}: `CANCELLED` after an abort, `LIMIT_EXCEEDED`
 * for a statement timeout, `SOURCE_UNAVAILABLE` for connection and authentication failures, and
 * `QUERY_FAILED` for everything else. Messages never carry credentials.
 */
export function toSourceError(error: unknown, options: SourceErrorOptions): ReportwrightError {
  if (isReportwrightError(error)) return error
  const { engine, signal, secrets } = options
  const sqlState = field(error, 'sqlState') ?? field(error, 'code')
  const details = { engine, ...(typeof sqlState === 'string' ? { code: sqlState } : {}) }
  const cause = sanitizeCause(error, secrets)
  if (signal?.aborted) return cancelledError(engine, cause)
  if (isTimeoutError(error)) return statementTimeoutError(engine, options.statementTimeoutMs, cause)
  if (isInterruptedError(error)) return cancelledError(engine, cause)
  const text = scrubMessage(messageOf(error), secrets)
  if (isUnavailableError(error)) {
    return new ReportwrightError({
      code: 'SOURCE_UNAVAILABLE',
      message: `[reportwright] [${engine}] The database could not be reached or refused the connection: ${text}. Check the host, port, database name and credentials of the source.`,
      details,
      cause,
    })
  }
  return new ReportwrightError({
    code: 'QUERY_FAILED',
    message: `[reportwright] [${engine}] The database rejected the report query: ${text}`,
    details,
    cause,
  })
}

// Keep the driver's error as the cause only when its message is already clean.
function sanitizeCause(error: unknown, secrets: readonly string[] | undefined): unknown {
  if (!(error instanceof Error))
    return error === undefined ? undefined : new Error(scrubMessage(messageOf(error), secrets))
  const clean = scrubMessage(error.message, secrets)
  if (clean === error.message) return error
  const copy = new Error(clean)
  copy.name = error.name
  return copy
}

/** Options of {@link abortable}. */
export interface AbortableOptions<T> {
  readonly signal: AbortSignal | undefined
  readonly engine: SourceEngine
  /** Receives a value that arrives after the abort (e.g. to release a pooled connection). */
  readonly onLate: (value: T) => void
}

/** Waits for `promise` unless `signal` aborts first, which rejects with `CANCELLED`. */
export function abortable<T>(promise: Promise<T>, options: AbortableOptions<T>): Promise<T> {
  const { signal, engine, onLate } = options
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => {
      promise.then(onLate, () => undefined)
      reject(cancelledError(engine, signal.reason))
    }
    if (signal.aborted) {
      onAbort()
      return
    }
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort)
        resolve(value)
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort)
        reject(error)
      },
    )
  })
}

/** A usable batch size: a positive integer, else the default of 1000. */
export function batchRows(batchSize: number | undefined): number {
  return batchSize !== undefined && Number.isFinite(batchSize) && batchSize >= 1
    ? Math.floor(batchSize)
    : 1000
}
