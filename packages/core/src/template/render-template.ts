import type { RequestContext } from '../context/request-context'
import type { OutputFormat } from '../model/output'
import type { ReportDefinition } from '../model/report-definition'
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
 * renderTemplate('{{ reportName }} — {{runDate}}', { reportName: 'Sales', runDate: '2025-01-31' })
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
}

/**
 * The variables a delivery subject or body may use: `reportName`, `reportDescription`, `runId`,
 * `runDate` (`YYYY-MM-DD` in the context's time zone, default UTC), `runTime` (`HH:mm`, same
 * zone), `rowCount`, `format` and `downloadUrl` (when known).
 */
export function reportTemplateVariables(
  run: TemplateRunInfo,
  definition: ReportDefinition,
  context: RequestContext,
): TemplateVariables {
  const parts = zonedParts(run.startedAt, safeTimeZone(context.timezone))
  return {
    reportName: definition.name,
    reportDescription: definition.description,
    runId: run.id,
    runDate: formatIsoDate(parts.year, parts.month, parts.day),
    runTime: `${String(parts.hour).padStart(2, '0')}:${String(parts.minute).padStart(2, '0')}`,
    rowCount: run.rowCount,
    format: run.format,
    downloadUrl: run.downloadUrl,
  }
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
