import type { RequestContext } from '../context/request-context'
import type { OutputFormat } from '../model/output'
import type { ReportDefinition } from '../model/report-definition'
import type { FilterCondition } from '../model/filter'
import { resolveRelativeDateRange } from '../plan/relative-date-range'
import { formatIsoDate, zonedParts } from '../util/time-zone'

/** Values a template may reference; `undefined` renders as an empty string. */
export type TemplateVariables = Readonly<Record<string, string | number | undefined>>

/** Options of {@link renderTemplate}. */
export interface RenderTemplateOptions {
  /** `'html'` escapes every substituted value for HTML. Defaults to `'none'`. */
  readonly escape?: 'html' | 'none'
}

// Identifiers and dotted identifiers only: no expressions, no calls, no indexing.
const PLACEHOLDER = /\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)\s*\}\}/g
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor'])

/**
 * Replaces `{{ name }}` (or `{{ dotted.name }}`) placeholders with values looked up as own keys of
 * `variables`. Unknown names and prototype names (`constructor`, `__proto__`) render as an empty
 * string; there is no logic. Text that is not a valid placeholder is left as written.
 *
 * With `escape: 'html'` only the values are escaped (mustache semantics); escape an untrusted
 * template's own text first with {@link escapeHtml}.
 *
 * @example
 * ```ts
 * renderTemplate('{{ report_name }} — {{run_date}}', { report_name: 'Sales', run_date: '2025-01-31' })
 * // 'Sales — 2025-01-31'
 * ```
 */
export function renderTemplate(
  template: string,
  variables: TemplateVariables,
  { escape = 'none' }: RenderTemplateOptions = {},
): string {
  return template.replace(PLACEHOLDER, (_match, name: string) => {
    const value = lookup(variables, name)
    const text = value === undefined ? '' : String(value)
    return escape === 'html' ? escapeHtml(text) : text
  })
}

/** Escapes `& < > " '` so text can be placed in HTML content or attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ENTITIES[char] ?? char)
}

const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

function lookup(variables: TemplateVariables, name: string): string | number | undefined {
  if (name.split('.').some((segment) => FORBIDDEN_SEGMENTS.has(segment))) return undefined
  if (!Object.hasOwn(variables, name)) return undefined
  const value: unknown = variables[name]
  return typeof value === 'string' || typeof value === 'number' ? value : undefined
}

/** What {@link reportTemplateVariables} reads from a run; a `RunRecord` fits. */
export interface TemplateRunInfo {
  readonly id: string
  readonly startedAt: Date
  readonly rowCount: number
  readonly format: OutputFormat
  /** A link to the file, when the file store can sign one. */
  readonly downloadUrl?: string
  /** The instant relative dates resolve from (a schedule's fire time). Defaults to `startedAt`. */
  readonly asOf?: Date
}

export { TEMPLATE_VARIABLES } from './template-variables'

/** Input of {@link templateDateValues}. */
export interface TemplateDateInput {
  /** When the run happened (or the occurrence it runs). */
  readonly runAt: Date
  /** IANA zone for every date. Defaults to `UTC`. */
  readonly timezone?: string
  /** Intl locale for `month`. Defaults to `en-US`. */
  readonly locale?: string
  /** The period the report covers, as local dates (end exclusive). Defaults to the run date. */
  readonly period?: { readonly startDate: string; readonly endDate: string }
}

/**
 * The date variables: `run_date` and `run_time` in the zone, `period_start` / `period_end`
 * (`YYYY-MM-DD`, end inclusive), `week_ending` (the Sunday on or after the period end) and
 * `month` (`March 2031`, of the period start).
 */
export function templateDateValues(input: TemplateDateInput): TemplateVariables {
  const timeZone = safeTimeZone(input.timezone)
  const parts = zonedParts(input.runAt, timeZone)
  const runDate = formatIsoDate(parts.year, parts.month, parts.day)
  const start = input.period?.startDate ?? runDate
  const lastDay = input.period ? shiftIsoDate(input.period.endDate, -1) : runDate
  const end = lastDay < start ? start : lastDay
  const endUtc = new Date(`${end}T00:00:00Z`)
  const weekEnding = shiftIsoDate(end, (7 - endUtc.getUTCDay()) % 7)
  return {
    run_date: runDate,
    run_time: `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`,
    period_start: start,
    period_end: end,
    week_ending: weekEnding,
    month: new Intl.DateTimeFormat(input.locale ?? 'en-US', {
      timeZone: 'UTC',
      month: 'long',
      year: 'numeric',
    }).format(new Date(`${start}T12:00:00Z`)),
  }
}

/**
 * The variables of a run's delivery templates ({@link TEMPLATE_VARIABLES}). The period is the
 * range of the report's first relative date filter ("previous month") resolved at the run's
 * `asOf`, so a late or repeated scheduled run names the same period; otherwise the run date.
 */
export function reportTemplateVariables(
  run: TemplateRunInfo,
  definition: ReportDefinition,
  context: RequestContext,
): TemplateVariables {
  const timezone = safeTimeZone(context.timezone)
  const asOf = run.asOf ?? run.startedAt
  const relative = definition.filters.find(
    (node): node is Extract<FilterCondition, { operator: 'in_last' | 'this' | 'previous' }> =>
      !('anyOf' in node) &&
      (node.operator === 'in_last' || node.operator === 'this' || node.operator === 'previous'),
  )
  const period = relative ? resolveRelativeDateRange(relative, asOf, timezone) : undefined
  return {
    report_name: definition.name,
    report_description: definition.description,
    run_id: run.id,
    ...templateDateValues({
      runAt: asOf,
      timezone,
      ...(context.locale ? { locale: context.locale } : {}),
      ...(period ? { period } : {}),
    }),
    row_count: run.rowCount,
    format: run.format,
    download_url: run.downloadUrl,
  }
}

function shiftIsoDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)
}

function safeTimeZone(timeZone: string | undefined): string {
  if (!timeZone) return 'UTC'
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return timeZone
  } catch {
    return 'UTC'
  }
}
