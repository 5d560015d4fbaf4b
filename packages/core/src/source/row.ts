/**
 * A value in a row. Decimals (`number`, `currency`, `percent`) are exact decimal strings,
 * integers are numbers, dates are `YYYY-MM-DD`, datetimes ISO-8601 in UTC, booleans booleans.
 */
export type RowValue = string | number | boolean | null

/** One result row keyed by `OutputColumn.key`. */
export type Row = Readonly<Record<string, RowValue>>

/**
 * Key present on subtotal rows only: how many leading group fields the subtotal keeps
 * (1 = subtotal per value of the first group field). Column keys never start with `$`.
 */
export const SUBTOTAL_LEVEL_KEY = '$subtotal'
