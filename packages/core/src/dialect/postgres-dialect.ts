import { PostgresAdapter, PostgresQueryCompiler, sql } from 'kysely'
import type { Expression, RawBuilder } from 'kysely'
import type { ColumnType } from '../catalog/column-type'
import type { DialectName, SqlDialect } from '../compiler/sql-dialect'
import type { DateBucket } from '../model/field'

function postgresBucket(
  expr: Expression<unknown>,
  options: { bucket: DateBucket; timezone: string; type: 'date' | 'datetime' },
): RawBuilder<unknown> {
  const local =
    options.type === 'datetime'
      ? sql`(${expr} AT TIME ZONE ${sql.lit(options.timezone)})`
      : sql`(${expr})::timestamp`
  return sql`to_char(date_trunc(${sql.lit(options.bucket)}, ${local}), 'YYYY-MM-DD')`
}

function postgresFamily(name: Extract<DialectName, 'postgres' | 'pglite'>): SqlDialect {
  return {
    name,
    createAdapter: () => new PostgresAdapter(),
    createQueryCompiler: () => new PostgresQueryCompiler(),
    dateBucket: postgresBucket,
    average: (expr) => sql`round(avg(${expr})::numeric, 6)`,
    toParameter: (value: string | number | boolean, type: ColumnType) =>
      type === 'boolean' ? Boolean(value) : typeof value === 'number' ? String(value) : value,
    datetimeParameter: (instant) => instant.toISOString(),
    supportsNullsOrdering: true,
    subtotals: 'grouping-sets',
    maxBindParameters: 65_535,
  }
}

/** PostgreSQL: grouping sets for subtotals, `AT TIME ZONE` for buckets. */
export const postgresDialect: SqlDialect = postgresFamily('postgres')

/** PGlite (PostgreSQL in WebAssembly): the PostgreSQL dialect. */
export const pgliteDialect: SqlDialect = postgresFamily('pglite')
