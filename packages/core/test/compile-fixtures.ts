import type { Catalog, RequestContext, SqlDialect, Source } from '../src/index'
import {
  defineCatalog,
  mysqlDialect,
  pgliteDialect,
  postgresDialect,
  sqliteDialect,
} from '../src/index'

/** A source that can only compile: streaming from it is a test bug. */
export function compileOnlySource(dialect: SqlDialect): Source {
  return {
    kind: 'compile-only',
    dialect,
    stream: () => {
      throw new Error('compile-only source')
    },
    introspect: () => Promise.resolve([]),
    destroy: () => Promise.resolve(),
  }
}

export const DIALECTS = {
  postgres: postgresDialect,
  mysql: mysqlDialect,
  sqlite: sqliteDialect,
  pglite: pgliteDialect,
} as const

/** The sales catalog shape, on a compile-only source of `dialect`. */
export function salesCatalog(dialect: SqlDialect): Catalog {
  return defineCatalog({
    sources: { main: compileOnlySource(dialect) },
    datasets: {
      sales: {
        source: 'main',
        table: 'rw_sales',
        label: 'Sales',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Order ID' },
          ordered_at: { type: 'datetime', label: 'Ordered at' },
          order_date: { type: 'date', label: 'Order date' },
          quantity: { type: 'integer', label: 'Quantity' },
          amount: { type: 'currency', label: 'Amount', format: '$#,##0.00' },
          is_returned: { type: 'boolean', label: 'Returned' },
          channel: { type: 'string', label: 'Channel' },
        },
        joins: {
          customer: {
            dataset: 'customers',
            on: { from: 'customer_id', to: 'id' },
            type: 'many-to-one',
          },
        },
      },
      customers: {
        source: 'main',
        table: 'rw_customers',
        label: 'Customers',
        tenantColumn: 'tenant_id',
        columns: {
          name: { type: 'string', label: 'Customer' },
          segment: { type: 'string', label: 'Segment' },
          credit_limit: { type: 'currency', label: 'Credit limit', roles: ['admin', 'finance'] },
        },
        joins: {
          region: { dataset: 'regions', on: { from: 'region_id', to: 'id' }, type: 'many-to-one' },
        },
      },
      regions: {
        source: 'main',
        table: 'rw_regions',
        label: 'Regions',
        columns: {
          name: { type: 'string', label: 'Region' },
          country: { type: 'string', label: 'Country' },
        },
      },
    },
  })
}

export const ACME: RequestContext = {
  userId: 'u1',
  tenantId: 'acme',
  roles: ['user'],
  timezone: 'UTC',
}
