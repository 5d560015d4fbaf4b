import type { ColumnType } from '../catalog/column-type'
import type { Aggregation, DateBucket, FieldPath } from '../model/field'

/** One column of a report's result, in output order. */
export interface OutputColumn {
  /** Stable key of the value in each row, e.g. `region_name`, `sum_amount`, `order_date_month`. */
  readonly key: string
  /** Human label: the field's label, or the catalog label with the aggregation. */
  readonly label: string
  readonly type: ColumnType
  readonly format?: string
  readonly field: FieldPath
  readonly aggregation?: Aggregation
  readonly bucket?: DateBucket
  /** True for a non-aggregated field that forms the GROUP BY. */
  readonly groupBy: boolean
}
