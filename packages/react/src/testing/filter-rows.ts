import { ReportwrightError } from '@reportwright/core/model'
import type { FilterCondition, FilterNode, FilterScalar } from '@reportwright/core/model'
import type { ResolvedSampleField } from './sample-fields'
import type { SampleRow, SampleValue } from './sample-rows'
import { relativeRange } from './utc-dates'

const NUMERIC = new Set(['number', 'integer', 'currency', 'percent'])
const TEMPORAL = new Set(['date', 'datetime'])

/** A row test built from the definition's filters (AND of nodes; `anyOf` is an OR). */
export type RowPredicate = (row: SampleRow) => boolean

function comparable(
  field: ResolvedSampleField,
  value: SampleValue | FilterScalar,
): number | string {
  const type = field.column.type
  if (NUMERIC.has(type)) return Number(value)
  if (TEMPORAL.has(type)) return new Date(String(value)).getTime()
  return String(value)
}

function compare(
  field: ResolvedSampleField,
  left: SampleValue,
  right: FilterScalar,
): number | undefined {
  if (left === null) return undefined
  const a = comparable(field, left)
  const b = comparable(field, right)
  if (typeof a === 'number' && typeof b === 'number') {
    if (Number.isNaN(b)) return undefined
    return a - b
  }
  return String(a).localeCompare(String(b))
}

function conditionPredicate(
  condition: FilterCondition,
  field: ResolvedSampleField,
  now: Date,
): RowPredicate {
  const read = field.read
  const type = field.column.type
  const text = (row: SampleRow) => String(read(row) ?? '').toLocaleLowerCase()
  const equal = (left: SampleValue, right: FilterScalar) =>
    type === 'boolean'
      ? left === (right === true || right === 'true')
      : compare(field, left, right) === 0
  switch (condition.operator) {
    case 'equals':
      return (row) => equal(read(row), condition.value)
    case 'not_equals':
      return (row) => read(row) !== null && !equal(read(row), condition.value)
    case 'greater_than':
      return (row) => (compare(field, read(row), condition.value) ?? -1) > 0
    case 'greater_or_equal':
      return (row) => (compare(field, read(row), condition.value) ?? -1) >= 0
    case 'less_than':
      return (row) => (compare(field, read(row), condition.value) ?? 1) < 0
    case 'less_or_equal':
      return (row) => (compare(field, read(row), condition.value) ?? 1) <= 0
    case 'between': {
      const [low, high] = condition.value
      return (row) =>
        (compare(field, read(row), low) ?? -1) >= 0 && (compare(field, read(row), high) ?? 1) <= 0
    }
    case 'in':
      return (row) => condition.value.some((value) => equal(read(row), value))
    case 'not_in':
      return (row) =>
        read(row) !== null && !condition.value.some((value) => equal(read(row), value))
    case 'contains':
      return (row) => text(row).includes(condition.value.toLocaleLowerCase())
    case 'starts_with':
      return (row) => text(row).startsWith(condition.value.toLocaleLowerCase())
    case 'ends_with':
      return (row) => text(row).endsWith(condition.value.toLocaleLowerCase())
    case 'is_null':
      return (row) => read(row) === null
    case 'is_not_null':
      return (row) => read(row) !== null
    case 'in_last':
    case 'this':
    case 'previous': {
      if (!TEMPORAL.has(type))
        throw new ReportwrightError({
          code: 'INVALID_DEFINITION',
          message: `${condition.operator} applies to dates and datetimes only`,
        })
      const { start, end } = relativeRange(condition.operator, condition.value, now)
      return (row) => {
        const value = read(row)
        if (value === null) return false
        const time = new Date(String(value)).getTime()
        return time >= start.getTime() && time < end.getTime()
      }
    }
  }
}

/** Builds one predicate from all filter nodes; `resolve` throws for unknown fields. */
export function filterPredicate(
  filters: readonly FilterNode[],
  resolve: (path: string) => ResolvedSampleField,
  now: Date,
): RowPredicate {
  const tests = filters.map((node): RowPredicate => {
    if ('anyOf' in node) {
      const options = node.anyOf.map((condition) =>
        conditionPredicate(condition, resolve(condition.field), now),
      )
      return (row) => options.some((test) => test(row))
    }
    return conditionPredicate(node, resolve(node.field), now)
  })
  return (row) => tests.every((test) => test(row))
}
