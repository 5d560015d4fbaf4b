import type { ColumnType } from '../catalog/column-type'
import type { IntrospectedColumn, IntrospectedForeignKey, IntrospectedTable } from './source'

/** Runs one introspection query with bound parameters and returns its rows as objects. */
export type IntrospectionQuery = (
  sql: string,
  parameters: readonly unknown[],
) => Promise<readonly Readonly<Record<string, unknown>>[]>

/** Options every `introspect*` function takes. */
export interface IntrospectTablesOptions {
  /** Only these tables (as `IntrospectedTable.name` spells them). Defaults to every table and view. */
  readonly tables?: readonly string[]
}

const INTEGER_TYPES = new Set([
  'int2',
  'int4',
  'int8',
  'smallint',
  'integer',
  'bigint',
  'serial',
  'bigserial',
  'smallserial',
])
const NUMBER_TYPES = new Set(['numeric', 'decimal', 'float4', 'float8', 'real', 'double precision'])
const STRING_TYPES = new Set([
  'text',
  'varchar',
  'bpchar',
  'char',
  'name',
  'uuid',
  'citext',
  'character varying',
  'character',
])

/** Maps a PostgreSQL type name (`pg_type.typname`) to a column type; undefined when reports cannot use it. */
export function mapPostgresType(typeName: string, typeKind = 'b'): ColumnType | undefined {
  if (typeKind === 'e') return 'string'
  const name = typeName.toLowerCase()
  if (INTEGER_TYPES.has(name)) return 'integer'
  if (NUMBER_TYPES.has(name)) return 'number'
  if (name === 'date') return 'date'
  if (name === 'timestamp' || name === 'timestamptz') return 'datetime'
  if (name === 'bool' || name === 'boolean') return 'boolean'
  if (STRING_TYPES.has(name)) return 'string'
  return undefined
}

// The name a dataset's `table` uses: bare inside `public`, schema-qualified elsewhere.
const QUALIFIED = `CASE WHEN n.nspname = 'public' THEN c.relname ELSE n.nspname || '.' || c.relname END`
const USER_RELATION = `
  c.relkind IN ('r', 'p', 'v', 'm', 'f')
  AND NOT c.relispartition
  AND n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
  AND n.nspname NOT LIKE 'pg\\_temp\\_%' AND n.nspname NOT LIKE 'pg\\_toast\\_temp\\_%'
  AND ($1::text IS NULL OR ${QUALIFIED} IN (SELECT json_array_elements_text($1::json)))`

/** Tables and views with their row estimate (`reltuples`, -1 when never analysed). */
export const POSTGRES_TABLES_SQL = `
SELECT ${QUALIFIED} AS name, c.relkind AS kind, c.reltuples::float8 AS estimate
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${USER_RELATION}
ORDER BY n.nspname, c.relname`

/** Columns with their declared type, base type (through domains), nullability and primary-key membership. */
export const POSTGRES_COLUMNS_SQL = `
SELECT ${QUALIFIED} AS table_name, a.attname AS name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) AS data_type,
  COALESCE(bt.typname, t.typname) AS type_name, COALESCE(bt.typtype, t.typtype)::text AS type_kind,
  NOT a.attnotnull AS nullable,
  EXISTS (
    SELECT 1 FROM pg_catalog.pg_index i
    WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)
  ) AS primary_key
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_catalog.pg_type bt ON t.typtype = 'd' AND bt.oid = t.typbasetype
WHERE a.attnum > 0 AND NOT a.attisdropped AND ${USER_RELATION}
ORDER BY n.nspname, c.relname, a.attnum`

/** Foreign keys, one row per column pair, in key order. */
export const POSTGRES_FOREIGN_KEYS_SQL = `
SELECT ${QUALIFIED} AS table_name, con.conname AS constraint_name, k.ord AS position,
  a.attname AS column_name,
  CASE WHEN rn.nspname = 'public' THEN rc.relname ELSE rn.nspname || '.' || rc.relname END AS referenced_table,
  ra.attname AS referenced_column
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, refattnum, ord)
JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum
JOIN pg_catalog.pg_attribute ra ON ra.attrelid = con.confrelid AND ra.attnum = k.refattnum
WHERE con.contype = 'f' AND ${USER_RELATION}
ORDER BY n.nspname, c.relname, con.conname, k.ord`

/** Reads a text-ish value a driver returned (string, Buffer, number). */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || value === undefined) return ''
  if (Buffer.isBuffer(value)) return value.toString('utf8')
  return String(value)
}

/** Reads a boolean a driver returned (`true`, `'t'`, `1`, `'YES'`). */
export function booleanOf(value: unknown): boolean {
  if (typeof value === 'boolean') return value
  if (typeof value === 'number' || typeof value === 'bigint') return Number(value) !== 0
  return ['t', 'true', '1', 'yes', 'y'].includes(textOf(value).toLowerCase())
}

/** Groups foreign-key rows (one per column pair, in order) by table. */
export function groupForeignKeys(
  rows: readonly {
    table: string
    constraint: string
    column: string
    referencedTable: string
    referencedColumn: string
  }[],
): Map<string, IntrospectedForeignKey[]> {
  const byConstraint = new Map<
    string,
    {
      table: string
      key: { columns: string[]; referencedTable: string; referencedColumns: string[] }
    }
  >()
  for (const row of rows) {
    const id = `${row.table}\u0000${row.constraint}`
    let entry = byConstraint.get(id)
    if (!entry) {
      entry = {
        table: row.table,
        key: { columns: [], referencedTable: row.referencedTable, referencedColumns: [] },
      }
      byConstraint.set(id, entry)
    }
    entry.key.columns.push(row.column)
    entry.key.referencedColumns.push(row.referencedColumn)
  }
  const byTable = new Map<string, IntrospectedForeignKey[]>()
  for (const { table, key } of byConstraint.values()) {
    const list = byTable.get(table) ?? []
    list.push(key)
    byTable.set(table, list)
  }
  return byTable
}

/**
 * Introspects a PostgreSQL (or PGlite) database: tables, views and materialized views of every
 * non-system schema (named `schema.table` outside `public`), with columns, primary keys,
 * foreign keys and `reltuples` row estimates (undefined when never analysed).
 */
export async function introspectPostgres(
  query: IntrospectionQuery,
  options: IntrospectTablesOptions = {},
): Promise<IntrospectedTable[]> {
  const filter = options.tables ? JSON.stringify(options.tables) : null
  const [tableRows, columnRows, keyRows] = [
    await query(POSTGRES_TABLES_SQL, [filter]),
    await query(POSTGRES_COLUMNS_SQL, [filter]),
    await query(POSTGRES_FOREIGN_KEYS_SQL, [filter]),
  ]
  const columns = new Map<string, IntrospectedColumn[]>()
  for (const row of columnRows) {
    const table = textOf(row.table_name)
    const list = columns.get(table) ?? []
    list.push({
      name: textOf(row.name),
      dataType: textOf(row.data_type),
      type: mapPostgresType(textOf(row.type_name), textOf(row.type_kind)),
      nullable: booleanOf(row.nullable),
      primaryKey: booleanOf(row.primary_key),
    })
    columns.set(table, list)
  }
  const foreignKeys = groupForeignKeys(
    keyRows.map((row) => ({
      table: textOf(row.table_name),
      constraint: textOf(row.constraint_name),
      column: textOf(row.column_name),
      referencedTable: textOf(row.referenced_table),
      referencedColumn: textOf(row.referenced_column),
    })),
  )
  return tableRows.map((row) => {
    const name = textOf(row.name)
    const relkind = textOf(row.kind)
    const estimate = Number(row.estimate)
    const isView = relkind === 'v' || relkind === 'm'
    return {
      name,
      kind: isView ? 'view' : 'table',
      columns: columns.get(name) ?? [],
      foreignKeys: foreignKeys.get(name) ?? [],
      estimatedRows:
        relkind === 'v' || !Number.isFinite(estimate) || estimate < 0
          ? undefined
          : Math.round(estimate),
    }
  })
}
