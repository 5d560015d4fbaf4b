/** Hostile report definitions: every one must end in a typed error before any SQL runs. */
const base = { version: 1, name: 'Hostile', dataset: 'sales', fields: [{ field: 'amount' }] }
const withField = (field: unknown) => ({ ...base, fields: [{ field }] })
const withFilter = (filter: unknown) => ({ ...base, filters: [filter] })

export const INJECTION_CORPUS: Readonly<Record<string, unknown>> = {
  'semicolon in a field': withField('amount; DROP TABLE rw_sentinel'),
  'line comment in a field': withField('amount--'),
  'block comment in a field': withField('amount/*'),
  'backticks in a field': withField('`amount`'),
  'double quotes in a field': withField('"amount"'),
  'single quote in a field': withField("amount'"),
  'statement after a join path': withField('customer.segment; DELETE FROM rw_sentinel'),
  'Cyrillic look-alike a': withField('\u0430mount'),
  'full-width letters': withField('\uff41\uff4d\uff4f\uff55\uff4e\uff54'),
  'zero-width space': withField('amount\u200b'),
  '__proto__ as a field': withField('__proto__'),
  'constructor as a field': withField('constructor'),
  '__proto__ through a join': withField('customer.__proto__'),
  'prototype as a field': withField('prototype'),
  'hasOwnProperty as a join': withField('hasOwnProperty.name'),
  'hidden tenant column': withField('tenant_id'),
  'hidden tenant column of a join': withField('customer.tenant_id'),
  'role-restricted column': withField('customer.credit_limit'),
  'expression as a field': withField('1=1'),
  'subquery as a field': withField('(select 1)'),
  'function call as a field': withField('sum(amount)'),
  'alias in a field': withField('amount as x'),
  star: withField('*'),
  'table-qualified field': withField('rw_sales.amount'),
  'alias-qualified field': withField('t0.amount'),
  'join path too deep': withField('customer.region.a.b.c.d'),
  'newline in a field': withField('amount\n'),
  'NUL byte in a field': withField('amount\u0000'),
  'field as a number': withField(42),
  'field as an object': withField({ toString: 'amount' }),
  'unknown dataset that is a real table': { ...base, dataset: 'rw_sentinel' },
  'statement in the dataset': { ...base, dataset: 'sales; drop table rw_sentinel' },
  '__proto__ dataset': { ...base, dataset: '__proto__' },
  'toString dataset': { ...base, dataset: 'toString' },
  'SQL as an aggregation': {
    ...base,
    fields: [{ field: 'amount', aggregation: 'sum(amount)); drop table rw_sentinel; --' }],
  },
  'SQL as a bucket': {
    ...base,
    fields: [{ field: 'ordered_at', bucket: "month'), 'x'); drop table rw_sentinel; --" }],
  },
  'SQL in a sort field': {
    ...base,
    sort: [{ field: 'amount desc; drop table rw_sentinel', direction: 'asc' }],
  },
  'SQL in a sort direction': {
    ...base,
    sort: [{ field: 'amount', direction: 'desc; drop table rw_sentinel' }],
  },
  'tautology as a filter field': withFilter({
    field: 'channel = channel or 1=1 --',
    operator: 'is_null',
  }),
  'SQL as a filter operator': withFilter({ field: 'channel', operator: '= 1 or 1=1', value: 1 }),
  'operator object in a value': withFilter({
    field: 'channel',
    operator: 'equals',
    value: { $ne: 1 },
  }),
  'array for a scalar operator': withFilter({
    field: 'channel',
    operator: 'equals',
    value: ['a', 'b'],
  }),
  'huge number for an integer': withFilter({
    field: 'quantity',
    operator: 'equals',
    value: Number.MAX_VALUE,
  }),
  'SQL text for an integer': withFilter({
    field: 'quantity',
    operator: 'equals',
    value: '1 OR 1=1',
  }),
  'overflowing decimal text': withFilter({
    field: 'amount',
    operator: 'greater_than',
    value: '1e309',
  }),
  'SQL text for a date': withFilter({
    field: 'order_date',
    operator: 'equals',
    value: "2024-01-01' OR '1'='1",
  }),
  'SQL text for a datetime': withFilter({
    field: 'ordered_at',
    operator: 'less_than',
    value: '2024-01-01; drop table rw_sentinel',
  }),
  'text for a boolean': withFilter({
    field: 'is_returned',
    operator: 'equals',
    value: 'yes; drop',
  }),
  'between with three values': withFilter({
    field: 'amount',
    operator: 'between',
    value: [1, 2, 3],
  }),
  'relative date of a billion months': withFilter({
    field: 'ordered_at',
    operator: 'in_last',
    value: { amount: 1e9, unit: 'month' },
  }),
  'nested OR groups': withFilter({
    anyOf: [{ anyOf: [{ field: 'channel', operator: 'is_null' }] }],
  }),
  'OR bomb of 51 conditions': withFilter({
    anyOf: Array.from({ length: 51 }, () => ({ field: 'channel', operator: 'is_null' })),
  }),
  'IN list past the schema maximum': withFilter({
    field: 'channel',
    operator: 'in',
    value: Array.from({ length: 10_001 }, (_, i) => `c${i}`),
  }),
  'IN list past the engine limit': withFilter({
    field: 'channel',
    operator: 'in',
    value: Array.from({ length: 1_001 }, (_, i) => `c${i}`),
  }),
  '201 filters': {
    ...base,
    filters: Array.from({ length: 201 }, () => ({ field: 'channel', operator: 'is_null' })),
  },
  '101 filter conditions (engine limit)': {
    ...base,
    filters: Array.from({ length: 101 }, () => ({ field: 'channel', operator: 'is_null' })),
  },
  '201 fields': { ...base, fields: Array.from({ length: 201 }, () => ({ field: 'amount' })) },
  'limit of a trillion': { ...base, limit: 1e12 },
  'negative limit': { ...base, limit: -1 },
  'SQL as a limit': { ...base, limit: '10; drop table rw_sentinel' },
  'SQL as the version': { ...base, version: '1; drop table rw_sentinel' },
  'oversized name': { ...base, name: 'x'.repeat(5000) },
  'extra raw SQL key': { ...base, sql: 'drop table rw_sentinel' },
  '__proto__ key pollution': JSON.parse(
    '{"version":1,"name":"x","dataset":"sales","fields":[{"field":"amount"}],"__proto__":{"dataset":"rw_sentinel"}}',
  ),
  'SQL as the output format': { ...base, output: { format: 'pdf; rm -rf /' } },
  'header injection in the subject': {
    ...base,
    delivery: {
      enabled: true,
      recipients: [{ email: 'a@example.com' }],
      subject: 'Hi\r\nBcc: all@example.com',
      body: '',
    },
  },
  'definition is an array': [base],
  'definition is a string': "{ dataset: 'sales' }",
  'definition is null': null,
}
