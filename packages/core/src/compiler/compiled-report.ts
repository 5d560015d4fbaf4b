import type { ReportPlan } from '../plan/plan-node'
import type { OutputColumn } from '../source/output-column'
import type { DialectName } from './sql-dialect'

/** Which result of a {@link ReportPlan} a query yields: the report's rows or its grand-total row. */
export type PlanPart = 'rows' | 'totals'

/** SQL text and its bound parameters, with the plan they were compiled from. */
export interface CompiledQuery {
  readonly sql: string
  readonly parameters: readonly unknown[]
  /**
   * The dialect-free plan the SQL was compiled from, for sources that evaluate plans instead of
   * running SQL (`restSource`). The report and its `totals` carry the same plan; `part` tells them
   * apart, so `{ ...compiled, ...compiled.totals }` is the totals query.
   */
  readonly plan?: ReportPlan
  /** Which result of `plan` this query yields. Set together with `plan`. */
  readonly part?: PlanPart
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
