import type { Catalog } from '../catalog/catalog-types'
import type { Source } from '../source/source'
import { mysqlSource } from '../source/mysql-source'
import { pgliteSource } from '../source/pglite-source'
import { postgresSource } from '../source/postgres-source'
import { sqliteSource } from '../source/sqlite-source'
import type { LoadResult } from './sales-fixture'
import {
  createSalesCatalog,
  loadMysql,
  loadPglite,
  loadPostgres,
  loadSqlite,
} from './sales-fixture'
import { checkService, redactUrl, requireServices, serviceUrl } from './services'

/** The engines every parity, injection and property suite runs against. */
export const ENGINE_NAMES = ['postgres', 'mysql', 'sqlite', 'pglite'] as const
/** One of {@link ENGINE_NAMES}. */
export type EngineName = (typeof ENGINE_NAMES)[number]

/** A database holding the sales fixture, with a source and catalog over it. */
export interface FixtureEngine {
  readonly name: EngineName
  readonly source: Source
  /** {@link createSalesCatalog} over {@link FixtureEngine.source}. */
  readonly catalog: Catalog
  /**
   * Runs raw SQL (statement logs, sentinel tables, assertions) with the driver's own
   * placeholders (`$1` on postgres/pglite, `?` on mysql/sqlite). Rows come back as arrays of
   * the driver's raw values.
   */
  query(sql: string, params?: readonly unknown[]): Promise<unknown[][]>
  /** Destroys the source and closes the pool or database the engine opened. */
  close(): Promise<void>
}

/** Whether an engine can run here; `reason` says why not. */
export interface FixtureEngineStatus {
  readonly available: boolean
  readonly reason?: string
}

/** Options of {@link openFixtureEngine} and {@link checkFixtureEngine}. */
export interface OpenFixtureEngineOptions {
  /**
   * Server URL for postgres / mysql. Defaults to `RW_PG_URL` (else
   * `postgres://postgres@127.0.0.1:5432/test`) / `RW_MYSQL_URL` (else `mysql://root@127.0.0.1:3306/test`).
   */
  readonly url?: string
}

/** The server URL an engine uses (`undefined` for the in-process engines). */
export function fixtureEngineUrl(
  name: EngineName,
  options: OpenFixtureEngineOptions = {},
): string | undefined {
  if (options.url) return options.url
  if (name === 'postgres' || name === 'mysql') return serviceUrl(name)
  return undefined
}

// Per process: one availability check and one skip line per engine, one load per database.
// Kept on globalThis so test files that re-import this module in one worker share them.
interface ProcessState {
  readonly status: Map<string, Promise<FixtureEngineStatus>>
  readonly logged: Set<string>
  readonly loads: Map<string, Promise<LoadResult>>
}
const STATE_KEY = Symbol.for('reportwright.testing.engines')
const registry = globalThis as Record<symbol, ProcessState | undefined>
const state: ProcessState = (registry[STATE_KEY] ??= {
  status: new Map(),
  logged: new Set(),
  loads: new Map(),
})

const DRIVER: Readonly<Record<EngineName, string>> = {
  postgres: 'pg',
  mysql: 'mysql2',
  sqlite: 'better-sqlite3',
  pglite: '@electric-sql/pglite',
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

async function probe(name: EngineName, url: string | undefined): Promise<FixtureEngineStatus> {
  try {
    await importDriver(name)
  } catch (error) {
    return { available: false, reason: `${DRIVER[name]} cannot be loaded: ${message(error)}` }
  }
  if (url === undefined) return { available: true }
  const result = await checkService(name === 'postgres' ? 'postgres' : 'mysql', url)
  return result.available
    ? { available: true }
    : { available: false, reason: result.reason ?? 'no answer' }
}

/**
 * Checks once per process whether an engine can run. When it cannot, prints one line
 * `[reportwright] skipping <engine> suites: <url, password masked> unreachable (<reason>)`, or
 * throws when `RW_REQUIRE_SERVICES=1`.
 */
export function checkFixtureEngine(
  name: EngineName,
  options: OpenFixtureEngineOptions = {},
): Promise<FixtureEngineStatus> {
  const url = fixtureEngineUrl(name, options)
  const key = `${name} ${url ?? ''}`
  let pending = state.status.get(key)
  if (!pending) {
    pending = probe(name, url)
    state.status.set(key, pending)
  }
  return pending.then((status) => {
    if (status.available) return status
    const what = url === undefined ? DRIVER[name] : redactUrl(url)
    if (requireServices())
      throw new Error(
        `[reportwright] ${name} is required (RW_REQUIRE_SERVICES=1) but ${what} is unreachable (${status.reason ?? 'unknown'})`,
      )
    if (!state.logged.has(key)) {
      state.logged.add(key)
      console.warn(
        `[reportwright] skipping ${name} suites: ${what} unreachable (${status.reason ?? 'unknown'})`,
      )
    }
    return status
  })
}

/** Loads once per process and database; a failed load is retried by the next caller. */
function loadOnce(key: string, load: () => Promise<LoadResult>): Promise<LoadResult> {
  let pending = state.loads.get(key)
  if (!pending) {
    pending = load()
    state.loads.set(key, pending)
    pending.catch(() => state.loads.delete(key))
  }
  return pending
}

/** Dynamic imports only: the drivers are optional peers. */
async function importDriver(name: EngineName): Promise<unknown> {
  switch (name) {
    case 'postgres':
      return import('pg')
    case 'mysql':
      return import('mysql2')
    case 'sqlite':
      return import('better-sqlite3')
    case 'pglite':
      return import('@electric-sql/pglite')
  }
}

/**
 * Opens an engine holding the sales fixture: checks the service (see {@link checkFixtureEngine}),
 * loads the fixture (once per process for servers; every time for the in-memory SQLite and
 * PGlite databases), and builds the source and {@link createSalesCatalog}.
 *
 * @returns `undefined` when the engine is unavailable and services are not required.
 */
export async function openFixtureEngine(
  name: EngineName,
  options: OpenFixtureEngineOptions = {},
): Promise<FixtureEngine | undefined> {
  const status = await checkFixtureEngine(name, options)
  if (!status.available) return undefined
  switch (name) {
    case 'postgres':
      return openPostgres(fixtureEngineUrl(name, options) as string)
    case 'mysql':
      return openMysql(fixtureEngineUrl(name, options) as string)
    case 'sqlite':
      return openSqlite()
    case 'pglite':
      return openPglite()
  }
}

function engine(parts: {
  readonly name: EngineName
  readonly source: Source
  readonly query: FixtureEngine['query']
  readonly closeDriver: () => Promise<void>
}): FixtureEngine {
  const { name, source, query, closeDriver } = parts
  let closing: Promise<void> | undefined
  return {
    name,
    source,
    catalog: createSalesCatalog(source),
    query,
    close() {
      closing ??= (async () => {
        try {
          await source.destroy()
        } finally {
          await closeDriver()
        }
      })()
      return closing
    },
  }
}

async function openPostgres(url: string): Promise<FixtureEngine> {
  const pg = (await import('pg')).default
  const pool = new pg.Pool({ connectionString: url, max: 5 })
  // An idle client dropped by the server must not crash the test process.
  pool.on('error', () => undefined)
  try {
    await loadOnce(`postgres ${url}`, () => loadPostgres(pool))
  } catch (error) {
    await pool.end()
    throw error
  }
  return engine({
    name: 'postgres',
    source: postgresSource({ pool }),
    query: async (sql, params = []) =>
      (await pool.query<unknown[]>({ text: sql, values: [...params], rowMode: 'array' })).rows,
    closeDriver: () => pool.end(),
  })
}

async function openMysql(url: string): Promise<FixtureEngine> {
  const mysql = (await import('mysql2')).default
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: 5,
    charset: 'utf8mb4',
    // DATETIME columns hold UTC wall-clock time.
    timezone: 'Z',
    supportBigNumbers: true,
    bigNumberStrings: true,
  })
  const promisePool = pool.promise()
  try {
    await loadOnce(`mysql ${url}`, () => loadMysql(promisePool))
  } catch (error) {
    await promisePool.end()
    throw error
  }
  return engine({
    name: 'mysql',
    source: mysqlSource({ pool }),
    query: async (sql, params = []) => {
      const [rows] = await promisePool.query({ sql, rowsAsArray: true, values: [...params] })
      return Array.isArray(rows) ? (rows as unknown[][]) : []
    },
    closeDriver: () => promisePool.end(),
  })
}

async function openSqlite(): Promise<FixtureEngine> {
  const Database = (await import('better-sqlite3')).default
  const database = new Database(':memory:')
  await loadSqlite(database)
  return engine({
    name: 'sqlite',
    source: sqliteSource({ database }),
    query: (sql, params = []) => {
      try {
        const statement = database.prepare(sql)
        if (!statement.reader) {
          statement.run(...params)
          return Promise.resolve([])
        }
        return Promise.resolve(statement.raw(true).all(...params) as unknown[][])
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)))
      }
    },
    closeDriver: () => {
      if (database.open) database.close()
      return Promise.resolve()
    },
  })
}

async function openPglite(): Promise<FixtureEngine> {
  const { PGlite } = await import('@electric-sql/pglite')
  const db = new PGlite()
  try {
    await loadPglite(db)
  } catch (error) {
    await db.close()
    throw error
  }
  return engine({
    name: 'pglite',
    source: pgliteSource({ db }),
    query: async (sql, params = []) =>
      (await db.query<unknown[]>(sql, [...params], { rowMode: 'array' })).rows,
    closeDriver: async () => {
      if (!db.closed) await db.close()
    },
  })
}
