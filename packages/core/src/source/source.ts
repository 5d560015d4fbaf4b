import type { ColumnType } from '../catalog/column-type'
import type { SqlDialect } from '../compiler/sql-dialect'
import type { CompiledReport } from '../compiler/compiled-report'
import type { Row } from './row'

/** Options of {@link Source.stream}. */
export interface SourceStreamOptions {
  /** Cancels the query on the server and ends the stream with `CANCELLED`. */
  readonly signal?: AbortSignal
  /** Rows fetched per round trip. Defaults to 1000. */
  readonly batchSize?: number
  /** Server-side statement timeout; exceeded → `LIMIT_EXCEEDED`. */
  readonly statementTimeoutMs?: number
}

/** A column of a live table, as a source introspects it. */
export interface IntrospectedColumn {
  readonly name: string
  /** The engine's own type name, e.g. `numeric(12,2)`, `varchar(80)`. */
  readonly dataType: string
  /** The Reportwright type it maps to, or undefined for types reports cannot use (bytea, json…). */
  readonly type: ColumnType | undefined
  readonly nullable: boolean
  readonly primaryKey: boolean
}

/** A foreign key of a live table. */
export interface IntrospectedForeignKey {
  readonly columns: readonly string[]
  readonly referencedTable: string
  readonly referencedColumns: readonly string[]
}

/** A live table or view. */
export interface IntrospectedTable {
  /** Name as a dataset's `table` would spell it (schema-qualified outside the default schema). */
  readonly name: string
  readonly kind: 'table' | 'view'
  readonly columns: readonly IntrospectedColumn[]
  readonly foreignKeys: readonly IntrospectedForeignKey[]
  /** The engine's estimate; undefined when it keeps none. */
  readonly estimatedRows: number | undefined
}

/**
 * A database a catalog reads from. Implementations stream rows with backpressure and turn
 * driver errors into `QUERY_FAILED` / `SOURCE_UNAVAILABLE` without credentials.
 */
export interface Source {
  /** The kind of source, e.g. `postgres`. */
  readonly kind: string
  readonly dialect: SqlDialect
  /** Streams the rows of a compiled report, decoded by its output columns. */
  stream(query: CompiledReport, options?: SourceStreamOptions): AsyncIterable<Row>
  /** Reads the live schema: tables (or only `tables`), columns, keys, row estimates. */
  introspect(options?: {
    readonly tables?: readonly string[]
  }): Promise<readonly IntrospectedTable[]>
  /** Closes what the source opened itself. A pool the host passed in stays open. */
  destroy(): Promise<void>
}
