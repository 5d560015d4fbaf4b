import type { CompiledReport } from '../compiler/compiled-report'
import { mysqlDialect } from '../dialect/mysql-dialect'
import { createRowDecoder } from './decode-value'
import { introspectMysql } from './introspect-mysql'
import type { Row } from './row'
import { abortable, batchRows, cancelledError, toSourceError } from './source-errors'
import type { Source, SourceStreamOptions } from './source'

/** Node-style callback mysql2 calls with a query's result. */
export type MysqlCallback = (error: Error | null, result?: unknown) => void

/** A mysql2 field as its `typeCast` hook sees it. */
export interface MysqlTypeCastFieldLike {
  readonly type: string
  string(): string | null
}

/** Per-query options `mysqlSource` passes to mysql2's `execute`. */
export interface MysqlExecuteOptionsLike {
  readonly sql: string
  readonly values?: unknown[]
  readonly rowsAsArray?: boolean
  readonly dateStrings?: boolean
  readonly supportBigNumbers?: boolean
  readonly bigNumberStrings?: boolean
  readonly typeCast?: (field: MysqlTypeCastFieldLike, next: () => unknown) => unknown
}

/** The object-mode Readable of rows mysql2's `query.stream()` returns. */
export interface MysqlRowStreamLike extends AsyncIterable<unknown> {
  destroy(error?: Error): unknown
}

/** A mysql2 query or prepared-statement execution. */
export interface MysqlQueryLike {
  stream(options?: { highWaterMark?: number }): MysqlRowStreamLike
}

/** What `mysqlSource` uses of a connection checked out of a mysql2 pool. */
export interface MysqlPoolConnectionLike {
  /** Server thread id, used by `KILL QUERY` to cancel a running statement. */
  readonly threadId: number | null
  query(sql: string, values: unknown[], callback: MysqlCallback): unknown
  execute(options: MysqlExecuteOptionsLike): MysqlQueryLike
  /** Closes a prepared statement mysql2 cached (keyed by sql and `rowsAsArray`). */
  unprepare?(statement: string | { readonly sql: string; readonly rowsAsArray?: boolean }): unknown
  release(): void
  destroy(): void
  /** The connection's options; `decimalNumbers` or a global `typeCast` are overridden per query. */
  readonly config?: {
    readonly decimalNumbers?: boolean
    readonly typeCast?: unknown
    readonly password?: unknown
  }
}

/** What `mysqlSource` uses of a mysql2 callback pool (`mysql2.createPool(...)`). */
export interface MysqlPoolLike {
  getConnection(callback: (error: Error | null, connection: MysqlPoolConnectionLike) => void): void
  query(sql: string, values: unknown[], callback: MysqlCallback): unknown
  /** Called by `destroy()` only for a pool the `pool` factory created. */
  end?(callback?: (error: Error | null) => void): void
}

/** A mysql2 promise pool (`mysql2/promise` `createPool`, or `pool.promise()`): its callback pool is used. */
export interface MysqlPromisePoolLike {
  readonly pool: MysqlPoolLike
}

/** Options of {@link mysqlSource}. */
export interface MysqlSourceOptions {
  /**
   * A mysql2 pool: the callback pool from `mysql2.createPool(...)` (preferred) or a promise pool,
   * whose underlying callback pool is used. Or a factory called on first use whose pool
   * `destroy()` ends. A pool passed directly stays open.
   */
  readonly pool:
    MysqlPoolLike | MysqlPromisePoolLike | (() => Promise<MysqlPoolLike | MysqlPromisePoolLike>)
}

const KILL_WAIT_MS = 5_000

// Exact decimals whatever the pool's `decimalNumbers`; only installed when the pool changes the defaults.
const decimalsAsText: MysqlExecuteOptionsLike['typeCast'] = (field, next) =>
  field.type === 'NEWDECIMAL' || field.type === 'DECIMAL' ? field.string() : next()

function unwrapPool(pool: MysqlPoolLike | MysqlPromisePoolLike): MysqlPoolLike {
  const inner = (pool as Partial<MysqlPromisePoolLike>).pool
  return inner && typeof inner.getConnection === 'function' ? inner : (pool as MysqlPoolLike)
}

function run(
  target: { query(sql: string, values: unknown[], callback: MysqlCallback): unknown },
  sql: string,
  values: readonly unknown[] = [],
): Promise<unknown> {
  return new Promise((resolve, reject) => {
    target.query(sql, [...values], (error, result) => (error ? reject(error) : resolve(result)))
  })
}

function connect(pool: MysqlPoolLike): Promise<MysqlPoolConnectionLike> {
  return new Promise((resolve, reject) => {
    pool.getConnection((error, connection) => (error ? reject(error) : resolve(connection)))
  })
}

/** `KILL QUERY` through another pool connection; never throws, waits at most a few seconds. */
async function killQuery(pool: MysqlPoolLike, threadId: number | null): Promise<void> {
  if (!Number.isSafeInteger(threadId)) return
  let timer: NodeJS.Timeout | undefined
  const giveUp = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, KILL_WAIT_MS)
    timer.unref()
  })
  try {
    await Promise.race([run(pool, `KILL QUERY ${Number(threadId)}`), giveUp])
  } catch {
    // The thread may have finished already.
  } finally {
    clearTimeout(timer)
  }
}

function poolSecrets(pool: unknown): string[] {
  if (typeof pool !== 'object' || pool === null) return []
  type WithConfig = { config?: { connectionConfig?: { password?: unknown } }; pool?: unknown }
  const target = ((pool as WithConfig).pool ?? pool) as WithConfig
  const password = target.config?.connectionConfig?.password
  return typeof password === 'string' ? [password] : []
}

/**
 * A {@link Source} over MySQL or MariaDB through a mysql2 pool. Each report runs as a prepared
 * statement (values bound server-side) whose rows stream as arrays with backpressure: mysql2
 * pauses the socket while the consumer is not pulling. Dates, decimals and big integers arrive as
 * text. The session time zone is UTC during the query, and `statementTimeoutMs` sets
 * `max_statement_time` (MariaDB) or `max_execution_time` (MySQL); both are restored afterwards.
 * Aborting the signal runs `KILL QUERY` from another pool connection.
 *
 * @example
 * ```ts
 * import mysql from 'mysql2'
 * const source = mysqlSource({ pool: mysql.createPool(process.env.MYSQL_URL!) })
 * ```
 */
export function mysqlSource(options: MysqlSourceOptions): Source {
  const ownsPool = typeof options.pool === 'function'
  let poolPromise: Promise<MysqlPoolLike> | undefined
  let flavourPromise: Promise<'mariadb' | 'mysql'> | undefined

  function getPool(): Promise<MysqlPoolLike> {
    if (!poolPromise) {
      const pool = options.pool
      poolPromise = (typeof pool === 'function' ? pool() : Promise.resolve(pool)).then(unwrapPool)
      poolPromise.catch(() => {
        poolPromise = undefined
      })
    }
    return poolPromise
  }

  // Detected once per source from the first connection's VERSION().
  function getFlavour(connection: MysqlPoolConnectionLike): Promise<'mariadb' | 'mysql'> {
    flavourPromise ??= run(connection, 'SELECT VERSION() AS version').then((rows) => {
      const version = Array.isArray(rows)
        ? (rows[0] as { version?: unknown } | undefined)?.version
        : undefined
      return /mariadb/i.test(String(version)) ? 'mariadb' : 'mysql'
    })
    flavourPromise.catch(() => {
      flavourPromise = undefined
    })
    return flavourPromise
  }

  async function* stream(
    query: CompiledReport,
    streamOptions: SourceStreamOptions = {},
  ): AsyncGenerator<Row> {
    const { signal, batchSize = 1000, statementTimeoutMs } = streamOptions
    if (signal?.aborted) throw cancelledError('mysql', signal.reason)
    let pool: MysqlPoolLike
    let connection: MysqlPoolConnectionLike
    try {
      pool = await getPool()
      connection = await abortable(connect(pool), {
        signal,
        engine: 'mysql',
        onLate: (late) => late.release(),
      })
    } catch (error) {
      throw toSourceError(error, {
        engine: 'mysql',
        signal,
        statementTimeoutMs,
        secrets: poolSecrets(options.pool),
      })
    }
    const secrets = poolSecrets(pool)
    const decode = createRowDecoder(query.columns, query.hasLevelColumn)
    const threadId = connection.threadId
    const withTimeout = statementTimeoutMs !== undefined && statementTimeoutMs > 0

    let rowStream: MysqlRowStreamLike | undefined
    let rows: AsyncIterator<unknown> | undefined
    const onAbort = (): void => {
      rowStream?.destroy(cancelledError('mysql', signal?.reason))
    }
    signal?.addEventListener('abort', onAbort, { once: true })

    let sessionChanged = false
    let prepared = false
    let completed = false
    let serverError = false
    try {
      const flavour = await getFlavour(connection)
      const timeoutVariable = flavour === 'mariadb' ? 'max_statement_time' : 'max_execution_time'
      const timeoutValue =
        flavour === 'mariadb'
          ? (statementTimeoutMs ?? 0) / 1000
          : Math.round(statementTimeoutMs ?? 0)
      sessionChanged = true
      await run(
        connection,
        withTimeout
          ? `SET @rw_time_zone = @@session.time_zone, @rw_timeout = @@session.${timeoutVariable}, time_zone = '+00:00', ${timeoutVariable} = ${timeoutValue}`
          : `SET @rw_time_zone = @@session.time_zone, time_zone = '+00:00'`,
      )
      if (signal?.aborted) throw cancelledError('mysql', signal.reason)
      const config = connection.config
      prepared = true
      rowStream = connection
        .execute({
          sql: query.sql,
          values: [...query.parameters],
          rowsAsArray: true,
          dateStrings: true,
          supportBigNumbers: true,
          bigNumberStrings: true,
          ...(config?.decimalNumbers === true || typeof config?.typeCast === 'function'
            ? { typeCast: decimalsAsText }
            : {}),
        })
        .stream({ highWaterMark: batchRows(batchSize) })
      rows = rowStream[Symbol.asyncIterator]()
      for (;;) {
        const next = await rows.next()
        if (next.done) break
        if (signal?.aborted) throw cancelledError('mysql', signal.reason)
        yield decode(next.value as readonly unknown[])
      }
      completed = true
      if (withTimeout)
        await run(connection, `SET time_zone = @rw_time_zone, ${timeoutVariable} = @rw_timeout`)
      else await run(connection, 'SET time_zone = @rw_time_zone')
      sessionChanged = false
    } catch (error) {
      // A server error (positive errno) means the statement is over; nothing left to kill.
      const errno = (error as { errno?: unknown }).errno
      serverError = typeof errno === 'number' && errno > 0 && !signal?.aborted
      throw toSourceError(error, { engine: 'mysql', signal, secrets, statementTimeoutMs })
    } finally {
      signal?.removeEventListener('abort', onAbort)
      if (completed && !sessionChanged) {
        if (prepared) connection.unprepare?.({ sql: query.sql, rowsAsArray: true })
        connection.release()
      } else {
        // Errors, aborts and early stops: the connection may still be receiving rows, so it is
        // destroyed (freeing its pool slot) and a statement that may still run is killed.
        // The row stream stays paused until the kill landed, so the server stops sending first.
        connection.destroy()
        if (prepared && !completed && !serverError) await killQuery(pool, threadId)
        if (!completed) await rows?.return?.()
      }
    }
  }

  return {
    kind: 'mysql',
    dialect: mysqlDialect,
    stream,
    async introspect(introspectOptions = {}) {
      let pool: MysqlPoolLike
      try {
        pool = await getPool()
      } catch (error) {
        throw toSourceError(error, { engine: 'mysql' })
      }
      try {
        return await introspectMysql(async (sql, parameters) => {
          const rows = await run(pool, sql, parameters)
          return Array.isArray(rows) ? (rows as Readonly<Record<string, unknown>>[]) : []
        }, introspectOptions)
      } catch (error) {
        throw toSourceError(error, { engine: 'mysql', secrets: poolSecrets(pool) })
      }
    },
    async destroy() {
      if (!ownsPool || !poolPromise) return
      const pending = poolPromise
      poolPromise = undefined
      const pool = await pending.catch(() => undefined)
      if (pool?.end) {
        const end = pool.end.bind(pool)
        await new Promise<void>((resolve) => {
          end(() => resolve())
        })
      }
    },
  }
}
