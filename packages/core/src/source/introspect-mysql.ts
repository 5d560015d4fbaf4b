import type { ColumnType } from '../catalog/column-type'
import { booleanOf, groupForeignKeys, textOf } from './introspect-postgres'
import type { IntrospectTablesOptions, IntrospectionQuery } from './introspect-postgres'
import type { IntrospectedColumn, IntrospectedTable } from './source'

const INTEGER_TYPES = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'year',
])
const NUMBER_TYPES = new Set(['decimal', 'numeric', 'float', 'double', 'real', 'double precision'])
const STRING_TYPES = new Set([
  'char',
  'varchar',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'enum',
  'uuid',
])

/**
 * Maps a MySQL/MariaDB column (`DATA_TYPE`, `COLUMN_TYPE`) to a column type; `tinyint(1)` is a
 * boolean, undefined when reports cannot use the type.
 */
export function mapMysqlType(dataType: string, columnType = dataType): ColumnType | undefined {
  const name = dataType.toLowerCase()
  if (/^(tinyint\(1\)|bool|boolean)(\s|$)/i.test(columnType)) return 'boolean'
  if (INTEGER_TYPES.has(name)) return 'integer'
  if (NUMBER_TYPES.has(name)) return 'number'
  if (name === 'date') return 'date'
  if (name === 'datetime' || name === 'timestamp') return 'datetime'
  if (STRING_TYPES.has(name)) return 'string'
  return undefined
}

/** Tables and views of the current database with InnoDB's row estimate. */
export const MYSQL_TABLES_SQL = `
SELECT TABLE_NAME AS name, TABLE_TYPE AS kind, TABLE_ROWS AS estimate
FROM information_schema.TABLES
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME`

/** Columns of the current database in ordinal order. */
export const MYSQL_COLUMNS_SQL = `
SELECT TABLE_NAME AS table_name, COLUMN_NAME AS name, DATA_TYPE AS data_type, COLUMN_TYPE AS column_type,
  IS_NULLABLE AS nullable, COLUMN_KEY AS column_key
FROM information_schema.COLUMNS
WHERE TABLE_SCHEMA = DATABASE()
ORDER BY TABLE_NAME, ORDINAL_POSITION`

/** Foreign keys within the current database, one row per column pair, in key order. */
export const MYSQL_FOREIGN_KEYS_SQL = `
SELECT TABLE_NAME AS table_name, CONSTRAINT_NAME AS constraint_name, COLUMN_NAME AS column_name,
  REFERENCED_TABLE_NAME AS referenced_table, REFERENCED_COLUMN_NAME AS referenced_column
FROM information_schema.KEY_COLUMN_USAGE
WHERE TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME IS NOT NULL
ORDER BY TABLE_NAME, CONSTRAINT_NAME, ORDINAL_POSITION`

/**
 * Introspects the current MySQL/MariaDB database (`DATABASE()`): tables and views, columns,
 * primary keys, foreign keys and `information_schema.TABLES.TABLE_ROWS` estimates.
 */
export async function introspectMysql(
  query: IntrospectionQuery,
  options: IntrospectTablesOptions = {},
): Promise<IntrospectedTable[]> {
  const wanted = options.tables ? new Set(options.tables) : undefined
  const keep = (table: string): boolean => !wanted || wanted.has(table)
  // Narrow in SQL when tables are named: engine.check introspects before every run, and a
  // host's database may hold thousands of tables.
  const filtered = (sql: string): [string, unknown[]] => {
    if (!options.tables) return [sql, []]
    if (options.tables.length === 0) return [sql.replace('WHERE', 'WHERE 1 = 0 AND'), []]
    const marks = options.tables.map(() => '?').join(', ')
    return [
      sql.replace(/\nORDER BY/, ` AND TABLE_NAME IN (${marks})\nORDER BY`),
      [...options.tables],
    ]
  }
  const tableRows = await query(...filtered(MYSQL_TABLES_SQL))
  const columnRows = await query(...filtered(MYSQL_COLUMNS_SQL))
  const keyRows = await query(...filtered(MYSQL_FOREIGN_KEYS_SQL))
  const columns = new Map<string, IntrospectedColumn[]>()
  for (const row of columnRows) {
    const table = textOf(row.table_name)
    if (!keep(table)) continue
    const list = columns.get(table) ?? []
    const dataType = textOf(row.data_type)
    const columnType = textOf(row.column_type)
    list.push({
      name: textOf(row.name),
      dataType: columnType || dataType,
      type: mapMysqlType(dataType, columnType),
      nullable: booleanOf(row.nullable),
      primaryKey: textOf(row.column_key) === 'PRI',
    })
    columns.set(table, list)
  }
  const foreignKeys = groupForeignKeys(
    keyRows
      .map((row) => ({
        table: textOf(row.table_name),
        constraint: textOf(row.constraint_name),
        column: textOf(row.column_name),
        referencedTable: textOf(row.referenced_table),
        referencedColumn: textOf(row.referenced_column),
      }))
      .filter((row) => keep(row.table)),
  )
  return tableRows
    .map((row): IntrospectedTable => {
      const name = textOf(row.name)
      const isView = /view/i.test(textOf(row.kind))
      const estimate =
        row.estimate === null || row.estimate === undefined ? Number.NaN : Number(row.estimate)
      return {
        name,
        kind: isView ? 'view' : 'table',
        columns: columns.get(name) ?? [],
        foreignKeys: foreignKeys.get(name) ?? [],
        estimatedRows: isView || !Number.isFinite(estimate) || estimate < 0 ? undefined : estimate,
      }
    })
    .filter((table) => keep(table.name))
}
