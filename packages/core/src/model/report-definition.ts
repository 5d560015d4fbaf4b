import * as z from 'zod'
import { ReportwrightError } from '../errors/reportwright-error'
import type { ReportwrightIssue } from '../errors/reportwright-error'
import { AGGREGATIONS, DATE_BUCKETS, FieldPathSchema, FieldSpecSchema } from './field'
import type { Aggregation, DateBucket, FieldPath, FieldSpec } from './field'
import { FilterNodeSchema } from './filter'
import type { FilterNode } from './filter'
import { OutputSpecSchema } from './output'
import type { OutputSpec } from './output'
import { ScheduleSpecSchema } from './schedule'
import type { ScheduleSpec } from './schedule'
import { DeliverySpecSchema } from './delivery'
import type { DeliverySpec } from './delivery'

export const SortSpecSchema = z.strictObject({
  field: FieldPathSchema,
  aggregation: z.enum(AGGREGATIONS).optional(),
  bucket: z.enum(DATE_BUCKETS).optional(),
  direction: z.enum(['asc', 'desc']).default('asc'),
})

/**
 * A sort key. When the report aggregates, it must name a selected field (with the same
 * aggregation and bucket); otherwise any visible field of the dataset.
 */
export interface SortSpec {
  readonly field: FieldPath
  readonly aggregation?: Aggregation
  readonly bucket?: DateBucket
  readonly direction: 'asc' | 'desc'
}

/** Hard ceiling of the schema; engines usually set a lower `limits.maxRows`. */
export const MAX_REPORT_LIMIT = 10_000_000

export const ReportDefinitionSchema = z.strictObject({
  version: z.literal(1),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).optional(),
  dataset: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'A dataset id is an identifier'),
  fields: z.array(FieldSpecSchema).min(1).max(200),
  filters: z.array(FilterNodeSchema).max(200).default([]),
  sort: z.array(SortSpecSchema).max(50).default([]),
  limit: z.number().int().min(1).max(MAX_REPORT_LIMIT).optional(),
  totals: z.boolean().default(false),
  subtotals: z.boolean().default(false),
  output: OutputSpecSchema.default({
    format: 'csv',
    template: 'business_standard',
    layout: 'table',
    includeCharts: false,
  }),
  schedule: ScheduleSpecSchema.optional(),
  delivery: DeliverySpecSchema.optional(),
})

/**
 * A report as end users define it: untrusted JSON, validated by {@link parseReportDefinition}
 * and then checked against the catalog by the compiler.
 */
export interface ReportDefinition {
  readonly version: 1
  readonly name: string
  readonly description?: string
  /** A dataset id of the catalog. */
  readonly dataset: string
  readonly fields: readonly FieldSpec[]
  readonly filters: readonly FilterNode[]
  readonly sort: readonly SortSpec[]
  readonly limit?: number
  /** Adds a grand-total row, computed by the database. */
  readonly totals: boolean
  /** Adds a subtotal row after each group of the leading group fields, computed by the database. */
  readonly subtotals: boolean
  readonly output: OutputSpec
  readonly schedule?: ScheduleSpec
  readonly delivery?: DeliverySpec
}

/** What callers may pass: defaults (`filters`, `sort`, `totals`, `output`, …) may be left out. */
export type ReportDefinitionInput = z.input<typeof ReportDefinitionSchema>

// Compile-time check that the schema's output and the documented type agree.
type SchemaOutput = z.output<typeof ReportDefinitionSchema>
const _schemaMatchesType: (value: SchemaOutput) => ReportDefinition = (value) => value
void _schemaMatchesType

/**
 * Validates untrusted JSON as a {@link ReportDefinition}, filling in defaults.
 *
 * @throws ReportwrightError `INVALID_DEFINITION`, whose `details.issues` lists every problem
 * with its JSON path.
 */
export function parseReportDefinition(input: unknown): ReportDefinition {
  const result = ReportDefinitionSchema.safeParse(input)
  if (result.success) return result.data
  const issues = flattenIssues(result.error.issues, [])
  const first = issues[0]
  const where = first && first.path.length > 0 ? ` at ${first.path.join('.')}` : ''
  throw new ReportwrightError({
    code: 'INVALID_DEFINITION',
    message: `Invalid report definition${where}: ${first?.message ?? 'unknown problem'}${
      issues.length > 1 ? ` (and ${issues.length - 1} more)` : ''
    }`,
    details: { issues },
  })
}

type ZodIssueLike = {
  readonly path: readonly PropertyKey[]
  readonly message: string
  readonly code?: string
  readonly errors?: readonly (readonly ZodIssueLike[])[]
}

// A failed union reports one list of issues per option; keep the option that got furthest
// (the deepest path), so users see "filters.0.value" rather than "filters.0: Invalid input".
function flattenIssues(
  issues: readonly ZodIssueLike[],
  prefix: readonly (string | number)[],
): ReportwrightIssue[] {
  return issues.flatMap((issue) => {
    const path = [
      ...prefix,
      ...issue.path.map((part) => (typeof part === 'symbol' ? String(part) : part)),
    ]
    if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
      const depth = (option: readonly ZodIssueLike[]): number =>
        Math.max(0, ...option.map((inner) => inner.path.length))
      const best = [...issue.errors].sort((a, b) => depth(b) - depth(a))[0]
      if (best && best.length > 0) return flattenIssues(best, path)
    }
    return [{ path, message: issue.message }]
  })
}
