import { describe, expect, it } from 'vitest'
import { isReportwrightError } from '../errors/reportwright-error'
import { reportDefinitionJsonSchema } from './json-schema'
import { parseReportDefinition } from './report-definition'

const minimal = {
  version: 1,
  name: 'Revenue',
  dataset: 'sales',
  fields: [{ field: 'amount', aggregation: 'sum' }],
}

function issuesOf(input: unknown): { path: readonly (string | number)[]; message: string }[] {
  try {
    parseReportDefinition(input)
  } catch (error) {
    if (isReportwrightError(error) && error.code === 'INVALID_DEFINITION')
      return [...(error.details?.issues ?? [])]
    throw error
  }
  throw new Error('expected INVALID_DEFINITION')
}

describe('parseReportDefinition', () => {
  it('fills defaults for a minimal definition', () => {
    const definition = parseReportDefinition(minimal)
    expect(definition.filters).toEqual([])
    expect(definition.sort).toEqual([])
    expect(definition.totals).toBe(false)
    expect(definition.output).toEqual({
      format: 'csv',
      template: 'business_standard',
      layout: 'table',
      includeCharts: false,
    })
  })

  it('accepts every filter operator, OR groups, schedule and delivery', () => {
    const definition = parseReportDefinition({
      ...minimal,
      filters: [
        { field: 'a', operator: 'equals', value: 'x' },
        { field: 'a', operator: 'not_equals', value: 1 },
        { field: 'a', operator: 'greater_than', value: 1 },
        { field: 'a', operator: 'greater_or_equal', value: '1.5' },
        { field: 'a', operator: 'less_than', value: 1 },
        { field: 'a', operator: 'less_or_equal', value: 1 },
        { field: 'a', operator: 'between', value: [1, 2] },
        { field: 'a', operator: 'in', value: ['x', 'y'] },
        { field: 'a', operator: 'not_in', value: ['x'] },
        { field: 'a', operator: 'contains', value: 'x' },
        { field: 'a', operator: 'starts_with', value: 'x' },
        { field: 'a', operator: 'ends_with', value: 'x' },
        { field: 'a', operator: 'is_null' },
        { field: 'a', operator: 'is_not_null' },
        { field: 'a', operator: 'in_last', value: { amount: 3, unit: 'month' } },
        { field: 'a', operator: 'this', value: { unit: 'quarter' } },
        { field: 'a', operator: 'previous', value: { unit: 'year' } },
        {
          anyOf: [
            { field: 'a', operator: 'equals', value: true },
            { field: 'b.c', operator: 'is_null' },
          ],
        },
      ],
      schedule: {
        enabled: true,
        frequency: 'weekly',
        dayOfWeek: 1,
        time: '08:00',
        timezone: 'Europe/Berlin',
      },
      delivery: {
        enabled: true,
        recipients: [{ email: 'cfo@example.com' }],
        subject: 'Weekly {{report_name}}',
        body: 'Attached.',
      },
    })
    expect(definition.filters).toHaveLength(18)
  })

  it('lists every problem with its JSON path', () => {
    const issues = issuesOf({
      version: 2,
      name: '',
      dataset: 'sales; drop table x',
      fields: [{ field: 'amount', aggregation: 'median' }],
      filters: [{ field: 'a', operator: 'between', value: [1] }],
      schedule: {
        enabled: true,
        frequency: 'weekly',
        dayOfWeek: 1,
        time: '25:00',
        timezone: 'Mars/Olympus',
      },
      delivery: {
        enabled: true,
        recipients: [{ email: 'not-an-email' }],
        subject: 'a\r\nBcc: x@y.z',
        body: '',
      },
    })
    const paths = issues.map((issue) => issue.path.join('.'))
    expect(paths).toEqual(
      expect.arrayContaining([
        'version',
        'name',
        'dataset',
        'fields.0.aggregation',
        'filters.0.value',
        'schedule.time',
        'schedule.timezone',
        'delivery.recipients.0.email',
        'delivery.subject',
      ]),
    )
  })

  it('rejects unknown keys, so typos do not pass silently', () => {
    const issues = issuesOf({ ...minimal, fileds: [] })
    expect(issues[0]?.message).toMatch(/unrecognized/i)
  })

  it('rejects field paths that are not identifiers', () => {
    for (const field of [
      'amount; drop',
      'a..b',
      '"amount"',
      'a.b.c.d.e.f',
      '__proto__ x',
      'аmount',
    ]) {
      expect(issuesOf({ ...minimal, fields: [{ field }] })[0]?.path).toEqual(['fields', 0, 'field'])
    }
  })

  it('says where the first problem is in the message', () => {
    expect(() => parseReportDefinition({ ...minimal, limit: -1 })).toThrow(/at limit/)
  })
})

describe('reportDefinitionJsonSchema', () => {
  it('describes the definition for non-TypeScript clients', () => {
    const schema = reportDefinitionJsonSchema as {
      type: string
      required: string[]
      properties: Record<string, unknown>
    }
    expect(schema.type).toBe('object')
    expect(schema.required).toEqual(
      expect.arrayContaining(['version', 'name', 'dataset', 'fields']),
    )
    expect(Object.keys(schema.properties)).toEqual(
      expect.arrayContaining(['filters', 'output', 'schedule', 'delivery']),
    )
  })
})
