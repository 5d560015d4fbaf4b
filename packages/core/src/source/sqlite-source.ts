import type { CompiledReport } from '../compiler/compiled-report'
import { SQLITE_BUCKET_FUNCTION, sqliteDialect } from '../dialect/sqlite-dialect'
import type { DateBucket } from '../model/field'
import { DATE_BUCKETS } from '../model/field'
import { dateBucketStart } from '../util/date-bucket'
import { createRowDecoder } from './decode-value'
import { introspectSqlite } from './introspect-sqlite'
import type { Row } from './row'
import { batchRows, cancelledError, statementTimeoutError, toSourceError } from './source-errors'
import type { Source, SourceStreamOptions } from './source'

/** What `sqliteSource` uses of a better-sqlite3 statement. */
export interface BetterSqliteStatementLike {
  /** Rows as arrays of column values instead of objects. */
  raw(toggle?: boolean): BetterSqliteStatementLike
  iterate(...parameters: unknown[]): IterableIterator<unknown>
  all(...parameters: unknown[]): unknown[]
}

/** What `sqliteSource` uses of a better-sqlite3 `Database` (structural: no import of better-sqlite3). */
export interface BetterSqliteDatabaseLike {
  prepare(sql: string): BetterSqliteStatementLike
  function(
    name: string,
    options: { readonly deterministic?: boolean; readonly varargs?: boolean },
    implementation: (...args: never[]) => unknown,
  ): unknown
}

/** Options of {@link sqliteSource}. */
export interface SqliteSourceOptions {
  /** A better-sqlite3 `Database`; `destroy()` leaves it open. */
  readonly database: BetterSqliteDatabaseLike
}

const registered = new WeakSet<object>()
const BUCKETS: ReadonlySet<string> = new Set(DATE_BUCKETS)

/** Registers `rw_date_bucket(value, bucket, timezone, type)` once per database. */
function registerBucketFunction(database: BetterSqliteDatabaseLike): void {
  if (registered.has(database)) return
  database.function(
    SQLITE_BUCKET_FUNCTION,
    { deterministic: true, varargs: true },
    (...args: unknown[]): string | null => {
      const [value, bucket, timeZone, type] = args
      if (typeof value !== 'string' || typeof timeZone !== 'string') return null
      if (typeof bucket !== 'string' || !BUCKETS.has(bucket)) return null
      const kind = type === 'date' ? 'date' : 'datetime'
      return dateBucketStart(value, bucket as DateBucket, timeZone, kind)
    },
  )
  registered.add(database)
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * A {@link Source} over SQLite through better-sqlite3. Rows are read with a raw iterator in
 * batches (default 1000), yielding to the event loop between batches; the signal and the
 * statement timeout are checked between batches. While a stream is open the database may run
 * other reads but not writes (better-sqlite3 keeps the connection busy).
 *
 * @example
 * ```ts
 * import Database from 'better-sqlite3'
 * const source = sqliteSource({ database: new Database('app.db', { readonly: true }) })
 * ```
 */
export function sqliteSource(options: SqliteSourceOptions): Source {
  const { database } = options

  async function* stream(
    query: CompiledReport,
    streamOptions: SourceStreamOptions = {},
  ): AsyncGenerator<Row> {
    const { signal, batchSize = 1000, statementTimeoutMs } = streamOptions
    if (signal?.aborted) throw cancelledError('sqlite', signal.reason)
    const decode = createRowDecoder(query.columns, query.hasLevelColumn)
    const size = batchRows(batchSize)
    const limitMs =
      statementTimeoutMs !== undefined && statementTimeoutMs > 0 ? statementTimeoutMs : Infinity
    // Time spent inside SQLite only: a slow consumer does not count against the statement timeout.
    let busyMs = 0
    let iterator: IterableIterator<unknown> | undefined
    try {
      registerBucketFunction(database)
      iterator = database
        .prepare(query.sql)
        .raw(true)
        .iterate(...query.parameters)
      for (;;) {
        const batch: Row[] = []
        let done = false
        const batchStart = performance.now()
        while (batch.length < size) {
          const next = iterator.next()
          if (next.done) {
            done = true
            break
          }
          batch.push(decode(next.value as readonly unknown[]))
          if ((batch.length & 255) === 0 && busyMs + performance.now() - batchStart > limitMs) break
        }
        busyMs += performance.now() - batchStart
        if (busyMs > limitMs && !done) throw statementTimeoutError('sqlite', statementTimeoutMs)
        for (const row of batch) {
          if (signal?.aborted) throw cancelledError('sqlite', signal.reason)
          yield row
        }
        if (done) break
        await nextTick()
        if (signal?.aborted) throw cancelledError('sqlite', signal.reason)
      }
    } catch (error) {
      throw toSourceError(error, { engine: 'sqlite', signal, statementTimeoutMs })
    } finally {
      // Frees the statement so the connection can write again.
      iterator?.return?.()
    }
  }

  return {
    kind: 'sqlite',
    dialect: sqliteDialect,
    stream,
    introspect(introspectOptions = {}) {
      try {
        return Promise.resolve(
          introspectSqlite(
            (sql, parameters) =>
              database.prepare(sql).all(...parameters) as Readonly<Record<string, unknown>>[],
            introspectOptions,
          ),
        )
      } catch (error) {
        return Promise.reject(toSourceError(error, { engine: 'sqlite' }))
      }
    },
    destroy: () => Promise.resolve(),
  }
}
