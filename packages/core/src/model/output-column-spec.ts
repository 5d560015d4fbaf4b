import type { ColumnType } from '../catalog/column-type'
import type { Aggregation, DateBucket, FieldSpec } from './field'

const AGGREGATION_LABELS: Record<Aggregation, string> = {
  sum: 'sum',
  avg: 'average',
  min: 'min',
  max: 'max',
  count: 'count',
  count_distinct: 'distinct count',
}

/** How a report field appears in the output: its row key, header label, type and format. */
export interface OutputColumnSpec {
  readonly key: string
  readonly label: string
  readonly type: ColumnType
  readonly format?: string
}

/** The type of a field's values once aggregated or bucketed. */
export function outputColumnType(
  type: ColumnType,
  aggregation: Aggregation | undefined,
  bucket: DateBucket | undefined,
): ColumnType {
  if (bucket) return 'date'
  if (aggregation === 'count' || aggregation === 'count_distinct') return 'integer'
  if (aggregation === 'avg' && type === 'integer') return 'number'
  return type
}

/**
 * Names a report field's output column the way every source does (`sum_amount`,
 * `customer_region_name`, `_2` for repeats) and labels it (`Amount (sum)`). `usedKeys` collects
 * the keys taken so far in the report. Browser-safe, so stand-ins for the server name columns
 * the same way.
 */
export function outputColumnSpec(
  field: FieldSpec,
  column: { readonly label: string; readonly type: ColumnType; readonly format?: string },
  usedKeys: Set<string>,
): OutputColumnSpec {
  const { aggregation, bucket } = field
  const baseKey = `${aggregation ? `${aggregation}_` : ''}${field.field.replace(/\./g, '_')}${bucket ? `_${bucket}` : ''}`
  let key = baseKey
  for (let n = 2; usedKeys.has(key); n++) key = `${baseKey}_${n}`
  usedKeys.add(key)
  const label =
    field.label ??
    (aggregation
      ? `${column.label} (${AGGREGATION_LABELS[aggregation]})`
      : bucket
        ? `${column.label} (${bucket})`
        : column.label)
  const format =
    field.format ??
    (aggregation === 'count' || aggregation === 'count_distinct' || bucket
      ? undefined
      : column.format)
  return {
    key,
    label,
    type: outputColumnType(column.type, aggregation, bucket),
    ...(format !== undefined ? { format } : {}),
  }
}
