import type { Catalog, RequestContext, SqlDialect, Source } from '../src/index'
import { mysqlDialect, pgliteDialect, postgresDialect, sqliteDialect } from '../src/index'
import { createSalesCatalog } from '../src/testing/sales-fixture'

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

/** The shared sales catalog, on a compile-only source of `dialect`. */
export function salesCatalog(dialect: SqlDialect): Catalog {
  return createSalesCatalog(compileOnlySource(dialect))
}

export const ACME: RequestContext = {
  userId: 'u1',
  tenantId: 'acme',
  roles: ['user'],
  timezone: 'UTC',
}
