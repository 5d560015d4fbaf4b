import type { TemplatePreviewInput, TemplatePreviewResponse } from '@reportwright/core/client'
import { isoDay } from './utc-dates'

const PLACEHOLDER = /\{\{\s*([A-Za-z_$][A-Za-z0-9_$]*(?:\.[A-Za-z_$][A-Za-z0-9_$]*)*)\s*\}\}/g
const HTML_ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c] ?? c)

/**
 * Fills `{{ variables }}` the way the server's template preview does, with the same sample
 * values (dates in UTC); unknown names render empty and are listed.
 */
export function fillTemplate(input: TemplatePreviewInput, now: Date): TemplatePreviewResponse {
  const runDate = isoDay(now)
  const variables = new Map<string, string | number>(
    Object.entries({
      report_name: input.reportName ?? 'Sample report',
      report_description: '',
      run_id: 'sample-run',
      run_date: runDate,
      run_time: now.toISOString().slice(11, 16),
      period_start: runDate,
      period_end: runDate,
      week_ending: isoDay(new Date(now.getTime() + ((7 - now.getUTCDay()) % 7) * 86_400_000)),
      month: new Intl.DateTimeFormat('en-US', {
        timeZone: 'UTC',
        month: 'long',
        year: 'numeric',
      }).format(now),
      row_count: 42,
      format: 'csv',
      download_url: 'https://example.com/download/sample',
      ...input.variables,
    }),
  )
  const unknown = new Set<string>()
  for (const match of `${input.subject}\n${input.body}`.matchAll(PLACEHOLDER))
    if (!variables.has(match[1] ?? '')) unknown.add(match[1] ?? '')
  const fill = (text: string, escape: boolean) =>
    text.replace(PLACEHOLDER, (_whole, name: string) => {
      const value = String(variables.get(name) ?? '')
      return escape ? escapeHtml(value) : value
    })
  return {
    subject: fill(input.subject, false).replace(/[\r\n]+/g, ' '),
    body: fill(input.body, false),
    html: fill(escapeHtml(input.body), true),
    unknownVariables: [...unknown],
  }
}
