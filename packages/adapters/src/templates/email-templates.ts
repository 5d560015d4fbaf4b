import Mustache from 'mustache'
import {
  ReportwrightError,
  TEMPLATE_VARIABLES,
  escapeHtml,
  templateDateValues,
} from '@reportwright/core'
import type { ReportDefinition } from '@reportwright/core'

/** The variables every delivery template may use (core's list); a host adds its own with `extraVariables`. */
export const EMAIL_TEMPLATE_VARIABLES = TEMPLATE_VARIABLES

/** Values for a template; unknown names never reach it (they are refused first). */
export type EmailTemplateValues = Readonly<Record<string, string | number | undefined>>

/** Options of {@link validateEmailTemplate} and {@link renderEmail}. */
export interface EmailTemplateOptions {
  /** The host's own variable names (letters, digits, `_`). Defaults to none. */
  readonly extraVariables?: readonly string[]
}

type Token = [string, string, number, number, Token[]?]

const ALLOWED_TOKENS = new Set(['text', 'name', '#', '^'])

/**
 * Checks a subject or body template: only `{{variable}}` and `{{#variable}}…{{/variable}}`
 * sections over known names; no triple mustaches, `{{& }}`, partials or delimiter changes.
 * Throws `INVALID_DEFINITION` listing the unknown names and the known ones.
 */
export function validateEmailTemplate(template: string, options: EmailTemplateOptions = {}): void {
  const known = knownVariables(options)
  let tokens: Token[]
  try {
    tokens = Mustache.parse(template) as unknown as Token[]
  } catch (error) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `The email template cannot be read: ${(error as Error).message}.`,
      cause: error,
    })
  }
  const unknown = new Set<string>()
  const forbidden = new Set<string>()
  const walk = (list: readonly Token[]): void => {
    for (const [type, value, , , children] of list) {
      if (!ALLOWED_TOKENS.has(type)) forbidden.add(`{{${type}${value}}}`)
      else if (type !== 'text' && !known.has(value)) unknown.add(value)
      if (children) walk(children)
    }
  }
  walk(tokens)
  if (forbidden.size > 0) {
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `The email template uses ${[...forbidden].join(', ')}: only {{variable}} and {{#variable}}…{{/variable}} are allowed.`,
      details: { forbidden: [...forbidden] },
    })
  }
  if (unknown.size > 0) {
    const list = [...unknown].map((name) => `{{${name}}}`).join(', ')
    throw new ReportwrightError({
      code: 'INVALID_DEFINITION',
      message: `The email template names unknown variables ${list}. Known variables: ${[...known].join(', ')}.`,
      details: { unknown: [...unknown], known: [...known] },
    })
  }
}

/**
 * Checks a report's delivery subject and body ({@link validateEmailTemplate}); call it when a
 * report is saved. Issues carry the JSON path of the offending template.
 */
export function validateDeliveryTemplates(
  definition: ReportDefinition,
  options: EmailTemplateOptions = {},
): void {
  const delivery = definition.delivery
  if (!delivery) return
  for (const field of ['subject', 'body'] as const) {
    try {
      validateEmailTemplate(delivery[field], options)
    } catch (error) {
      const rw = error as ReportwrightError
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message: `delivery.${field}: ${rw.message}`,
        details: { ...rw.details, issues: [{ path: ['delivery', field], message: rw.message }] },
      })
    }
  }
}

/** A delivery's templates. */
export interface EmailTemplates {
  readonly subject: string
  readonly body: string
}

/** What {@link renderEmail} produces. */
export interface RenderedEmail {
  /** One line: CR, LF and other control characters become spaces. */
  readonly subject: string
  readonly text: string
  /** The body with every value and the template's own text HTML-escaped; lines become `<br>`. */
  readonly html: string
}

/**
 * Renders subject and body with mustache (logic-less). The subject and text body are plain
 * text; the HTML body escapes everything. Templates are validated first.
 *
 * @example
 * ```ts
 * renderEmail({ subject: '{{report_name}} for {{run_date}}', body: 'Rows: {{row_count}}' }, values)
 * ```
 */
export function renderEmail(
  templates: EmailTemplates,
  values: EmailTemplateValues,
  options: EmailTemplateOptions = {},
): RenderedEmail {
  validateEmailTemplate(templates.subject, options)
  validateEmailTemplate(templates.body, options)
  const view = viewOf(values, knownVariables(options))
  const plain = (template: string) =>
    Mustache.render(template, view, {}, { escape: (value: unknown) => String(value) })
  const subject = plain(templates.subject)
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]+/g, ' ')
    .trim()
  const text = plain(templates.body)
  // Escape the template's own text as well: a tenant's body never injects markup.
  const html = Mustache.render(
    escapeHtml(templates.body),
    view,
    {},
    { escape: (value: unknown) => escapeHtml(String(value)) },
  ).replace(/\r?\n/g, '<br>\n')
  return { subject, text, html }
}

/** Options of {@link emailTemplateValues}. */
export interface EmailTemplateValuesInput {
  readonly reportName: string
  /** When the run started. */
  readonly runAt: Date
  /** IANA zone for the dates. Defaults to `UTC`. */
  readonly timezone?: string
  /** Intl locale for `month`. Defaults to `en-US`. */
  readonly locale?: string
  readonly rowCount: number
  readonly downloadUrl?: string
  /** The period the report covers. Defaults to the run date. */
  readonly period?: { readonly start: Date; readonly end: Date }
  /** The host's own values (names it declared in `extraVariables`). */
  readonly extra?: EmailTemplateValues
}

/**
 * The standard values: `run_date`, `period_start`, `period_end` as `YYYY-MM-DD` in the zone,
 * `week_ending` (the Sunday on or after the period end), `month` (e.g. `March 2031`).
 */
export function emailTemplateValues(input: EmailTemplateValuesInput): EmailTemplateValues {
  const timezone = input.timezone ?? 'UTC'
  const day = (date: Date): string =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(date)
  // Core's period is end-exclusive; this input's end is the last day covered.
  const period = input.period && {
    startDate: day(input.period.start),
    endDate: new Date(Date.parse(`${day(input.period.end)}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10),
  }
  return {
    ...input.extra,
    report_name: input.reportName,
    ...templateDateValues({
      runAt: input.runAt,
      timezone,
      ...(input.locale ? { locale: input.locale } : {}),
      ...(period ? { period } : {}),
    }),
    row_count: input.rowCount,
    download_url: input.downloadUrl,
  }
}

function knownVariables(options: EmailTemplateOptions): Set<string> {
  const extra = options.extraVariables ?? []
  for (const name of extra) {
    if (!/^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(name)) {
      throw new ReportwrightError({
        code: 'INVALID_DEFINITION',
        message: `Template variable names use letters, digits and "_": ${JSON.stringify(name)} does not.`,
      })
    }
  }
  return new Set([...EMAIL_TEMPLATE_VARIABLES, ...extra])
}

// Only known names, on an object without a prototype: mustache's `in` lookup finds nothing else.
function viewOf(values: EmailTemplateValues, known: ReadonlySet<string>): Record<string, unknown> {
  const view = Object.create(null) as Record<string, unknown>
  for (const name of known) {
    const value = Object.hasOwn(values, name) ? values[name] : undefined
    view[name] = value === undefined ? '' : value
  }
  return view
}
