/** The variables every delivery template may use, in the order the wizard lists them. */
export const TEMPLATE_VARIABLES = [
  'report_name',
  'report_description',
  'run_id',
  'run_date',
  'run_time',
  'period_start',
  'period_end',
  'week_ending',
  'month',
  'row_count',
  'format',
  'download_url',
] as const

/** A variable name a delivery template may use. */
export type TemplateVariableName = (typeof TEMPLATE_VARIABLES)[number]
