import { CompiledQuery, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } from 'kysely'
import type {
  DatabaseConnection,
  DatabaseIntrospector,
  Dialect,
  DialectAdapter,
  Driver,
  Kysely,
  QueryCompiler,
  QueryResult,
} from 'kysely'

/** The part of a PGlite instance the dialect uses (`@electric-sql/pglite`'s `PGlite` fits). */
export interface PgliteKyselyLike {
  query<TRow>(
    sql: string,
    params?: unknown[],
  ): Promise<{ readonly rows: TRow[]; readonly affectedRows?: number }>
  close?(): Promise<void>
}

/** Options of {@link pgliteKyselyDialect}. */
export interface PgliteKyselyDialectOptions {
  /** An open PGlite database (the host keeps ownership; `destroy()` does not close it). */
  readonly pglite: PgliteKyselyLike
}

/**
 * A kysely `Dialect` over one in-process PGlite database: PostgreSQL SQL, one connection at a
 * time (PGlite is single-session), transactions with `BEGIN`/`COMMIT`.
 *
 * @example
 * ```ts
 * const db = new Kysely({ dialect: pgliteKyselyDialect({ pglite: new PGlite() }) })
 * ```
 */
export function pgliteKyselyDialect(options: PgliteKyselyDialectOptions): Dialect {
  return {
    createAdapter: (): DialectAdapter => new PostgresAdapter(),
    createDriver: (): Driver => new PgliteDriver(options.pglite),
    createQueryCompiler: (): QueryCompiler => new PostgresQueryCompiler(),
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- kysely's own signature
    createIntrospector: (db: Kysely<any>): DatabaseIntrospector => new PostgresIntrospector(db),
  }
}

class PgliteConnection implements DatabaseConnection {
  readonly #pglite: PgliteKyselyLike
  constructor(pglite: PgliteKyselyLike) {
    this.#pglite = pglite
  }
  async executeQuery<TRow>(compiled: CompiledQuery): Promise<QueryResult<TRow>> {
    const result = await this.#pglite.query<TRow>(compiled.sql, [...compiled.parameters])
    return {
      rows: result.rows,
      ...(result.affectedRows !== undefined
        ? { numAffectedRows: BigInt(result.affectedRows) }
        : {}),
    }
  }
  // eslint-disable-next-line require-yield -- PGlite has no cursors across calls
  async *streamQuery<TRow>(): AsyncIterableIterator<QueryResult<TRow>> {
    throw new Error('[reportwright] [pglite] streaming queries are not supported by this dialect')
  }
}

class PgliteDriver implements Driver {
  readonly #connection: PgliteConnection
  // PGlite has one session: callers queue for it so transactions never interleave.
  #queue: Promise<void> = Promise.resolve()
  #release: (() => void) | undefined

  constructor(pglite: PgliteKyselyLike) {
    this.#connection = new PgliteConnection(pglite)
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    const previous = this.#queue
    let release!: () => void
    this.#queue = new Promise((resolve) => (release = resolve))
    await previous
    this.#release = release
    return this.#connection
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }
  async releaseConnection(): Promise<void> {
    const release = this.#release
    this.#release = undefined
    release?.()
  }
  async destroy(): Promise<void> {}
}
