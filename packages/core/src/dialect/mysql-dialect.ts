import { MysqlAdapter, MysqlQueryCompiler, sql } from 'kysely'
import type { Expression, RawBuilder } from 'kysely'
import type { SqlDialect } from '../compiler/sql-dialect'
import type { DateBucket } from '../model/field'

function mysqlBucket(
  expr: Expression<unknown>,
  options: { bucket: DateBucket; timezone: string; type: 'date' | 'datetime' },
): RawBuilder<unknown> {
  // Datetimes are stored in UTC; named zones need the server's time zone tables.
  const zone = options.timezone === 'UTC' ? '+00:00' : options.timezone
  const local =
    options.type === 'datetime'
      ? sql`CONVERT_TZ(${expr}, '+00:00', ${sql.lit(zone)})`
      : sql`${expr}`
  switch (options.bucket) {
    case 'day':
      return sql`DATE_FORMAT(${local}, '%Y-%m-%d')`
    case 'week':
      return sql`DATE_FORMAT(DATE_SUB(DATE(${local}), INTERVAL WEEKDAY(${local}) DAY), '%Y-%m-%d')`
    case 'month':
      return sql`DATE_FORMAT(${local}, '%Y-%m-01')`
    case 'quarter':
      return sql`CONCAT(YEAR(${local}), '-', LPAD((QUARTER(${local}) - 1) * 3 + 1, 2, '0'), '-01')`
    case 'year':
      return sql`DATE_FORMAT(${local}, '%Y-01-01')`
  }
}

/** MySQL and MariaDB: UNION ALL subtotals (MariaDB has no GROUPING()), `CONVERT_TZ` buckets. */
export const mysqlDialect: SqlDialect = {
  name: 'mysql',
  createAdapter: () => new MysqlAdapter(),
  createQueryCompiler: () => new MysqlQueryCompiler(),
  dateBucket: mysqlBucket,
  // Integer AVG keeps only 4 decimals in MySQL; widen first, then round like the others.
  average: (expr) => sql`ROUND(AVG(CAST(${expr} AS DECIMAL(38, 10))), 6)`,
  toParameter: (value, type) => {
    if (type === 'boolean') return value === true || value === 'true' ? 1 : 0
    if (type === 'number' || type === 'currency' || type === 'percent' || type === 'integer')
      return typeof value === 'string' ? value : value
    return value
  },
  datetimeParameter: (instant) => instant.toISOString().replace('T', ' ').replace('Z', ''),
  // The plain comparison keeps the index usable; the binary one makes it exact.
  exactEquals: (left, right) =>
    sql<boolean>`(${left} = ${right} and cast(${left} as binary) = cast(${right} as binary))`,
  subtotals: 'union-all',
  maxBindParameters: 65_535,
}
