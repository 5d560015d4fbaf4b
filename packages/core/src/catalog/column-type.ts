/** Column types a catalog declares; they drive filtering, formatting and renderers. */
export const COLUMN_TYPES = [
  'string',
  'number',
  'integer',
  'currency',
  'percent',
  'date',
  'datetime',
  'boolean',
] as const
export type ColumnType = (typeof COLUMN_TYPES)[number]

/** Types whose values are decimals (delivered as exact decimal strings). */
export const DECIMAL_TYPES: ReadonlySet<ColumnType> = new Set(['number', 'currency', 'percent'])
/** Types that hold numbers of any kind. */
export const NUMERIC_TYPES: ReadonlySet<ColumnType> = new Set([
  'number',
  'integer',
  'currency',
  'percent',
])
/** Types that hold calendar values. */
export const TEMPORAL_TYPES: ReadonlySet<ColumnType> = new Set(['date', 'datetime'])
