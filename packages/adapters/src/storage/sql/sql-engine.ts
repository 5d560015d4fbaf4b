import { sql } from 'kysely'
import type { Kysely } from 'kysely'

/** The SQL families {@link sqlStorage} speaks. PGlite is `postgres`; MariaDB is `mysql`. */
export const SQL_STORAGE_DIALECTS = ['postgres', 'mysql', 'sqlite'] as const
/** One of {@link SQL_STORAGE_DIALECTS}. */
export type SqlStorageDialect = (typeof SQL_STORAGE_DIALECTS)[number]

// Table names are dynamic (prefix), so queries go through an untyped kysely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type LooseDb = Kysely<any>

/** Guesses the family from the kysely adapter class (kysely's own names, never minified). */
export function detectDialect(db: LooseDb): SqlStorageDialect | undefined {
  const adapter = db.getExecutor().adapter as { constructor: { name: string } }
  const name = adapter.constructor.name
  if (name === 'PostgresAdapter') return 'postgres'
  if (name === 'MysqlAdapter') return 'mysql'
  if (name === 'SqliteAdapter') return 'sqlite'
  return undefined
}

/** Column types that differ between the families. */
export interface ColumnTypes {
  /** An auto-increment integer primary key. */
  readonly seqPrimaryKey: (table: string) => ReturnType<typeof sql.raw>
  /** Long text: JSON documents. */
  readonly longText: ReturnType<typeof sql.raw>
}

/** {@link ColumnTypes} for a family. */
export function columnTypes(dialect: SqlStorageDialect): ColumnTypes {
  switch (dialect) {
    case 'postgres':
      return { seqPrimaryKey: () => sql.raw('bigserial primary key'), longText: sql.raw('text') }
    case 'mysql':
      return {
        seqPrimaryKey: () => sql.raw('bigint auto_increment primary key'),
        longText: sql.raw('mediumtext'),
      }
    case 'sqlite':
      return {
        seqPrimaryKey: () => sql.raw('integer primary key autoincrement'),
        longText: sql.raw('text'),
      }
  }
}

/** A database number (bigint, numeric string or number) as a JS number. */
export function toNumber(value: unknown): number {
  return typeof value === 'number' ? value : Number(value as string | bigint)
}

/** Epoch milliseconds from the database as a Date, or `undefined` for NULL. */
export function toDate(value: unknown): Date | undefined {
  return value === null || value === undefined ? undefined : new Date(toNumber(value))
}
