import { defineCatalog } from '@reportwright/core'
import type { Catalog, RequestContext, Source } from '@reportwright/core'
import { DEMO_TABLES } from './seed/index'

const MONEY = '$#,##0.00'
/** Who may see costs and margins. */
export const FINANCE_ROLES = ['finance', 'admin'] as const

/**
 * What the demo lets its users report on: sales with their customer (and the customer's region)
 * and product. Every dataset but the shared regions is scoped by `tenant_id`; cost, margin and
 * unit cost are visible to the finance and admin roles only.
 */
export function createDemoCatalog(source: Source): Catalog {
  return defineCatalog({
    sources: { demo: source },
    datasets: {
      sales: {
        source: 'demo',
        table: DEMO_TABLES.sales,
        label: 'Sales',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Order ID' },
          order_number: { type: 'string', label: 'Order number' },
          ordered_at: { type: 'datetime', label: 'Ordered at' },
          channel: { type: 'string', label: 'Channel' },
          quantity: { type: 'integer', label: 'Quantity' },
          unit_price: { type: 'currency', label: 'Unit price', format: MONEY },
          discount: { type: 'percent', label: 'Discount', format: '0%' },
          amount: { type: 'currency', label: 'Revenue', format: MONEY },
          cost: { type: 'currency', label: 'Cost', format: MONEY, roles: FINANCE_ROLES },
          margin: { type: 'currency', label: 'Margin', format: MONEY, roles: FINANCE_ROLES },
        },
        joins: {
          customer: {
            dataset: 'customers',
            on: { from: 'customer_id', to: 'id' },
            type: 'many-to-one',
            label: 'Customer',
          },
          product: {
            dataset: 'products',
            on: { from: 'product_id', to: 'id' },
            type: 'many-to-one',
            label: 'Product',
          },
        },
      },
      customers: {
        source: 'demo',
        table: DEMO_TABLES.customers,
        label: 'Customers',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Customer ID' },
          name: { type: 'string', label: 'Customer' },
          segment: { type: 'string', label: 'Segment' },
          country: { type: 'string', label: 'Country' },
          city: { type: 'string', label: 'City' },
          customer_since: { type: 'date', label: 'Customer since' },
        },
        joins: {
          region: {
            dataset: 'regions',
            on: { from: 'region_id', to: 'id' },
            type: 'many-to-one',
            label: 'Region',
          },
        },
      },
      products: {
        source: 'demo',
        table: DEMO_TABLES.products,
        label: 'Products',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Product ID' },
          sku: { type: 'string', label: 'SKU' },
          name: { type: 'string', label: 'Product' },
          category: { type: 'string', label: 'Category' },
          unit_price: { type: 'currency', label: 'List price', format: MONEY },
          unit_cost: { type: 'currency', label: 'Unit cost', format: MONEY, roles: FINANCE_ROLES },
        },
      },
      regions: {
        source: 'demo',
        table: DEMO_TABLES.regions,
        label: 'Regions',
        columns: {
          id: { type: 'integer', label: 'Region ID' },
          name: { type: 'string', label: 'Region' },
        },
      },
    },
  })
}

/** The person the demo runs reports as: a finance manager of Acme Outdoor. */
export const FINANCE_MANAGER: RequestContext = {
  userId: 'maria.lopez',
  tenantId: 'acme',
  roles: ['manager', 'finance'],
  locale: 'en-US',
  timezone: 'Europe/Berlin',
}

/** A sales rep of the same tenant: no finance role, so no cost or margin. */
export const SALES_REP: RequestContext = {
  userId: 'tom.becker',
  tenantId: 'acme',
  roles: ['user'],
  locale: 'en-US',
  timezone: 'Europe/Berlin',
}
