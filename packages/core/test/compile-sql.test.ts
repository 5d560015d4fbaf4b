import { describe, expect, it } from 'vitest'
import type { ReportDefinitionInput } from '../src/index'
import { compileReport, isReportwrightError } from '../src/index'
import { ACME, DIALECTS, salesCatalog } from './compile-fixtures'

const now = new Date('2026-11-23T10:00:00Z')

function compile(
  dialect: keyof typeof DIALECTS,
  definition: Omit<ReportDefinitionInput, 'version' | 'name' | 'dataset'>,
) {
  return compileReport(
    { version: 1, name: 'T', dataset: 'sales', ...definition },
    salesCatalog(DIALECTS[dialect]),
    ACME,
    { now },
  )
}

const grouped = {
  fields: [{ field: 'customer.segment' }, { field: 'amount', aggregation: 'sum' as const }],
  filters: [{ field: 'channel', operator: 'equals' as const, value: 'Web' }],
  sort: [{ field: 'amount', aggregation: 'sum' as const, direction: 'desc' as const }],
  limit: 10,
}

describe('compile: exact SQL per dialect', () => {
  it('postgres', () => {
    const { sql, parameters } = compile('postgres', grouped)
    expect(sql).toBe(
      'select "t1"."segment" as "c0", sum("t0"."amount") as "c1" from "rw_sales" as "t0" ' +
        'left join "rw_customers" as "t1" on "t0"."customer_id" = "t1"."id" and "t1"."tenant_id" = $1 ' +
        'where "t0"."tenant_id" = $2 and "t0"."channel" = $3 group by "t1"."segment" ' +
        'order by "c1" desc nulls first limit 10',
    )
    expect(parameters).toEqual(['acme', 'acme', 'Web'])
  })

  it('pglite compiles like postgres', () => {
    expect(compile('pglite', grouped).sql).toBe(compile('postgres', grouped).sql)
  })

  it('mysql', () => {
    const { sql, parameters } = compile('mysql', grouped)
    expect(sql).toBe(
      'select `t1`.`segment` as `c0`, sum(`t0`.`amount`) as `c1` from `rw_sales` as `t0` ' +
        'left join `rw_customers` as `t1` on `t0`.`customer_id` = `t1`.`id` and ' +
        '(`t1`.`tenant_id` = ? and cast(`t1`.`tenant_id` as binary) = cast(? as binary)) ' +
        'where (`t0`.`tenant_id` = ? and cast(`t0`.`tenant_id` as binary) = cast(? as binary)) and `t0`.`channel` = ? ' +
        'group by `t1`.`segment` order by (case when sum(`t0`.`amount`) is null then 1 else 0 end) desc, sum(`t0`.`amount`) desc limit 10',
    )
    // Tenant ids compare byte-exact: the case-insensitive default collation must not widen them.
    expect(parameters).toEqual(['acme', 'acme', 'acme', 'acme', 'Web'])
  })

  it('sqlite', () => {
    const { sql, parameters } = compile('sqlite', grouped)
    expect(sql).toBe(
      'select "t1"."segment" as "c0", sum("t0"."amount") as "c1" from "rw_sales" as "t0" ' +
        'left join "rw_customers" as "t1" on "t0"."customer_id" = "t1"."id" and "t1"."tenant_id" = ? ' +
        'where "t0"."tenant_id" = ? and "t0"."channel" = ? group by "t1"."segment" ' +
        'order by "c1" desc nulls first limit 10',
    )
    expect(parameters).toEqual(['acme', 'acme', 'Web'])
  })

  it('date buckets in the context time zone', () => {
    const bucket = {
      fields: [
        { field: 'ordered_at', bucket: 'week' as const },
        { field: 'id', aggregation: 'count' as const },
      ],
    }
    const berlin = { ...ACME, timezone: 'Europe/Berlin' }
    const sqlOf = (d: keyof typeof DIALECTS) =>
      compileReport(
        { version: 1, name: 'T', dataset: 'sales', ...bucket },
        salesCatalog(DIALECTS[d]),
        berlin,
      ).sql
    expect(sqlOf('postgres')).toContain(
      `to_char(date_trunc('week', ("t0"."ordered_at" AT TIME ZONE 'Europe/Berlin')), 'YYYY-MM-DD')`,
    )
    expect(sqlOf('mysql')).toContain(
      "DATE_SUB(DATE(CONVERT_TZ(`t0`.`ordered_at`, '+00:00', 'Europe/Berlin'))",
    )
    expect(sqlOf('sqlite')).toContain(
      `rw_date_bucket("t0"."ordered_at", 'week', 'Europe/Berlin', 'datetime')`,
    )
  })

  it('subtotals: grouping sets on postgres, union all elsewhere', () => {
    const definition = {
      fields: [
        { field: 'customer.segment' },
        { field: 'channel' },
        { field: 'amount', aggregation: 'avg' as const },
      ],
      subtotals: true,
      totals: true,
    }
    const pg = compile('postgres', definition)
    expect(pg.sql).toContain(
      'group by grouping sets (("t1"."segment", "t0"."channel"), ("t1"."segment"))',
    )
    expect(pg.hasLevelColumn).toBe(true)
    expect(pg.totals?.sql).toMatch(
      /^select null as "c0", null as "c1", round\(avg\("t0"\."amount"\)::numeric, 6\) as "c2" from/,
    )
    const my = compile('mysql', definition)
    expect(my.sql.match(/union all/g)).toHaveLength(1)
    expect(my.parameters).toHaveLength(8)
  })

  it('binds every value, escapes LIKE wildcards and keeps labels out of SQL', () => {
    const { sql, parameters } = compile('postgres', {
      fields: [{ field: 'channel', label: "x'); drop table rw_sales; --" }],
      filters: [{ field: 'channel', operator: 'contains', value: "50%_off'; --" }],
    })
    expect(sql).not.toContain('drop table')
    expect(sql).not.toContain('50')
    expect(parameters).toContain("%50!%!_off'; --%")
  })

  it('relative dates become a bound half-open range in the time zone', () => {
    const { sql, parameters } = compileReport(
      {
        version: 1,
        name: 'T',
        dataset: 'sales',
        fields: [{ field: 'id' }],
        filters: [{ field: 'ordered_at', operator: 'previous', value: { unit: 'month' } }],
      },
      salesCatalog(DIALECTS.postgres),
      { ...ACME, timezone: 'America/New_York' },
      { now },
    )
    expect(sql).toContain('("t0"."ordered_at" >= $2 and "t0"."ordered_at" < $3)')
    expect(parameters.slice(1)).toEqual(['2026-10-01T04:00:00.000Z', '2026-11-01T04:00:00.000Z'])
  })

  it('pushes a preview limit and asks for maxRows + 1 otherwise', () => {
    const catalog = salesCatalog(DIALECTS.postgres)
    const definition = { version: 1, name: 'T', dataset: 'sales', fields: [{ field: 'id' }] }
    expect(compileReport(definition, catalog, ACME, { limits: { maxRows: 500 } }).sql).toMatch(
      /limit 501$/,
    )
    expect(compileReport(definition, catalog, ACME, { previewLimit: 20 }).sql).toMatch(/limit 20$/)
  })
})

function errorOf(run: () => unknown): { code: string; message: string } {
  try {
    run()
  } catch (error) {
    if (isReportwrightError(error)) return { code: error.code, message: error.message }
    throw error
  }
  throw new Error('expected a ReportwrightError')
}

describe('compile: security rules', () => {
  const catalog = salesCatalog(DIALECTS.postgres)
  const base = { version: 1, name: 'T', dataset: 'sales' }

  it('rejects fields, joins and datasets the catalog does not declare', () => {
    for (const field of [
      'nope',
      'tenant_id',
      'customer.nope',
      'customer.region.nope',
      'nojoin.name',
      'constructor',
      '__proto__',
      'toString',
    ]) {
      expect(
        errorOf(() => compileReport({ ...base, fields: [{ field }] }, catalog, ACME)).code,
      ).toBe('UNKNOWN_FIELD')
    }
    expect(
      errorOf(() =>
        compileReport(
          { ...base, dataset: 'constructor', fields: [{ field: 'id' }] },
          catalog,
          ACME,
        ),
      ).code,
    ).toBe('UNKNOWN_FIELD')
  })

  it('hides role-restricted columns unless the context holds a role', () => {
    const definition = { ...base, fields: [{ field: 'customer.credit_limit' }] }
    expect(errorOf(() => compileReport(definition, catalog, ACME)).code).toBe('FORBIDDEN_FIELD')
    expect(() => compileReport(definition, catalog, { ...ACME, roles: ['finance'] })).not.toThrow()
    const filterOnly = {
      ...base,
      fields: [{ field: 'id' }],
      filters: [{ field: 'customer.credit_limit', operator: 'greater_than', value: 1 }],
    }
    expect(errorOf(() => compileReport(filterOnly, catalog, ACME)).code).toBe('FORBIDDEN_FIELD')
    expect(
      catalog.describe(ACME).datasets.flatMap((d) => d.fields.map((f) => f.path)),
    ).not.toContain('customer.credit_limit')
  })

  it('needs a tenant for scoped datasets and scopes every joined one', () => {
    const definition = { ...base, fields: [{ field: 'customer.region.name' }] }
    expect(errorOf(() => compileReport(definition, catalog, { userId: 'u', roles: [] })).code).toBe(
      'TENANT_REQUIRED',
    )
    const { sql, parameters } = compileReport(definition, catalog, ACME)
    expect(sql).toContain('"t1"."tenant_id" = $1')
    expect(sql).toContain('"t0"."tenant_id" = $2')
    expect(sql).not.toContain('"t2"."tenant_id"')
    expect(parameters).toEqual(['acme', 'acme'])
    // The regions dataset has no tenant column: no tenant needed when reporting on it alone.
    expect(() =>
      compileReport({ ...base, dataset: 'regions', fields: [{ field: 'name' }] }, catalog, {
        userId: 'u',
        roles: [],
      }),
    ).not.toThrow()
  })

  it('enforces the limits with LIMIT_EXCEEDED', () => {
    const limits = { maxRows: 100, maxInListSize: 3, maxFields: 2, maxFilters: 2 }
    const check = (definition: object) =>
      errorOf(() => compileReport({ ...base, ...definition }, catalog, ACME, { limits })).code
    expect(check({ fields: [{ field: 'id' }], limit: 101 })).toBe('LIMIT_EXCEEDED')
    expect(check({ fields: [{ field: 'id' }, { field: 'amount' }, { field: 'channel' }] })).toBe(
      'LIMIT_EXCEEDED',
    )
    expect(
      check({
        fields: [{ field: 'id' }],
        filters: [{ field: 'channel', operator: 'in', value: ['a', 'b', 'c', 'd'] }],
      }),
    ).toBe('LIMIT_EXCEEDED')
    expect(
      check({
        fields: [{ field: 'id' }],
        filters: [
          {
            anyOf: [
              { field: 'id', operator: 'equals', value: 1 },
              { field: 'id', operator: 'equals', value: 2 },
              { field: 'id', operator: 'equals', value: 3 },
            ],
          },
        ],
      }),
    ).toBe('LIMIT_EXCEEDED')
  })

  it('checks values and operators against column types', () => {
    const check = (filter: object) =>
      errorOf(() =>
        compileReport({ ...base, fields: [{ field: 'id' }], filters: [filter] }, catalog, ACME),
      )
    expect(check({ field: 'amount', operator: 'equals', value: '1; drop' }).code).toBe(
      'INVALID_DEFINITION',
    )
    expect(check({ field: 'order_date', operator: 'equals', value: '2025-02-30' }).code).toBe(
      'INVALID_DEFINITION',
    )
    expect(check({ field: 'amount', operator: 'contains', value: '1' }).message).toMatch(
      /text fields only/,
    )
    expect(
      check({ field: 'channel', operator: 'in_last', value: { amount: 1, unit: 'day' } }).code,
    ).toBe('INVALID_DEFINITION')
    expect(check({ field: 'is_returned', operator: 'greater_than', value: true }).code).toBe(
      'INVALID_DEFINITION',
    )
    expect(
      errorOf(() =>
        compileReport(
          { ...base, fields: [{ field: 'channel', aggregation: 'sum' }] },
          catalog,
          ACME,
        ),
      ).message,
    ).toMatch(/numeric/)
  })

  it('rejects a time zone that is not IANA', () => {
    const definition = {
      ...base,
      fields: [
        { field: 'ordered_at', bucket: 'day' },
        { field: 'id', aggregation: 'count' },
      ],
    }
    expect(
      errorOf(() => compileReport(definition, catalog, { ...ACME, timezone: "UTC'); drop" })).code,
    ).toBe('INVALID_DEFINITION')
  })
})
