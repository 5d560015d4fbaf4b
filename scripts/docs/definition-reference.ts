/**
 * Renders docs/reference/report-definition.md from the report definition's JSON Schema.
 *
 * Types, required flags, defaults, enums and limits come from the schema; the sentences come
 * from `DESCRIPTIONS` below, keyed by property path. A property the schema gains without a
 * description here makes the render fail, so the reference cannot silently fall behind.
 */
import { format, resolveConfig } from 'prettier'

type JsonSchema = {
  readonly type?: string
  readonly const?: unknown
  readonly enum?: readonly unknown[]
  readonly default?: unknown
  readonly properties?: Readonly<Record<string, JsonSchema>>
  readonly required?: readonly string[]
  readonly items?: JsonSchema | false
  readonly prefixItems?: readonly JsonSchema[]
  readonly anyOf?: readonly JsonSchema[]
  readonly oneOf?: readonly JsonSchema[]
  readonly minLength?: number
  readonly maxLength?: number
  readonly minItems?: number
  readonly maxItems?: number
  readonly minimum?: number
  readonly maximum?: number
  readonly pattern?: string
  readonly format?: string
}

/** One sentence or two per property path (`fields[].aggregation`, `schedule.time`). */
const DESCRIPTIONS: Readonly<Record<string, string>> = {
  version: 'Version of the definition format. Always `1`.',
  name: 'Shown as the report title, in file names and in email subjects (trimmed).',
  description: 'Free text for people; printed under the title by PDF, HTML and PPTX.',
  dataset: 'Id of a dataset the host declared in its catalog.',
  fields: 'The output columns, in order. See [Field](#field).',
  filters: 'Conditions, combined with AND. See [Filter](#filter).',
  sort: 'Sort keys, in order of precedence. See [Sort key](#sort-key).',
  limit: 'Row limit of the report. The engine’s `limits.maxRows` caps it as well.',
  totals: 'Adds a grand-total row, computed by the database.',
  subtotals: 'Adds a subtotal row after each group of the leading group fields.',
  output: 'How the report is rendered. See [Output](#output).',
  schedule: 'When the report runs by itself. See [Schedule](#schedule).',
  delivery: 'Who receives the report by email. See [Delivery](#delivery).',
  'fields[].field':
    'A field path: a column of the dataset (`amount`) or of a joined dataset through its many-to-one joins (`customer.segment`).',
  'fields[].label': 'Column heading; defaults to the catalog label.',
  'fields[].aggregation':
    'Aggregates the column. When any field aggregates, the fields without one form the GROUP BY.',
  'fields[].bucket':
    'Truncates a date or datetime to the start of its day, week (Monday), month, quarter or year in the context’s time zone.',
  'fields[].format':
    'Display format such as `$#,##0.00`, `0.0%` or `MM/DD/YYYY`; defaults to the catalog’s.',
  'filters[].field': 'The field path the condition tests.',
  'filters[].operator': 'The comparison; see the operator table below.',
  'filters[].value': 'What the field is compared with; its shape depends on the operator.',
  'filters[].anyOf': 'An OR group: at least one of these conditions holds.',
  'sort[].field':
    'A field path. When the report aggregates, it must be one of the selected fields (with the same aggregation and bucket).',
  'sort[].aggregation': 'The aggregation of the selected field to sort by.',
  'sort[].bucket': 'The bucket of the selected field to sort by.',
  'sort[].direction': 'Ascending or descending.',
  'output.format': 'The file format a run produces.',
  'output.template': 'The theme: colours, fonts and spacing of PDF, XLSX, PPTX and HTML.',
  'output.layout':
    '`table` lists the rows, `summary` leads with key figures, `chart` leads with the chart.',
  'output.includeCharts': 'Draws the chart in formats that can hold one (PDF, XLSX, PPTX, HTML).',
  'output.chart': 'The chart to draw. See [Chart](#chart).',
  'output.chart.type': 'Chart type.',
  'output.chart.x': 'The category axis: an output column key or field path.',
  'output.chart.y': 'The series: output column keys or field paths, at most 10.',
  'schedule.enabled': 'A disabled schedule is kept but never fires.',
  'schedule.frequency': '`cron` takes its pattern from `cron`; the others from the fields below.',
  'schedule.dayOfWeek': '0 = Sunday … 6 = Saturday. Required when `frequency` is `weekly`.',
  'schedule.dayOfMonth':
    'Required when `frequency` is `monthly`. A shorter month runs on its last day.',
  'schedule.time': 'Local time of day, 24-hour `HH:mm`, in `timezone`.',
  'schedule.cron': 'A five-field cron pattern. Required when `frequency` is `cron`.',
  'schedule.timezone': 'IANA time zone, such as `Europe/Berlin`; checked against the runtime.',
  'schedule.startDate': 'First local day (inclusive) on which the schedule may fire.',
  'schedule.endDate': 'Last local day (inclusive); not before `startDate`.',
  'delivery.enabled': 'A disabled delivery is kept but sends nothing.',
  'delivery.recipients': 'At most 100 recipients. See [Recipient](#recipient).',
  'delivery.recipients[].name': 'Display name, one line.',
  'delivery.recipients[].email': 'Email address.',
  'delivery.subject':
    'Subject template, one line; `{{report_name}}`, `{{run_date}}` and other variables.',
  'delivery.body': 'Body template with the same variables.',
  'delivery.attachFormat': 'Format of the attachment; defaults to `output.format`.',
}

/** The example on the page; the generator parses it, so it always matches the schema. */
export const EXAMPLE_DEFINITION = {
  version: 1,
  name: 'Revenue by segment, last 6 months',
  dataset: 'sales',
  fields: [
    { field: 'customer.segment', label: 'Segment' },
    { field: 'ordered_at', bucket: 'month', label: 'Month' },
    { field: 'amount', aggregation: 'sum', label: 'Revenue', format: '$#,##0.00' },
  ],
  filters: [
    { field: 'ordered_at', operator: 'in_last', value: { amount: 6, unit: 'month' } },
    {
      anyOf: [
        { field: 'channel', operator: 'equals', value: 'online' },
        { field: 'amount', operator: 'greater_than', value: '1000' },
      ],
    },
  ],
  sort: [{ field: 'ordered_at', bucket: 'month', direction: 'desc' }],
  totals: true,
  output: {
    format: 'pdf',
    template: 'executive',
    layout: 'chart',
    includeCharts: true,
    chart: { type: 'line', x: 'ordered_at', y: ['amount'] },
  },
  schedule: {
    enabled: true,
    frequency: 'monthly',
    dayOfMonth: 1,
    time: '07:00',
    timezone: 'Europe/Berlin',
  },
  delivery: {
    enabled: true,
    recipients: [{ name: 'Sales team', email: 'sales@example.com' }],
    subject: '{{report_name}} — {{month}}',
    body: 'Revenue up to {{period_end}}: {{download_url}}',
  },
} as const

/** What the schema's validators check beyond what JSON Schema can express. */
const EXTRA_RULES = [
  'A field path is identifiers (letters, digits, `_`) joined by dots, at most four joins deep.',
  'A weekly schedule needs `dayOfWeek`, a monthly one `dayOfMonth`, a cron one `cron`.',
  '`schedule.timezone` must be an IANA zone the runtime knows; `endDate` may not precede `startDate`.',
  'Unknown properties are refused everywhere (`additionalProperties: false`).',
  'The catalog check comes after the schema: unknown datasets and fields, role-restricted columns and limits are refused by the compiler with `UNKNOWN_FIELD`, `FORBIDDEN_FIELD` or `LIMIT_EXCEEDED`.',
]

function code(value: unknown): string {
  return `\`${JSON.stringify(value)}\``
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return code(schema.const)
  if (schema.enum) return schema.enum.map(code).join(' | ')
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' | ')
  if (schema.oneOf) return 'object'
  if (schema.type === 'array') {
    if (schema.prefixItems) return `[${schema.prefixItems.map(typeOf).join(', ')}]`
    if (!schema.items) return 'array'
    const item = typeOf(schema.items)
    return item.includes(' | ') ? `(${item})[]` : `${item}[]`
  }
  if (schema.type === 'object' && schema.properties) {
    const parts = Object.entries(schema.properties).map(([key, part]) => {
      const limits = constraintsOf(part)
      return `${key}: ${typeOf(part)}${limits ? ` (${limits})` : ''}`
    })
    return `{ ${parts.join(', ')} }`
  }
  return schema.type ?? 'any'
}

function constraintsOf(schema: JsonSchema): string {
  const parts: string[] = []
  const range = (min?: number, max?: number, unit = ''): string | undefined => {
    if (min === undefined && max === undefined) return undefined
    if (min === undefined) return `at most ${max}${unit}`
    if (max === undefined) return `at least ${min}${unit}`
    return min === max ? `exactly ${min}${unit}` : `${min}–${max}${unit}`
  }
  const length = range(schema.minLength, schema.maxLength, ' characters')
  if (length) parts.push(length)
  const size = schema.prefixItems ? undefined : range(schema.minItems, schema.maxItems, ' items')
  if (size) parts.push(size)
  const bounds = range(schema.minimum, schema.maximum)
  if (bounds) parts.push(bounds)
  if (schema.format) parts.push(`format \`${schema.format}\``)
  if (schema.pattern && !schema.format) parts.push(`pattern \`${schema.pattern}\``)
  return parts.join(', ')
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ')
}

function describe(path: string): string {
  const text = DESCRIPTIONS[path]
  if (text === undefined) {
    throw new Error(
      `Report definition property "${path}" has no description in scripts/docs/definition-reference.ts`,
    )
  }
  return text
}

function propertyTable(schema: JsonSchema, prefix: string): string {
  const required = new Set(schema.required ?? [])
  const rows = Object.entries(schema.properties ?? {}).map(([name, property]) => {
    const path = prefix ? `${prefix}.${name}` : name
    const isObject = property.type === 'object'
    const item = property.type === 'array' && property.items ? property.items : undefined
    const itemsAreObjects = item && (item.type === 'object' || item.anyOf || item.oneOf)
    const type = isObject ? 'object' : itemsAreObjects ? 'object[]' : typeOf(property)
    const limits = constraintsOf(property)
    const cells = [
      `\`${name}\``,
      escapeCell(type),
      required.has(name) ? 'yes' : '',
      property.default === undefined ? '' : escapeCell(code(property.default)),
      escapeCell(limits),
      escapeCell(describe(path)),
    ]
    return `| ${cells.join(' | ')} |`
  })
  return [
    '| property | type | required | default | limits | description |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n')
}

function itemsOf(schema: JsonSchema | undefined): JsonSchema {
  if (!schema || schema.type !== 'array' || !schema.items) {
    throw new Error('Expected an array of objects in the report definition schema')
  }
  return schema.items
}

function propertyOf(schema: JsonSchema, name: string): JsonSchema {
  const property = schema.properties?.[name]
  if (!property) throw new Error(`The report definition schema lost its "${name}" property`)
  return property
}

function operatorTable(conditions: readonly JsonSchema[]): string {
  const rows = conditions.map((condition) => {
    const operator = propertyOf(condition, 'operator').const
    const value = condition.properties?.value
    const valueText = value ? typeOf(value) : '— (no `value`)'
    const limits = value && value.type !== 'object' ? constraintsOf(value) : ''
    return `| \`${String(operator)}\` | ${escapeCell(valueText)} | ${escapeCell(limits)} |`
  })
  return ['| operator | `value` | limits |', '| --- | --- | --- |', ...rows].join('\n')
}

/** The markdown page, formatted with the repository's prettier settings. */
export async function renderDefinitionReference(
  schema: Record<string, unknown>,
  filePath: string,
): Promise<string> {
  const root = schema as JsonSchema
  const field = itemsOf(propertyOf(root, 'fields'))
  const filterNode = itemsOf(propertyOf(root, 'filters'))
  const [conditionUnion, orGroup] = filterNode.anyOf ?? []
  const conditions = conditionUnion?.oneOf
  if (!conditions || !orGroup) throw new Error('Unexpected shape of the filter schema')
  const sort = itemsOf(propertyOf(root, 'sort'))
  const output = propertyOf(root, 'output')
  const schedule = propertyOf(root, 'schedule')
  const delivery = propertyOf(root, 'delivery')
  const recipient = itemsOf(propertyOf(delivery, 'recipients'))
  const sample = conditions[0]
  if (!sample) throw new Error('The filter schema has no conditions')
  const conditionShape: JsonSchema = {
    properties: {
      field: propertyOf(sample, 'field'),
      operator: { type: 'string, one of the operators below' },
      value: { type: 'depends on `operator`' },
    },
    required: ['field', 'operator'],
  }

  const markdown = `# Report definition reference

<!-- Generated by scripts/docs/gen-definition-reference.ts from reportDefinitionJsonSchema
     (@reportwright/core/model). Do not edit: run \`pnpm docs:reference\`. -->

A report definition is the JSON a user builds in the wizard and the host stores. It is untrusted:
\`parseReportDefinition()\` validates it against this schema (\`INVALID_DEFINITION\` with
\`details.issues\`, each with its JSON path), and the compiler then checks it against the catalog
and the request context. The same schema is exported as JSON Schema (draft 2020-12, input form:
properties with a default may be left out) as \`reportDefinitionJsonSchema\` from
\`@reportwright/core/model\`, for clients that do not use TypeScript.

## Example

\`\`\`json
${JSON.stringify(EXAMPLE_DEFINITION, null, 2)}
\`\`\`

## Report definition

${propertyTable(root, '')}

## Field

An item of \`fields\`.

${propertyTable(field, 'fields[]')}

## Filter

An item of \`filters\` is either one condition or an OR group of conditions. Items combine with
AND. Values are always sent to the database as bound parameters. Relative dates (\`in_last\`,
\`this\`, \`previous\`) resolve in the request context's time zone; a scheduled run resolves them
from its fire time.

### Condition

${propertyTable(conditionShape, 'filters[]')}

${operatorTable(conditions)}

### OR group

${propertyTable(orGroup, 'filters[]')}

## Sort key

An item of \`sort\`.

${propertyTable(sort, 'sort[]')}

## Output

${propertyTable(output, 'output')}

### Chart

${propertyTable(propertyOf(output, 'chart'), 'output.chart')}

## Schedule

${propertyTable(schedule, 'schedule')}

## Delivery

${propertyTable(delivery, 'delivery')}

### Recipient

${propertyTable(recipient, 'delivery.recipients[]')}

## Rules beyond the JSON Schema

${EXTRA_RULES.map((rule) => `- ${rule}`).join('\n')}
`
  const config = (await resolveConfig(filePath)) ?? {}
  return format(markdown, { ...config, parser: 'markdown', filepath: filePath })
}
