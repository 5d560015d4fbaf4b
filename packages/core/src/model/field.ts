import * as z from 'zod'

/** Aggregations a field may carry. */
export const AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'count', 'count_distinct'] as const
export type Aggregation = (typeof AGGREGATIONS)[number]

/** Date buckets; weeks start on Monday, all evaluated in the context's time zone. */
export const DATE_BUCKETS = ['day', 'week', 'month', 'quarter', 'year'] as const
export type DateBucket = (typeof DATE_BUCKETS)[number]

/** A dotted path through many-to-one joins: `amount`, `customer.segment`, `customer.region.name`. */
export type FieldPath = string

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/** Field paths are plain identifiers joined by dots, at most four hops deep. */
export const FieldPathSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (path) => {
      const parts = path.split('.')
      return parts.length <= 5 && parts.every((part) => IDENTIFIER.test(part))
    },
    {
      message:
        'A field path is identifiers (letters, digits, _) joined by dots, at most 4 joins deep',
    },
  )

export const FieldSpecSchema = z.strictObject({
  field: FieldPathSchema,
  label: z.string().min(1).max(200).optional(),
  aggregation: z.enum(AGGREGATIONS).optional(),
  bucket: z.enum(DATE_BUCKETS).optional(),
  format: z.string().min(1).max(100).optional(),
})

/** One output column of a report. Non-aggregated fields form the GROUP BY when any field aggregates. */
export interface FieldSpec {
  readonly field: FieldPath
  readonly label?: string
  readonly aggregation?: Aggregation
  readonly bucket?: DateBucket
  /** A display format such as `$#,##0.00`, `0.0%` or `MM/DD/YYYY`; renderers honour it. */
  readonly format?: string
}
