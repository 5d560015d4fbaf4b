import { checkService, redactUrl, requireServices, serviceUrl } from '@reportwright/core/testing'
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely'
import { SQL_STORAGE_TABLES, pgliteKyselyDialect } from '../src/storage/sql/sql-storage'

export const SQL_ENGINES = ['postgres', 'mysql', 'sqlite', 'pglite'] as const
export type SqlEngineName = (typeof SQL_ENGINES)[number]

export interface OpenedSqlEngine {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>
  close(): Promise<void>
}

/** Whether an engine can run here; prints one skip line when it cannot (fails under RW_REQUIRE_SERVICES=1). */
export async function sqlEngineAvailable(name: SqlEngineName): Promise<boolean> {
  if (name === 'sqlite' || name === 'pglite') return true
  const url = serviceUrl(name)
  const status = await checkService(name, url)
  if (status.available) return true
  if (requireServices())
    throw new Error(`${name} at ${redactUrl(url)} is required: ${status.reason}`)
  console.log(
    `[reportwright] skipping ${name} suites: ${redactUrl(url)} unreachable (${status.reason})`,
  )
  return false
}

/** Opens a kysely instance on one engine. */
export async function openSqlEngine(name: SqlEngineName): Promise<OpenedSqlEngine> {
  switch (name) {
    case 'postgres': {
      const { default: pg } = await import('pg')
      // BIGINT as numbers: our timestamps are epoch milliseconds.
      const pool = new pg.Pool({ connectionString: serviceUrl('postgres'), max: 6 })
      const db = new Kysely({ dialect: new PostgresDialect({ pool }) })
      return { db, close: () => db.destroy() }
    }
    case 'mysql': {
      const mysql = await import('mysql2')
      const pool = mysql.createPool({ uri: serviceUrl('mysql'), connectionLimit: 6 })
      const db = new Kysely({ dialect: new MysqlDialect({ pool }) })
      return { db, close: () => db.destroy() }
    }
    case 'sqlite': {
      const { default: Database } = await import('better-sqlite3')
      const db = new Kysely({ dialect: new SqliteDialect({ database: new Database(':memory:') }) })
      return { db, close: () => db.destroy() }
    }
    case 'pglite': {
      const { PGlite } = await import('@electric-sql/pglite')
      const pglite = new PGlite()
      const db = new Kysely({ dialect: pgliteKyselyDialect({ pglite }) })
      return {
        db,
        close: async () => {
          await db.destroy()
          await pglite.close()
        },
      }
    }
  }
}

/** Drops every table of a prefix (test isolation between runs). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function dropSqlStorage(db: Kysely<any>, prefix: string): Promise<void> {
  for (const name of SQL_STORAGE_TABLES) {
    await db.schema.dropTable(`${prefix}${name}`).ifExists().execute()
  }
}
