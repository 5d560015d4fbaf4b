import type { Writable } from 'node:stream'
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

/** How a database-written CSV must look: what `csvRenderer` would write for the same rows. */
export interface CsvCopyLayout {
  /** One ASCII character other than a quote, backslash, CR or LF. */
  readonly delimiter: string
  readonly recordDelimiter: '\r\n' | '\n'
  /** Prefix text cells starting with `=`, `+`, `-`, `@`, tab or CR with `'`. */
  readonly neutralizeFormulas: boolean
}

/** Options of {@link Source.copyCsv}. */
export interface SourceCopyCsvOptions extends CsvCopyLayout {
  /** Cancels the COPY on the server; the promise rejects with `CANCELLED`. */
  readonly signal?: AbortSignal
  /** Server-side statement timeout; exceeded → `LIMIT_EXCEEDED`. */
  readonly statementTimeoutMs?: number
  /**
   * Called as batches of CSV are written, with the records written so far. The count is of
   * record ends seen in the stream, so a quoted line break inside a value counts too; the exact
   * count is {@link CopyCsvResult.rows}.
   */
  readonly onProgress?: (records: number) => void
}

/** What {@link Source.copyCsv} wrote. */
export interface CopyCsvResult {
  /** Rows the database reported for the COPY. */
  readonly rows: number
  readonly bytes: number
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
  /**
   * Whether {@link Source.copyCsv} can write this compiled report (its driver support is
   * installed, the report has no subtotals…). Default is `false` (no `copyCsv`).
   */
  canCopyCsv?(query: CompiledReport): Promise<boolean>
  /**
   * Optional fast path for CSV: the database writes the rows' CSV itself (PostgreSQL `COPY … TO
   * STDOUT`) into `out`, with no header, leaving `out` open. Values stay bound. The engine calls
   * it only when `canCopyCsv(query)` is true and the CSV renderer offers a layout.
   */
  copyCsv?(
    query: CompiledReport,
    out: Writable,
    options: SourceCopyCsvOptions,
  ): Promise<CopyCsvResult>
  /** Reads the live schema: tables (or only `tables`), columns, keys, row estimates. */
  introspect(options?: {
    readonly tables?: readonly string[]
  }): Promise<readonly IntrospectedTable[]>
  /** Closes what the source opened itself. A pool the host passed in stays open. */
  destroy(): Promise<void>
}
