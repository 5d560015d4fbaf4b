/**
 * `@reportwright/core/testing`: the shared sales fixture, the engine matrix and service checks
 * used by Reportwright's own suites and available to hosts testing their catalogs. Database
 * drivers are optional peers, loaded with `import()` only when an engine is opened.
 *
 * @packageDocumentation
 */

/* --- sales fixture --- */
export {
  CUSTOMER_SEGMENTS,
  HOSTILE_NOTES,
  PRODUCT_CATEGORIES,
  SALES_CHANNELS,
  SALES_FIXTURE,
  SALES_FIXTURE_EDGE_INSTANTS,
  SALES_FIXTURE_SEED,
  SALES_FIXTURE_TABLES,
  SALES_FIXTURE_VERSION,
  TENANTS,
  createSalesCatalog,
  generateSalesFixture,
  loadMysql,
  loadPglite,
  loadPostgres,
  loadSqlite,
  sumDecimals,
} from './sales-fixture'
export type {
  CustomerRow,
  EdgeInstant,
  FixtureMysqlConnection,
  FixtureMysqlPool,
  FixtureMysqlPromisePool,
  FixturePgClient,
  FixturePgPool,
  FixturePglite,
  FixtureSqliteDatabase,
  FixtureTenant,
  LoadResult,
  ProductRow,
  RegionRow,
  SaleRow,
  SalesFixture,
} from './sales-fixture'

/* --- engines --- */
export { ENGINE_NAMES, checkFixtureEngine, fixtureEngineUrl, openFixtureEngine } from './engines'
export type {
  EngineName,
  FixtureEngine,
  FixtureEngineStatus,
  OpenFixtureEngineOptions,
} from './engines'

/* --- services --- */
export { checkService, redactUrl, requireServices, serviceUrl } from './services'
export type { ServiceKind, ServiceStatus } from './services'
