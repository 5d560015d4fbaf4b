import type { DemoData } from './generate-demo-data'

/** The part of a PGlite instance the loader uses. */
export interface DemoPglite {
  exec(sql: string): Promise<unknown>
  query(sql: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>
}

/** Table names of the demo data. */
export const DEMO_TABLES = {
  regions: 'demo_regions',
  customers: 'demo_customers',
  products: 'demo_products',
  sales: 'demo_sales',
} as const

const DDL = `
CREATE TABLE demo_regions (
  id integer PRIMARY KEY,
  name text NOT NULL
);
CREATE TABLE demo_customers (
  id integer PRIMARY KEY,
  tenant_id text NOT NULL,
  name text NOT NULL,
  segment text NOT NULL,
  country text NOT NULL,
  city text NOT NULL,
  region_id integer NOT NULL REFERENCES demo_regions (id),
  customer_since date NOT NULL
);
CREATE TABLE demo_products (
  id integer PRIMARY KEY,
  tenant_id text NOT NULL,
  sku text NOT NULL,
  name text NOT NULL,
  category text NOT NULL,
  unit_price numeric(12, 2) NOT NULL,
  unit_cost numeric(12, 2) NOT NULL
);
CREATE TABLE demo_sales (
  id integer PRIMARY KEY,
  tenant_id text NOT NULL,
  order_number text NOT NULL,
  ordered_at timestamptz NOT NULL,
  customer_id integer NOT NULL REFERENCES demo_customers (id),
  product_id integer NOT NULL REFERENCES demo_products (id),
  channel text NOT NULL,
  quantity integer NOT NULL,
  unit_price numeric(12, 2) NOT NULL,
  discount numeric(5, 4) NOT NULL,
  amount numeric(12, 2) NOT NULL,
  cost numeric(12, 2) NOT NULL,
  margin numeric(12, 2) NOT NULL
);
`

// Created after the load: building an index once is faster than keeping it up to date.
const INDEXES = `
CREATE INDEX demo_sales_tenant_ordered_at ON demo_sales (tenant_id, ordered_at);
CREATE INDEX demo_customers_tenant ON demo_customers (tenant_id);
CREATE INDEX demo_products_tenant ON demo_products (tenant_id);
ANALYZE;
`

/** Integer cents → exact decimal text (`12345` → `123.45`). */
function money(cents: number): string {
  const sign = cents < 0 ? '-' : ''
  const abs = Math.abs(cents)
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`
}

/** A CSV field: quoted when it holds a comma, quote or line break. */
function field(value: string | number): string {
  const text = String(value)
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

function csv(rows: Iterable<readonly (string | number)[]>): Blob {
  const lines: string[] = []
  for (const row of rows) lines.push(row.map(field).join(','))
  lines.push('')
  return new Blob([lines.join('\n')])
}

/**
 * Creates the demo tables and fills them with `COPY … FROM '/dev/blob'` (PGlite's bulk path:
 * one CSV per table, no per-row statements), then indexes and analyzes them.
 */
export async function loadDemoData(db: DemoPglite, data: DemoData): Promise<void> {
  await db.exec(DDL)
  const copy = (table: string, columns: string, blob: Blob) =>
    db.query(`COPY ${table} (${columns}) FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob })
  await copy(
    DEMO_TABLES.regions,
    'id, name',
    csv(data.regions.map((region) => [region.id, region.name])),
  )
  await copy(
    DEMO_TABLES.customers,
    'id, tenant_id, name, segment, country, city, region_id, customer_since',
    csv(
      data.customers.map((c) => [
        c.id,
        c.tenantId,
        c.name,
        c.segment,
        c.country,
        c.city,
        c.regionId,
        c.customerSince,
      ]),
    ),
  )
  await copy(
    DEMO_TABLES.products,
    'id, tenant_id, sku, name, category, unit_price, unit_cost',
    csv(
      data.products.map((p) => [
        p.id,
        p.tenantId,
        p.sku,
        p.name,
        p.category,
        money(p.unitPriceCents),
        money(p.unitCostCents),
      ]),
    ),
  )
  await copy(
    DEMO_TABLES.sales,
    'id, tenant_id, order_number, ordered_at, customer_id, product_id, channel, quantity, unit_price, discount, amount, cost, margin',
    csv(
      (function* () {
        for (const s of data.sales)
          yield [
            s.id,
            s.tenantId,
            s.orderNumber,
            new Date(s.orderedAt).toISOString(),
            s.customerId,
            s.productId,
            s.channel,
            s.quantity,
            money(s.unitPriceCents),
            (s.discountBasisPoints / 10_000).toFixed(4),
            money(s.amountCents),
            money(s.costCents),
            money(s.amountCents - s.costCents),
          ]
      })(),
    ),
  )
  await db.exec(INDEXES)
}
