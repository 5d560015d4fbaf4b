import { describe, expect, it } from 'vitest'
import { parseReportDefinition } from '../model/report-definition'
import { escapeHtml, renderTemplate, reportTemplateVariables } from './render-template'

describe('renderTemplate', () => {
  it('replaces identifiers and dotted identifiers, unknown ones with nothing', () => {
    expect(
      renderTemplate('{{reportName}} on {{ runDate }}: {{rowCount}} rows{{missing}}', {
        reportName: 'Sales',
        runDate: '2025-01-31',
        rowCount: 12,
      }),
    ).toBe('Sales on 2025-01-31: 12 rows')
    expect(renderTemplate('{{ report.name }}', { 'report.name': 'Dotted' })).toBe('Dotted')
    expect(renderTemplate('{{ undefinedValue }}!', { undefinedValue: undefined })).toBe('!')
  })

  it('has no logic and leaves other braces alone', () => {
    expect(renderTemplate('{{ a + b }} {{a()}} {{ a[0] }} {a}', { a: 1, b: 2 })).toBe(
      '{{ a + b }} {{a()}} {{ a[0] }} {a}',
    )
  })

  it('never reaches the prototype', () => {
    const variables = { name: 'x' }
    expect(
      renderTemplate(
        '[{{constructor}}][{{__proto__}}][{{ toString }}][{{name.constructor}}][{{ hasOwnProperty }}]',
        variables,
      ),
    ).toBe('[][][][][]')
    const own = { constructor: 'evil', prototype: 'evil', __proto__x: 'ok' }
    expect(renderTemplate('{{constructor}}{{prototype}}{{__proto__x}}', own)).toBe('ok')
  })

  it('escapes values for HTML when asked', () => {
    const variables = { name: '<b>"Tom" & Jerry\'s</b>' }
    expect(renderTemplate('<p>{{name}}</p>', variables, { escape: 'html' })).toBe(
      '<p>&lt;b&gt;&quot;Tom&quot; &amp; Jerry&#39;s&lt;/b&gt;</p>',
    )
    expect(renderTemplate('{{name}}', variables)).toBe(variables.name)
    expect(escapeHtml('<script>{{name}}</script>')).toBe('&lt;script&gt;{{name}}&lt;/script&gt;')
  })
})

describe('reportTemplateVariables', () => {
  const definition = parseReportDefinition({
    version: 1,
    name: 'Sales',
    dataset: 'orders',
    fields: [{ field: 'amount' }],
  })
  const run = {
    id: 'run-1',
    startedAt: new Date('2025-01-31T23:30:00Z'),
    rowCount: 42,
    format: 'csv' as const,
  }

  it('gives the run date in the context time zone', () => {
    expect(reportTemplateVariables(run, definition, { userId: 'u', roles: [] })).toMatchObject({
      report_name: 'Sales',
      run_id: 'run-1',
      run_date: '2025-01-31',
      run_time: '23:30',
      period_start: '2025-01-31',
      period_end: '2025-01-31',
      week_ending: '2025-02-02',
      month: 'January 2025',
      row_count: 42,
      format: 'csv',
    })
    const tokyo = reportTemplateVariables({ ...run, downloadUrl: 'https://x' }, definition, {
      userId: 'u',
      roles: [],
      timezone: 'Asia/Tokyo',
    })
    expect(tokyo).toMatchObject({
      run_date: '2025-02-01',
      run_time: '08:30',
      download_url: 'https://x',
    })
  })

  it("names the period of a relative date filter, resolved at the run's asOf", () => {
    const previousMonth = parseReportDefinition({
      ...definition,
      filters: [{ field: 'ordered_at', operator: 'previous', value: { unit: 'month' } }],
    })
    // A run for the 1 March occurrence that only happened on 3 March still covers February.
    const late = {
      ...run,
      startedAt: new Date('2025-03-03T09:00:00Z'),
      asOf: new Date('2025-03-01T07:00:00Z'),
    }
    expect(
      reportTemplateVariables(late, previousMonth, {
        userId: 'u',
        roles: [],
        timezone: 'Europe/Berlin',
      }),
    ).toMatchObject({
      run_date: '2025-03-01',
      period_start: '2025-02-01',
      period_end: '2025-02-28',
      week_ending: '2025-03-02',
      month: 'February 2025',
    })
  })
})
