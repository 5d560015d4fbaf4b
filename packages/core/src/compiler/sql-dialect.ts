import type { DialectAdapter, Expression, QueryCompiler, RawBuilder } from 'kysely'
import type { ColumnType } from '../catalog/column-type'
import type { DateBucket } from '../model/field'

/** The SQL engines the compiler targets. */
export const DIALECT_NAMES = ['postgres', 'mysql', 'sqlite', 'pglite'] as const
/**
 * A SQL engine of {@link DIALECT_NAMES}, or `rest`: JSON APIs, whose source evaluates the
 * report's plan in memory (its SQL, spelled for PostgreSQL, is only for logs).
 */
export type DialectName = (typeof DIALECT_NAMES)[number] | 'rest'

/** How a dialect computes subtotal rows. */
export type SubtotalStrategy = 'grouping-sets' | 'union-all'

/**
 * What differs between SQL engines. Security rules never live here: the planner enforces them
 * for every dialect alike; a dialect only spells expressions.
 */
export interface SqlDialect {
  readonly name: DialectName
  /** kysely's adapter for this engine (quoting, capabilities). */
  createAdapter(): DialectAdapter
  /** kysely's query compiler for this engine. */
  createQueryCompiler(): QueryCompiler
  /**
   * The start of the bucket containing `expr`, as a `YYYY-MM-DD` text, evaluated in `timezone`
   * for datetimes (weeks start on Monday). `timezone` is a validated IANA name.
   */
  dateBucket(
    expr: Expression<unknown>,
    options: {
      readonly bucket: DateBucket
      readonly timezone: string
      readonly type: 'date' | 'datetime'
    },
  ): RawBuilder<unknown>
  /** AVG rounded to six decimals, exact where the engine has decimals. */
  average(expr: Expression<unknown>): RawBuilder<unknown>
  /** A comparable form of a datetime column (SQLite stores text in several shapes). */
  comparableDatetime?(expr: Expression<unknown>): RawBuilder<unknown>
  /** A comparable form of a bound datetime parameter (pairs with `comparableDatetime`). */
  comparableDatetimeParameter?(value: unknown): RawBuilder<unknown>
  /** Converts a validated filter value to what the driver binds for a column of `type`. */
  toParameter(value: string | number | boolean, type: ColumnType): unknown
  /** Converts a UTC instant to what the driver binds for a datetime column. */
  datetimeParameter(instant: Date): unknown
  /**
   * Byte-exact equality. Defaults to `=`; engines whose collations fold case or pad spaces
   * override it, so tenant `ACME` never matches rows of tenant `acme `.
   */
  exactEquals?(left: Expression<unknown>, right: RawBuilder<unknown>): RawBuilder<boolean>
  /**
   * True when the engine has `NULLS FIRST/LAST`. Otherwise sorts use a `CASE … IS NULL` term,
   * which must repeat the selected expression (MySQL cannot use an aggregate's alias inside it).
   * Default is `false`.
   */
  readonly supportsNullsOrdering?: boolean
  /** How subtotal rows are computed. */
  readonly subtotals: SubtotalStrategy
  /** Most bound parameters one statement may carry. */
  readonly maxBindParameters: number
}
