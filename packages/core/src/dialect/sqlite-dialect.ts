import { SqliteAdapter, SqliteQueryCompiler, sql } from 'kysely'
import type { SqlDialect } from '../compiler/sql-dialect'

/** Name of the function `sqliteSource` registers to bucket dates in a time zone. */
export const SQLITE_BUCKET_FUNCTION = 'rw_date_bucket'

/**
 * SQLite: no time zones in SQL, so date buckets call a function the source registers;
 * datetimes compare through `julianday` whatever text shape they are stored in.
 */
export const sqliteDialect: SqlDialect = {
  name: 'sqlite',
  createAdapter: () => new SqliteAdapter(),
  createQueryCompiler: () => new SqliteQueryCompiler(),
  dateBucket: (expr, options) =>
    sql`${sql.raw(SQLITE_BUCKET_FUNCTION)}(${expr}, ${sql.lit(options.bucket)}, ${sql.lit(options.timezone)}, ${sql.lit(options.type)})`,
  average: (expr) => sql`round(avg(${expr}), 6)`,
  comparableDatetime: (expr) => sql`julianday(${expr})`,
  comparableDatetimeParameter: (value) => sql`julianday(${value})`,
  toParameter: (value, type) => {
    if (type === 'boolean') return value === true || value === 'true' ? 1 : 0
    if (type === 'number' || type === 'currency' || type === 'percent' || type === 'integer')
      return typeof value === 'string' ? Number(value) : value
    return value
  },
  datetimeParameter: (instant) => instant.toISOString(),
  supportsNullsOrdering: true,
  subtotals: 'union-all',
  maxBindParameters: 32_766,
}
