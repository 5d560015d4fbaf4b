import type { ColumnType } from '../catalog/column-type'
import { booleanOf, groupForeignKeys, textOf } from './introspect-postgres'
import type { IntrospectTablesOptions } from './introspect-postgres'
import type { IntrospectedColumn, IntrospectedTable } from './source'

/** Runs one read-only statement synchronously (better-sqlite3 `prepare(sql).all(...params)`). */
export type SqliteIntrospectionQuery = (
  sql: string,
  parameters: readonly unknown[],
) => readonly Readonly<Record<string, unknown>>[]

/**
 * Maps a declared SQLite column type to a column type by its keywords, most specific first:
 * BOOL → boolean, DATETIME/TIMESTAMP → datetime, DATE → date, INT → integer,
 * CHAR/CLOB/TEXT/UUID → string, REAL/FLOA/DOUB/DECIMAL/NUMERIC → number; otherwise undefined.
 */
export function mapSqliteType(declared: string): ColumnType | undefined {
  const type = declared.toUpperCase()
  if (type.includes('BOOL')) return 'boolean'
  if (type.includes('DATETIME') || type.includes('TIMESTAMP')) return 'datetime'
  if (type.includes('DATE')) return 'date'
  if (type.includes('INT')) return 'integer'
  if (
    type.includes('CHAR') ||
    type.includes('CLOB') ||
    type.includes('TEXT') ||
    type.includes('UUID')
  )
    return 'string'
  if (
    ['REAL', 'FLOA', 'DOUB', 'DECIMAL', 'NUMERIC', 'MONEY'].some((keyword) =>
      type.includes(keyword),
    )
  )
    return 'number'
  return undefined
}

/** User tables and views (SQLite's own `sqlite_*` tables left out). */
export const SQLITE_TABLES_SQL = `
SELECT name, type FROM sqlite_schema
WHERE type IN ('table', 'view') AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
ORDER BY name`

/** Columns of one table: name, declared type, NOT NULL flag and primary-key position. */
export const SQLITE_COLUMNS_SQL =
  'SELECT name, type, "notnull" AS not_null, pk FROM pragma_table_info(?) ORDER BY cid'

/** Foreign keys of one table, one row per column pair. */
export const SQLITE_FOREIGN_KEYS_SQL =
  'SELECT id, seq, "table" AS referenced_table, "from" AS column_name, "to" AS referenced_column FROM pragma_foreign_key_list(?) ORDER BY id, seq'

/** Row estimates ANALYZE left in `sqlite_stat1` (the first number of each `stat`). */
export const SQLITE_STATS_SQL = 'SELECT tbl, stat FROM sqlite_stat1'

/**
 * Introspects a SQLite database: tables and views from `sqlite_schema`, columns from
 * `pragma_table_info`, foreign keys from `pragma_foreign_key_list`, and row estimates from
 * `sqlite_stat1` when ANALYZE has run (otherwise undefined).
 */
export function introspectSqlite(
  query: SqliteIntrospectionQuery,
  options: IntrospectTablesOptions = {},
): IntrospectedTable[] {
  const wanted = options.tables ? new Set(options.tables) : undefined
  const tables = query(SQLITE_TABLES_SQL, []).filter(
    (row) => !wanted || wanted.has(textOf(row.name)),
  )
  const estimates = new Map<string, number>()
  const hasStats =
    query("SELECT 1 AS found FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'", [])
      .length > 0
  if (hasStats) {
    for (const row of query(SQLITE_STATS_SQL, [])) {
      const rows = Number(textOf(row.stat).split(' ')[0])
      const table = textOf(row.tbl)
      if (Number.isFinite(rows)) estimates.set(table, Math.max(estimates.get(table) ?? 0, rows))
    }
  }
  const primaryKeys = new Map<string, string[]>()
  const columnsOf = new Map<string, IntrospectedColumn[]>()
  for (const table of tables) {
    const name = textOf(table.name)
    const rows = query(SQLITE_COLUMNS_SQL, [name])
    const keyColumns = rows
      .filter((row) => Number(row.pk) > 0)
      .sort((a, b) => Number(a.pk) - Number(b.pk))
      .map((row) => textOf(row.name))
    primaryKeys.set(name, keyColumns)
    columnsOf.set(
      name,
      rows.map((row) => {
        const declared = textOf(row.type)
        const primaryKey = Number(row.pk) > 0
        // An INTEGER PRIMARY KEY aliases the rowid and is never null.
        const rowid = primaryKey && keyColumns.length === 1 && declared.toUpperCase() === 'INTEGER'
        return {
          name: textOf(row.name),
          dataType: declared,
          type: mapSqliteType(declared),
          nullable: !booleanOf(row.not_null) && !rowid,
          primaryKey,
        }
      }),
    )
  }
  const keyRows = tables.flatMap((table) => {
    const name = textOf(table.name)
    return query(SQLITE_FOREIGN_KEYS_SQL, [name]).map((row) => ({
      table: name,
      constraint: textOf(row.id),
      column: textOf(row.column_name),
      referencedTable: textOf(row.referenced_table),
      referencedColumn:
        row.referenced_column === null || row.referenced_column === undefined
          ? ''
          : textOf(row.referenced_column),
      seq: Number(row.seq),
    }))
  })
  // `REFERENCES parent` without columns means the parent's primary key.
  const resolved = keyRows.map((row) => {
    if (row.referencedColumn) return row
    const parentKey =
      primaryKeys.get(row.referencedTable) ?? primaryKeyOf(query, row.referencedTable)
    return { ...row, referencedColumn: parentKey[row.seq] ?? 'rowid' }
  })
  const foreignKeys = groupForeignKeys(resolved)
  return tables.map((table) => {
    const name = textOf(table.name)
    const isView = textOf(table.type) === 'view'
    return {
      name,
      kind: isView ? 'view' : 'table',
      columns: columnsOf.get(name) ?? [],
      foreignKeys: foreignKeys.get(name) ?? [],
      estimatedRows: isView ? undefined : estimates.get(name),
    }
  })
}

function primaryKeyOf(query: SqliteIntrospectionQuery, table: string): string[] {
  return query(SQLITE_COLUMNS_SQL, [table])
    .filter((row) => Number(row.pk) > 0)
    .sort((a, b) => Number(a.pk) - Number(b.pk))
    .map((row) => textOf(row.name))
}
