import { generateDemoData } from './generate-demo-data'
import { loadDemoData } from './load-demo-data'
import type { DemoPglite } from './load-demo-data'

export { DEFAULT_DEMO_SALES, DEMO_PERIOD, DEMO_SEED, generateDemoData } from './generate-demo-data'
export type {
  DemoCustomer,
  DemoData,
  DemoProduct,
  DemoRegion,
  DemoSale,
} from './generate-demo-data'
export { DEMO_TABLES, loadDemoData } from './load-demo-data'
export type { DemoPglite } from './load-demo-data'
export { DEMO_REGIONS, DEMO_TENANTS } from './word-lists'
export type { DemoTenantId } from './word-lists'

/** What {@link seedDemoDatabase} loaded. */
export interface SeedSummary {
  readonly regions: number
  readonly customers: number
  readonly products: number
  readonly sales: number
}

/**
 * Generates the demo data (deterministic) and loads it into a fresh PGlite database. The test
 * seeds its own database with this to compute the expected report contents.
 */
export async function seedDemoDatabase(
  db: DemoPglite,
  options: { readonly sales?: number } = {},
): Promise<SeedSummary> {
  const data = generateDemoData(options)
  await loadDemoData(db, data)
  return {
    regions: data.regions.length,
    customers: data.customers.length,
    products: data.products.length,
    sales: data.sales.length,
  }
}
