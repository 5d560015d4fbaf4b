import * as z from 'zod'
import { FieldPathSchema } from './field'
import type { FieldPath } from './field'

/** Units for relative date filters. */
export const RELATIVE_DATE_UNITS = ['day', 'week', 'month', 'quarter', 'year'] as const
export type RelativeDateUnit = (typeof RELATIVE_DATE_UNITS)[number]

/** A literal a filter compares against. Numbers may be given as decimal strings to stay exact. */
export type FilterScalar = string | number | boolean

const scalar = z.union([z.string().max(1000), z.number().finite(), z.boolean()])
const list = z.array(scalar).min(1).max(10_000)

const condition = <TOperator extends string, TValue extends z.ZodType>(
  operator: TOperator,
  value: TValue,
) => z.strictObject({ field: FieldPathSchema, operator: z.literal(operator), value })

const noValue = <TOperator extends string>(operator: TOperator) =>
  z.strictObject({ field: FieldPathSchema, operator: z.literal(operator) })

export const FilterConditionSchema = z.discriminatedUnion('operator', [
  condition('equals', scalar),
  condition('not_equals', scalar),
  condition('greater_than', scalar),
  condition('greater_or_equal', scalar),
  condition('less_than', scalar),
  condition('less_or_equal', scalar),
  condition('between', z.tuple([scalar, scalar])),
  condition('in', list),
  condition('not_in', list),
  condition('contains', z.string().min(1).max(1000)),
  condition('starts_with', z.string().min(1).max(1000)),
  condition('ends_with', z.string().min(1).max(1000)),
  noValue('is_null'),
  noValue('is_not_null'),
  condition(
    'in_last',
    z.strictObject({
      amount: z.number().int().min(1).max(10_000),
      unit: z.enum(RELATIVE_DATE_UNITS),
    }),
  ),
  condition('this', z.strictObject({ unit: z.enum(RELATIVE_DATE_UNITS) })),
  condition('previous', z.strictObject({ unit: z.enum(RELATIVE_DATE_UNITS) })),
])

export const FilterNodeSchema = z.union([
  FilterConditionSchema,
  z.strictObject({ anyOf: z.array(FilterConditionSchema).min(1).max(50) }),
])

/** Every filter operator. */
export type FilterOperator = FilterCondition['operator']

/** One condition on one field. */
export type FilterCondition =
  | {
      readonly field: FieldPath
      readonly operator:
        | 'equals'
        | 'not_equals'
        | 'greater_than'
        | 'greater_or_equal'
        | 'less_than'
        | 'less_or_equal'
      readonly value: FilterScalar
    }
  | {
      readonly field: FieldPath
      readonly operator: 'between'
      readonly value: readonly [FilterScalar, FilterScalar]
    }
  | {
      readonly field: FieldPath
      readonly operator: 'in' | 'not_in'
      readonly value: readonly FilterScalar[]
    }
  | {
      readonly field: FieldPath
      readonly operator: 'contains' | 'starts_with' | 'ends_with'
      readonly value: string
    }
  | { readonly field: FieldPath; readonly operator: 'is_null' | 'is_not_null' }
  | {
      readonly field: FieldPath
      readonly operator: 'in_last'
      readonly value: { readonly amount: number; readonly unit: RelativeDateUnit }
    }
  | {
      readonly field: FieldPath
      readonly operator: 'this' | 'previous'
      readonly value: { readonly unit: RelativeDateUnit }
    }

/** Filters combine with AND; an `anyOf` group is one OR of conditions. */
export type FilterNode = FilterCondition | { readonly anyOf: readonly FilterCondition[] }
