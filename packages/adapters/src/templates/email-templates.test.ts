import { isReportwrightError, parseReportDefinition } from '@reportwright/core'
import { memoryStorage } from '@reportwright/core'
import { describe, expect, it } from 'vitest'
import { emailTemplateValues, renderEmail, validateEmailTemplate } from './email-templates'
import { withTemplateValidation } from './template-validating-storage'

function failure(run: () => unknown) {
  try {
    run()
  } catch (error) {
    return error as { code: string; message: string; details?: Record<string, unknown> }
  }
  throw new Error('expected an error')
}

describe('email templates', () => {
  it('refuses an unknown variable and lists the known ones', () => {
    const error = failure(() => validateEmailTemplate('Hi {{customer}} {{report_name}}'))
    expect(error.code).toBe('INVALID_DEFINITION')
    expect(error.message).toContain('{{customer}}')
    expect(error.message).toContain('report_name, report_description, run_id, run_date')
    expect(error.details?.unknown).toEqual(['customer'])
    expect(() =>
      validateEmailTemplate('Hi {{customer}}', { extraVariables: ['customer'] }),
    ).not.toThrow()
  })

  it.each([
    '{{{report_name}}}',
    '{{&report_name}}',
    '{{> partial}}',
    '{{=<% %>=}}',
    '{{constructor}}',
  ])('refuses %s', (template) => {
    expect(failure(() => validateEmailTemplate(template)).code).toBe('INVALID_DEFINITION')
  })

  it('HTML-escapes values and the template text in the HTML body only', () => {
    const email = renderEmail(
      { subject: 'Report {{report_name}}', body: '<b>{{report_name}}</b>\nRows: {{row_count}}' },
      { report_name: '<script>alert(1)</script> & Co', row_count: 12 },
    )
    expect(email.text).toBe('<b><script>alert(1)</script> & Co</b>\nRows: 12')
    expect(email.html).toBe(
      '&lt;b&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; Co&lt;/b&gt;<br>\nRows: 12',
    )
    expect(email.subject).toBe('Report <script>alert(1)</script> & Co')
  })

  it('never puts CR/LF into the subject', () => {
    const email = renderEmail(
      { subject: '{{report_name}} done', body: '' },
      { report_name: 'Sales\r\nBcc: evil@example.com' },
    )
    expect(email.subject).toBe('Sales Bcc: evil@example.com done')
  })

  it('renders a download section only when there is a link', () => {
    const body =
      '{{#download_url}}Download: {{download_url}}{{/download_url}}{{^download_url}}Attached.{{/download_url}}'
    expect(renderEmail({ subject: 's', body }, { download_url: 'https://x.test/f' }).text).toBe(
      'Download: https://x.test/f',
    )
    expect(renderEmail({ subject: 's', body }, {}).text).toBe('Attached.')
  })

  it('computes run date, period, week ending and month in the time zone', () => {
    const values = emailTemplateValues({
      reportName: 'Sales',
      runAt: new Date('2031-03-04T23:30:00Z'),
      timezone: 'Europe/Berlin',
      rowCount: 3,
      period: { start: new Date('2031-02-24T00:00:00Z'), end: new Date('2031-03-04T12:00:00Z') },
    })
    expect(values).toMatchObject({
      report_name: 'Sales',
      run_date: '2031-03-05',
      period_start: '2031-02-24',
      period_end: '2031-03-04',
      week_ending: '2031-03-09',
      month: 'February 2031',
      row_count: 3,
    })
  })

  it('refuses to save a report whose template names an unknown variable', async () => {
    const storage = withTemplateValidation(memoryStorage())
    const ctx = { userId: 'u', tenantId: 't', roles: [] }
    const definition = parseReportDefinition({
      version: 1,
      name: 'Sales',
      dataset: 'orders',
      fields: [{ field: 'amount' }],
      delivery: { enabled: true, recipients: [], subject: '{{report_nam}}', body: 'x' },
    })
    const error = await storage.reports.create(ctx, definition).catch((e: unknown) => e)
    expect(isReportwrightError(error) && error.code).toBe('INVALID_DEFINITION')
    expect((error as Error).message).toMatch(/^delivery\.subject: .*report_name/)
    expect((await storage.reports.list(ctx)).items).toEqual([])
  })
})
