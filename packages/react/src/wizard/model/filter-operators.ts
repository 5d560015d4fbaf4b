import type { ColumnType, FilterOperator } from '@reportwright/core/model'
import type { WizardCondition } from './wizard-types'

/** The kind of value input a field type gets. */
export type ValueKind = 'text' | 'number' | 'date' | 'datetime' | 'boolean'

/** Which input a column type is edited with. */
export function valueKindOf(type: ColumnType): ValueKind {
  switch (type) {
    case 'number':
    case 'integer':
    case 'currency':
    case 'percent':
      return 'number'
    case 'date':
      return 'date'
    case 'datetime':
      return 'datetime'
    case 'boolean':
      return 'boolean'
    default:
      return 'text'
  }
}

const COMPARISONS = [
  'equals',
  'not_equals',
  'greater_than',
  'greater_or_equal',
  'less_than',
  'less_or_equal',
  'between',
] as const satisfies readonly FilterOperator[]
const NULLS = ['is_null', 'is_not_null'] as const satisfies readonly FilterOperator[]

/** Operators offered per kind of field, most used first. */
export const OPERATORS_BY_KIND: Readonly<Record<ValueKind, readonly FilterOperator[]>> = {
  text: ['equals', 'not_equals', 'contains', 'starts_with', 'ends_with', 'in', 'not_in', ...NULLS],
  number: [...COMPARISONS, 'in', 'not_in', ...NULLS],
  date: ['in_last', 'this', 'previous', ...COMPARISONS, ...NULLS],
  datetime: ['in_last', 'this', 'previous', ...COMPARISONS, ...NULLS],
  boolean: ['equals', ...NULLS],
}

/** Operators whose value is a relative date range. */
export const RELATIVE_OPERATORS: ReadonlySet<FilterOperator> = new Set([
  'in_last',
  'this',
  'previous',
])

/** A new condition for `field` with `operator`, carrying an empty value of the right shape. */
export function conditionWith(
  field: string,
  operator: FilterOperator,
  kind: ValueKind,
): WizardCondition {
  switch (operator) {
    case 'is_null':
    case 'is_not_null':
      return { field, operator }
    case 'between':
      return { field, operator, value: ['', ''] }
    case 'in':
    case 'not_in':
      return { field, operator, value: [] }
    case 'in_last':
      return { field, operator, value: { amount: 7, unit: 'day' } }
    case 'this':
    case 'previous':
      return { field, operator, value: { unit: 'week' } }
    case 'contains':
    case 'starts_with':
    case 'ends_with':
      return { field, operator, value: '' }
    default:
      return { field, operator, value: kind === 'boolean' ? true : '' }
  }
}

/** The first operator offered for a kind of field. */
export function defaultOperator(kind: ValueKind): FilterOperator {
  return OPERATORS_BY_KIND[kind][0] ?? 'equals'
}

/**
 * Reads what a person typed into a typed value: numbers become numbers when they parse (the
 * text stays, so validation can point at it), everything else stays text.
 */
export function parseTypedValue(text: string, kind: ValueKind): string | number | boolean {
  if (kind === 'boolean') return text === 'true'
  if (kind === 'number') {
    const trimmed = text.trim()
    if (trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed)
  }
  return text
}
