import * as z from 'zod'
import { FieldPathSchema } from './field'
import type { FieldPath } from './field'

export const OUTPUT_FORMATS = ['pdf', 'xlsx', 'csv', 'pptx', 'html', 'json'] as const
/** A file format a renderer produces. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number]

export const REPORT_TEMPLATES = ['business_standard', 'executive', 'minimal'] as const
export type ReportTemplate = (typeof REPORT_TEMPLATES)[number]

export const CHART_TYPES = ['bar', 'line', 'pie'] as const
export type ChartType = (typeof CHART_TYPES)[number]

export const OutputSpecSchema = z.strictObject({
  format: z.enum(OUTPUT_FORMATS).default('csv'),
  template: z.enum(REPORT_TEMPLATES).default('business_standard'),
  layout: z.enum(['table', 'summary', 'chart']).default('table'),
  includeCharts: z.boolean().default(false),
  chart: z
    .strictObject({
      type: z.enum(CHART_TYPES),
      x: FieldPathSchema,
      y: z.array(FieldPathSchema).min(1).max(10),
    })
    .optional(),
})

/** How the report is rendered. */
export interface OutputSpec {
  readonly format: OutputFormat
  readonly template: ReportTemplate
  readonly layout: 'table' | 'summary' | 'chart'
  readonly includeCharts: boolean
  /** `x` and `y` name output columns by their key (see `OutputColumn.key`) or field path. */
  readonly chart?: {
    readonly type: ChartType
    readonly x: FieldPath
    readonly y: readonly FieldPath[]
  }
}
