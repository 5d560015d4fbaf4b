import type { OutputColumn } from '../source/output-column'
import type { DialectName } from './sql-dialect'

/** SQL text and its bound parameters. */
export interface CompiledQuery {
  readonly sql: string
  readonly parameters: readonly unknown[]
}

/** What `compileReport` produces: parameterised SQL plus the columns it yields, in order. */
export interface CompiledReport extends CompiledQuery {
  readonly dialect: DialectName
  /** Catalog key of the source to run it on. */
  readonly source: string
  readonly columns: readonly OutputColumn[]
  /**
   * True when the SQL yields one extra, last column: the subtotal level of the row
   * (0 for detail rows, n for a subtotal keeping n group fields).
   */
  readonly hasLevelColumn: boolean
  /** The grand-total query (one row, same columns), when the report asks for totals. */
  readonly totals?: CompiledQuery
}
