import { pipeline } from 'node:stream/promises'
import type { Writable } from 'node:stream'
import { compileCsvCopy } from '../compiler/compile-plan'
import type { CompiledReport } from '../compiler/compiled-report'
import { postgresDialect } from '../dialect/postgres-dialect'
import { ReportwrightError } from '../errors/reportwright-error'
import { introspectPostgres } from './introspect-postgres'
import { createRowDecoder } from './decode-value'
import type { Row } from './row'
import { abortable, batchRows, cancelledError, toSourceError } from './source-errors'
import { CsvCopyEncoder, copySettingsQuery, loadPgCopyStreams } from './postgres-copy'
import type { PgCopyStreamsLike, PgCopyToStreamLike } from './postgres-copy'
import type { CopyCsvResult, Source, SourceCopyCsvOptions, SourceStreamOptions } from './source'

/** The result shape `postgresSource` reads from `pool.query` / `client.query`. */
export interface PgQueryResultLike {
  readonly rows: readonly unknown[]
}

/** What `postgresSource` uses of a pg-cursor instance. */
export interface PgCursorLike {
  /** Reads up to `rows` rows; an empty array once the result is exhausted. */
  read(rows: number): Promise<unknown[]>
  /** Closes the portal; the client can run queries again afterwards. */
  close(): Promise<void>
}

/** Configuration `postgresSource` passes to the cursor constructor. */
export interface PgCursorConfigLike {
  readonly rowMode: 'array'
  readonly types: {
    readonly getTypeParser: (oid: number, format?: string) => (value: string) => unknown
  }
}

/** The pg-cursor constructor (`import Cursor from 'pg-cursor'`). */
export type PgCursorCtorLike = new (
  text: string,
  values: unknown[],
  config: PgCursorConfigLike,
) => PgCursorLike

/** What `postgresSource` uses of a client checked out of a pg `Pool`. */
export interface PgPoolClientLike {
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>
  query<TCursor extends PgCursorLike>(cursor: TCursor): TCursor
  /** Returns the client to the pool; `true` or an error destroys it instead. */
  release(destroy?: boolean | Error): void
  /** Backend process id, used to cancel a running query (pg's `Client#processID`). */
  readonly processID?: number | null
}

/** What `postgresSource` uses of a pg `Pool` (structural, so this package never imports pg). */
export interface PgPoolLike {
  connect(): Promise<PgPoolClientLike>
  query(text: string, values?: unknown[]): Promise<PgQueryResultLike>
  /** Called by `destroy()` only for a pool the `pool` factory created. */
  end?(): Promise<void>
}

/** Options of {@link postgresSource}. */
export interface PostgresSourceOptions {
  /**
   * A pg `Pool` (kept open by `destroy()`), or a factory called on first use whose pool
   * `destroy()` ends.
   */
  readonly pool: PgPoolLike | (() => Promise<PgPoolLike>)
  /** The pg-cursor constructor. Defaults to `await import('pg-cursor')`. */
  readonly cursor?: PgCursorCtorLike
  /**
   * pg-copy-streams, for the CSV fast path (`COPY … TO STDOUT`). Defaults to
   * `await import('pg-copy-streams')`; when it is not installed, CSV streams rows like every
   * other format. Pass `false` to turn the fast path off.
   */
  readonly copyStreams?: PgCopyStreamsLike | false
}

const RAW_TEXT: PgCursorConfigLike['types'] = { getTypeParser: () => (value: string) => value }
const CANCEL_WAIT_MS = 5_000

/** Server-side cancel of the backend `pid` through another pool connection; never throws. */
async function cancelBackend(pool: PgPoolLike, pid: number | null | undefined): Promise<void> {
  if (typeof pid !== 'number') return
  let timer: NodeJS.Timeout | undefined
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, CANCEL_WAIT_MS)
    timer.unref()
  })
  try {
    await Promise.race([
      pool.query('SELECT pg_cancel_backend($1)', [pid]).then(() => undefined),
      giveUp,
    ])
  } catch {
    // The query may be gone already; destroying the client covers the rest.
  } finally {
    clearTimeout(timer)
  }
}

/** Passwords a pg Pool knows, so messages can never echo them. */
function poolSecrets(pool: unknown): string[] {
  const options = (pool as { options?: { password?: unknown; connectionString?: unknown } }).options
  const secrets: string[] = []
  if (typeof options?.password === 'string') secrets.push(options.password)
  if (typeof options?.connectionString === 'string') {
    try {
      const password = decodeURIComponent(new URL(options.connectionString).password)
      if (password) secrets.push(password)
    } catch {
      // Not a URL (key=value form): redactSecrets handles `password=`.
    }
  }
  return secrets
}

/**
 * A {@link Source} over PostgreSQL through a pg `Pool`: rows stream from a pg-cursor in batches
 * (default 1000) as raw text, decoded by the report's output columns. A `statementTimeoutMs`
 * sets `statement_timeout` on the checked-out client (reset afterwards); aborting the signal
 * cancels the backend with `pg_cancel_backend`.
 *
 * @example
 * ```ts
 * import pg from 'pg'
 * import Cursor from 'pg-cursor'
 * const source = postgresSource({ pool: new pg.Pool({ connectionString: process.env.DATABASE_URL }), cursor: Cursor })
 * ```
 */
export function postgresSource(options: PostgresSourceOptions): Source {
  const ownsPool = typeof options.pool === 'function'
  let poolPromise: Promise<PgPoolLike> | undefined
  let cursorPromise: Promise<PgCursorCtorLike> | undefined

  function getPool(): Promise<PgPoolLike> {
    if (!poolPromise) {
      const pool = options.pool
      poolPromise = typeof pool === 'function' ? pool() : Promise.resolve(pool)
      poolPromise.catch(() => {
        poolPromise = undefined
      })
    }
    return poolPromise
  }

  let copyStreamsPromise: Promise<PgCopyStreamsLike | undefined> | undefined
  function getCopyStreams(): Promise<PgCopyStreamsLike | undefined> {
    if (options.copyStreams !== undefined)
      return Promise.resolve(options.copyStreams === false ? undefined : options.copyStreams)
    // Loaded once; a missing optional peer just turns the fast path off.
    copyStreamsPromise ??= loadPgCopyStreams().catch(() => undefined)
    return copyStreamsPromise
  }

  async function connect(signal: AbortSignal | undefined, statementTimeoutMs?: number) {
    try {
      const pool = await getPool()
      const client = await abortable(pool.connect(), {
        signal,
        engine: 'postgres',
        onLate: (late) => late.release(),
      })
      return { pool, client }
    } catch (error) {
      throw toSourceError(error, { engine: 'postgres', signal, statementTimeoutMs })
    }
  }

  async function copyCsv(
    query: CompiledReport,
    out: Writable,
    copyOptions: SourceCopyCsvOptions,
  ): Promise<CopyCsvResult> {
    const { signal, statementTimeoutMs, recordDelimiter } = copyOptions
    if (signal?.aborted) throw cancelledError('postgres', signal.reason)
    const copyStreams = await getCopyStreams()
    if (!query.plan || !copyStreams) {
      throw new ReportwrightError({
        code: 'QUERY_FAILED',
        message: '[reportwright] [postgres] copyCsv needs a compiled plan and pg-copy-streams.',
      })
    }
    const copy = compileCsvCopy(query.plan, postgresDialect, copyOptions)
    const { pool, client } = await connect(signal, statementTimeoutMs)
    const secrets = poolSecrets(pool)
    let cancelling: Promise<void> | undefined
    const onAbort = (): void => {
      cancelling ??= cancelBackend(pool, client.processID)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    const race = <T>(promise: Promise<T>): Promise<T> =>
      abortable(promise, { signal, engine: 'postgres', onLate: () => undefined })
    let broken = false
    try {
      // COPY takes no bind parameters: the values travel as bound, transaction-local settings.
      await race(client.query('BEGIN READ ONLY'))
      const settings = copySettingsQuery(copy.settings, statementTimeoutMs)
      await race(client.query(settings.text, settings.values))
      const rows = (client as unknown as PgCopyClientLike).query(copyStreams.to(copy.sql))
      const encoder = new CsvCopyEncoder(recordDelimiter, copyOptions.onProgress)
      await race(pipeline(rows, encoder, out, { end: false }))
      await race(client.query('COMMIT'))
      return { rows: rows.rowCount ?? 0, bytes: encoder.bytes }
    } catch (error) {
      broken = true
      throw toSourceError(error, { engine: 'postgres', signal, secrets, statementTimeoutMs })
    } finally {
      signal?.removeEventListener('abort', onAbort)
      if (broken || signal?.aborted) {
        client.release(true)
        await cancelling
      } else {
        client.release()
      }
    }
  }

  function getCursor(): Promise<PgCursorCtorLike> {
    if (options.cursor) return Promise.resolve(options.cursor)
    cursorPromise ??= loadPgCursor()
    cursorPromise.catch(() => {
      cursorPromise = undefined
    })
    return cursorPromise
  }

  async function* stream(
    query: CompiledReport,
    streamOptions: SourceStreamOptions = {},
  ): AsyncGenerator<Row> {
    const { signal, batchSize = 1000, statementTimeoutMs } = streamOptions
    if (signal?.aborted) throw cancelledError('postgres', signal.reason)
    const Cursor = await getCursor()
    let pool: PgPoolLike
    let client: PgPoolClientLike
    try {
      pool = await getPool()
      client = await abortable(pool.connect(), {
        signal,
        engine: 'postgres',
        onLate: (late) => late.release(),
      })
    } catch (error) {
      throw toSourceError(error, { engine: 'postgres', signal, statementTimeoutMs })
    }
    const secrets = poolSecrets(pool)
    const decode = createRowDecoder(query.columns, query.hasLevelColumn)
    const size = batchRows(batchSize)

    let cancelling: Promise<void> | undefined
    const onAbort = (): void => {
      cancelling ??= cancelBackend(pool, client.processID)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
    // Not Promise.race against one long-lived promise: every race would leave a reaction on it
    // holding that batch's rows, so memory would grow with the row count.
    const race = <T>(promise: Promise<T>): Promise<T> =>
      abortable(promise, { signal, engine: 'postgres', onLate: () => undefined })

    let cursor: PgCursorLike | undefined
    let timeoutSet = false
    let broken = false
    try {
      if (statementTimeoutMs !== undefined && statementTimeoutMs > 0) {
        timeoutSet = true
        await race(
          client.query(`SET statement_timeout = ${Math.max(1, Math.round(statementTimeoutMs))}`),
        )
      }
      cursor = client.query(
        new Cursor(query.sql, [...query.parameters], { rowMode: 'array', types: RAW_TEXT }),
      )
      for (;;) {
        if (signal?.aborted) throw cancelledError('postgres', signal.reason)
        const rows = await race(cursor.read(size))
        for (const raw of rows) {
          if (signal?.aborted) throw cancelledError('postgres', signal.reason)
          yield decode(raw as readonly unknown[])
        }
        if (rows.length < size) break
      }
    } catch (error) {
      broken = true
      throw toSourceError(error, { engine: 'postgres', signal, secrets, statementTimeoutMs })
    } finally {
      signal?.removeEventListener('abort', onAbort)
      if (broken || signal?.aborted) {
        client.release(true)
        await cancelling
      } else {
        // Finished or stopped early (`break`): close the portal and hand back a clean client.
        try {
          await cursor?.close()
          if (timeoutSet) await client.query('RESET statement_timeout')
          client.release()
        } catch (error) {
          client.release(error instanceof Error ? error : true)
        }
      }
    }
  }

  return {
    kind: 'postgres',
    dialect: postgresDialect,
    stream,
    async canCopyCsv(query) {
      // Single-column CSV differs: COPY quotes a lone `\.` field, csvRenderer does not.
      if (!query.plan || query.hasLevelColumn || query.columns.length < 2) return false
      if (query.dialect !== 'postgres') return false
      return (await getCopyStreams()) !== undefined
    },
    copyCsv,
    async introspect(introspectOptions = {}) {
      let pool: PgPoolLike
      try {
        pool = await getPool()
      } catch (error) {
        throw toSourceError(error, { engine: 'postgres' })
      }
      try {
        return await introspectPostgres(
          async (text, values) =>
            (await pool.query(text, [...values])).rows as Readonly<Record<string, unknown>>[],
          introspectOptions,
        )
      } catch (error) {
        throw toSourceError(error, { engine: 'postgres', secrets: poolSecrets(pool) })
      }
    },
    async destroy() {
      if (!ownsPool || !poolPromise) return
      const pending = poolPromise
      poolPromise = undefined
      const pool = await pending.catch(() => undefined)
      await pool?.end?.()
    },
  }
}

/** A pool client running a copy stream (pg's `client.query(submittable)`). */
interface PgCopyClientLike {
  query<TStream extends PgCopyToStreamLike>(stream: TStream): TStream
}

async function loadPgCursor(): Promise<PgCursorCtorLike> {
  try {
    const mod = (await import('pg-cursor')) as unknown as { default?: unknown }
    const ctor = typeof mod.default === 'function' ? mod.default : mod
    if (typeof ctor !== 'function') throw new TypeError('pg-cursor has no default export')
    return ctor as PgCursorCtorLike
  } catch (error) {
    throw new ReportwrightError({
      code: 'SOURCE_UNAVAILABLE',
      message:
        '[reportwright] [postgres] postgresSource streams with pg-cursor: install pg-cursor or pass it as the `cursor` option.',
      details: { engine: 'postgres', dependency: 'pg-cursor' },
      cause: error,
    })
  }
}
