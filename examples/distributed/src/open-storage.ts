// The shared SQL storage: PostgreSQL when one is reachable, else one SQLite file on this machine.
import Database from 'better-sqlite3'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { sqlStorage } from '@reportwright/adapters/storage/sql'
import type { SqlStorage } from '@reportwright/adapters/storage/sql'
import type { StorageSetup } from './shared-setup'

/** The storage and the database under it, which the caller closes. */
export interface OpenStorage {
  readonly storage: SqlStorage
  /** Drops this run's tables (PostgreSQL; a SQLite file goes with its folder). */
  dropTables(): Promise<void>
  close(): Promise<void>
}

/** Opens {@link sqlStorage} over the database `setup` names. */
export function openStorage(setup: StorageSetup): OpenStorage {
  const db = new Kysely<unknown>({ dialect: dialectFor(setup) })
  const storage = sqlStorage({ db, tablePrefix: setup.tablePrefix })
  return {
    storage,
    async dropTables() {
      if (setup.kind !== 'postgres') return
      const { rows } = await sql<{ tablename: string }>`
        SELECT tablename FROM pg_tables
        WHERE schemaname = current_schema() AND starts_with(tablename, ${setup.tablePrefix})`.execute(
        db,
      )
      for (const { tablename } of rows)
        await sql`DROP TABLE IF EXISTS ${sql.table(tablename)} CASCADE`.execute(db)
    },
    close: () => db.destroy(),
  }
}

function dialectFor(setup: StorageSetup): PostgresDialect | SqliteDialect {
  if (setup.kind === 'postgres')
    return new PostgresDialect({ pool: new pg.Pool({ connectionString: setup.url, max: 5 }) })
  const database = new Database(setup.file)
  // Three processes write to one file: WAL lets readers go on, and writers wait their turn.
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 10000')
  return new SqliteDialect({ database })
}
