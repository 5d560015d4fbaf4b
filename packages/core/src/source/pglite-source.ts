import type { CompiledReport } from '../compiler/compiled-report'
import { pgliteDialect } from '../dialect/postgres-dialect'
import { createRowDecoder } from './decode-value'
import { introspectPostgres } from './introspect-postgres'
import type { Row } from './row'
import { batchRows, cancelledError, statementTimeoutError, toSourceError } from './source-errors'
import type { Source, SourceStreamOptions } from './source'

/** Query options `pgliteSource` passes to PGlite. */
export interface PGliteQueryOptionsLike {
  readonly rowMode?: 'array' | 'object'
  /** Parsers by type OID; `pgliteSource` maps every type to its raw text. */
  readonly parsers?: Readonly<Record<number, (value: string) => unknown>>
}

/** The result shape `pgliteSource` reads. */
export interface PGliteResultsLike {
  readonly rows: readonly unknown[]
}

/** What `pgliteSource` uses of a PGlite transaction. */
export interface PGliteTransactionLike {
  query(
    sql: string,
    params?: unknown[],
    options?: PGliteQueryOptionsLike,
  ): Promise<PGliteResultsLike>
  rollback(): Promise<void>
}

/** What `pgliteSource` uses of a `PGlite` instance (structural: no import of @electric-sql/pglite). */
export interface PGliteLike {
  query(
    sql: string,
    params?: unknown[],
    options?: PGliteQueryOptionsLike,
  ): Promise<PGliteResultsLike>
  transaction<T>(callback: (tx: PGliteTransactionLike) => Promise<T>): Promise<T>
  /** The instance's parsers by type OID; their keys tell which types to keep as text. */
  readonly parsers?: Readonly<Record<number | string, unknown>>
}

/** Options of {@link pgliteSource}. */
export interface PGliteSourceOptions {
  /** A PGlite instance (`new PGlite()`); `destroy()` leaves it open. */
  readonly db: PGliteLike
}

// Type OIDs PGlite parses by default (bool, bytea, int8, int2, int4, text, oid, json, float4,
// float8, bpchar, varchar, date, timestamp, timestamptz, jsonb) plus numeric.
const DEFAULT_PARSED_OIDS = [
  16, 17, 20, 21, 23, 25, 26, 114, 700, 701, 1042, 1043, 1082, 1114, 1184, 1700, 3802,
]
const identity = (value: string): string => value
const locks = new WeakMap<object, Promise<void>>()

/** Parsers returning every value as the server's text, for all types `db` would otherwise parse. */
function rawTextParsers(db: PGliteLike): Record<number, (value: string) => unknown> {
  const parsers: Record<number, (value: string) => unknown> = {}
  for (const oid of DEFAULT_PARSED_OIDS) parsers[oid] = identity
  for (const key of Object.keys(db.parsers ?? {}))
    if (/^\d+$/.test(key)) parsers[Number(key)] = identity
  return parsers
}

/** Runs `task` after every earlier task on the same db finished (PGlite has one connection). */
async function exclusive<T>(db: object, task: () => Promise<T>): Promise<T> {
  const previous = locks.get(db) ?? Promise.resolve()
  let release: () => void = () => undefined
  const current = new Promise<void>((resolve) => {
    release = resolve
  })
  const tail = previous.then(() => current)
  locks.set(db, tail)
  await previous
  try {
    return await task()
  } finally {
    release()
    if (locks.get(db) === tail) locks.delete(db)
  }
}

type Command = 'fetch' | 'stop'

/**
 * A {@link Source} over PGlite (PostgreSQL in WebAssembly). Each stream runs in a transaction
 * with a server-side cursor and fetches batches (default 1000) as raw text when the consumer
 * pulls. Streams on one db run one after another: consume (or stop) one before the next starts.
 * The signal and the statement timeout are checked between fetches (PGlite cannot interrupt a
 * running statement).
 *
 * @example
 * ```ts
 * import { PGlite } from '@electric-sql/pglite'
 * const source = pgliteSource({ db: new PGlite() })
 * ```
 */
export function pgliteSource(options: PGliteSourceOptions): Source {
  const { db } = options

  async function* stream(
    query: CompiledReport,
    streamOptions: SourceStreamOptions = {},
  ): AsyncGenerator<Row> {
    const { signal, batchSize = 1000, statementTimeoutMs } = streamOptions
    if (signal?.aborted) throw cancelledError('pglite', signal.reason)
    const decode = createRowDecoder(query.columns, query.hasLevelColumn)
    const size = batchRows(batchSize)
    const limitMs =
      statementTimeoutMs !== undefined && statementTimeoutMs > 0 ? statementTimeoutMs : Infinity
    const parsers = rawTextParsers(db)

    // The transaction runs in its own task; the generator hands it one command per batch.
    let sendCommand: (command: Command) => void = () => undefined
    let receiveBatch:
      { resolve: (rows: readonly unknown[]) => void; reject: (error: unknown) => void } | undefined
    const nextCommand = (): Promise<Command> =>
      new Promise((resolve) => {
        sendCommand = resolve
      })
    const request = (command: Command): Promise<readonly unknown[]> =>
      new Promise((resolve, reject) => {
        receiveBatch = { resolve, reject }
        sendCommand(command)
      })
    let commandPromise = nextCommand()

    const session = exclusive(db, () =>
      db.transaction(async (tx) => {
        let busyMs = 0
        try {
          if (Number.isFinite(limitMs))
            await tx.query(`SET LOCAL statement_timeout = ${Math.round(limitMs)}`)
          let started = performance.now()
          await tx.query(`DECLARE rw_cursor NO SCROLL CURSOR FOR ${query.sql}`, [
            ...query.parameters,
          ])
          busyMs += performance.now() - started
          for (;;) {
            const command = await commandPromise
            commandPromise = nextCommand()
            if (command === 'stop') break
            started = performance.now()
            const result = await tx.query(`FETCH ${size} FROM rw_cursor`, [], {
              rowMode: 'array',
              parsers,
            })
            busyMs += performance.now() - started
            if (busyMs > limitMs && result.rows.length === size)
              throw statementTimeoutError('pglite', statementTimeoutMs)
            receiveBatch?.resolve(result.rows)
            if (result.rows.length < size) break
          }
        } catch (error) {
          receiveBatch?.reject(error)
        }
        // Read-only: rolling back closes the cursor.
        await tx.rollback()
      }),
    )
    session.catch((error: unknown) => receiveBatch?.reject(error))

    let finished = false
    try {
      for (;;) {
        if (signal?.aborted) throw cancelledError('pglite', signal.reason)
        const rows = await request('fetch')
        for (const raw of rows) {
          if (signal?.aborted) throw cancelledError('pglite', signal.reason)
          yield decode(raw as readonly unknown[])
        }
        if (rows.length < size) {
          finished = true
          break
        }
      }
    } catch (error) {
      throw toSourceError(error, { engine: 'pglite', signal, statementTimeoutMs })
    } finally {
      if (!finished) sendCommand('stop')
      await session.catch(() => undefined)
    }
  }

  return {
    kind: 'pglite',
    dialect: pgliteDialect,
    stream,
    async introspect(introspectOptions = {}) {
      try {
        return await exclusive(db, () =>
          introspectPostgres(
            async (sql, params) =>
              (await db.query(sql, [...params])).rows as Readonly<Record<string, unknown>>[],
            introspectOptions,
          ),
        )
      } catch (error) {
        throw toSourceError(error, { engine: 'pglite' })
      }
    },
    destroy: () => Promise.resolve(),
  }
}
