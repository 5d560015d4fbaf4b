/**
 * Names of the `{{variables}}` a delivery template may use, in the order the wizard offers them.
 * Kept in step with `TEMPLATE_VARIABLES` of `@reportwright/core`, which lives beside Node-only
 * code; the browser bundle must not import it.
 */
export const TEMPLATE_VARIABLE_NAMES = [
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

/** Inserts `{{name}}` at the caret (or over the selection) of `text`. */
export function insertVariable(
  text: string,
  name: string,
  selection: { readonly start: number; readonly end: number } | undefined,
): { readonly text: string; readonly caret: number } {
  const token = `{{${name}}}`
  const start = Math.min(selection?.start ?? text.length, text.length)
  const end = Math.min(Math.max(selection?.end ?? start, start), text.length)
  return { text: text.slice(0, start) + token + text.slice(end), caret: start + token.length }
}
