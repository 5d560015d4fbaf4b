import type { Catalog } from '../catalog/catalog-types'
import { defineCatalog } from '../catalog/define-catalog'
import type { Source } from '../source/source'

// ---------------------------------------------------------------------------------------------
// Data
// ---------------------------------------------------------------------------------------------

/** The tenants of the fixture. `acme` holds 60 % of customers and sales, `globex` 40 %. */
export const TENANTS = ['acme', 'globex'] as const
/** One of {@link TENANTS}. */
export type FixtureTenant = (typeof TENANTS)[number]

/** Seed of the fixture's PRNG (mulberry32). */
export const SALES_FIXTURE_SEED = 20_240_101

/** Customer segments, in the order they are declared. */
export const CUSTOMER_SEGMENTS = ['Enterprise', 'Mid-Market', 'Small Business'] as const
/** Sales channels; about 10 % of sales have none (`null`). */
export const SALES_CHANNELS = ['Web', 'Store', 'Partner'] as const
/** Product categories. */
export const PRODUCT_CATEGORIES = [
  'Hardware',
  'Software',
  'Services',
  'Support',
  'Training',
] as const

/**
 * Notes that look hostile to SQL, LIKE patterns, HTML, CSV and spreadsheets. Each one is on at
 * least two sales of every tenant.
 */
export const HOSTILE_NOTES: readonly string[] = Object.freeze([
  "O'Brien; DROP TABLE sales; --",
  '50% off_now',
  'back\\slash',
  '<script>alert(1)</script>',
  'emoji 🎉',
  '"double" quotes, and a comma',
  'line one\nline two',
  '=SUM(A1:A9)',
  'Ünïcödé café',
  "Robert'); DROP TABLE rw_sales;--",
])

/** A row of `rw_regions` (shared by all tenants). */
export interface RegionRow {
  readonly id: number
  readonly name: string
  readonly country: string
}

/** A row of `rw_customers`. Decimals are exact strings with 2 decimals. */
export interface CustomerRow {
  readonly id: number
  readonly tenant_id: FixtureTenant
  readonly name: string
  readonly segment: (typeof CUSTOMER_SEGMENTS)[number]
  readonly region_id: number | null
  /** `YYYY-MM-DD` */
  readonly signup_date: string
  readonly credit_limit: string
}

/** A row of `rw_products`. Decimals are exact strings with 2 decimals. */
export interface ProductRow {
  readonly id: number
  readonly tenant_id: FixtureTenant
  readonly name: string | null
  readonly category: (typeof PRODUCT_CATEGORIES)[number]
  readonly unit_price: string
  readonly unit_cost: string
}

/** A row of `rw_sales`. */
export interface SaleRow {
  readonly id: number
  readonly tenant_id: FixtureTenant
  readonly customer_id: number
  readonly product_id: number
  /** ISO-8601 UTC with milliseconds, e.g. `2024-03-31T22:30:00.000Z`. */
  readonly ordered_at: string
  /** UTC calendar date of `ordered_at`, `YYYY-MM-DD`. */
  readonly order_date: string
  readonly quantity: number
  /** `round(quantity * unit_price * (1 - discount), 2)`, exact, 2 decimals. */
  readonly amount: string
  /** A fraction with 4 decimals, `0.0000`–`0.2500`. */
  readonly discount: string
  readonly is_returned: boolean
  readonly channel: (typeof SALES_CHANNELS)[number] | null
  readonly note: string | null
}

/** The whole data set, one array per table, ordered by id. */
export interface SalesFixture {
  readonly regions: readonly RegionRow[]
  readonly customers: readonly CustomerRow[]
  readonly products: readonly ProductRow[]
  readonly sales: readonly SaleRow[]
}

/** An instant placed on purpose where time zones disagree about the day, month, year or hour. */
export interface EdgeInstant {
  /** ISO-8601 UTC. */
  readonly at: string
  readonly why: string
}

/**
 * Instants the fixture always holds one sale of each tenant at: midnights UTC, range ends, and
 * the 2024/2025 DST switches of Europe/Berlin and America/New_York (so reports bucketed in
 * those zones differ from UTC).
 */
export const SALES_FIXTURE_EDGE_INSTANTS: readonly EdgeInstant[] = Object.freeze(
  [
    // Midnight UTC and the ends of the range
    { at: '2024-01-01T00:00:00.000Z', why: 'first instant; 2023-12-31 in New York' },
    { at: '2024-01-07T23:30:00.000Z', why: 'Sunday in UTC, Monday (next week) in Berlin' },
    { at: '2024-02-29T23:59:59.999Z', why: 'end of leap day UTC; March 1 in Berlin' },
    { at: '2024-06-30T23:45:00.000Z', why: 'Q2 in UTC, Q3 in Berlin' },
    { at: '2024-09-30T23:00:00.000Z', why: 'Q3 in UTC, Q4 in Berlin' },
    { at: '2024-12-01T03:00:00.000Z', why: 'December in UTC, November in New York' },
    { at: '2024-12-31T23:30:00.000Z', why: '2024 in UTC, 2025 in Berlin' },
    { at: '2025-01-01T00:00:00.000Z', why: 'midnight UTC, New Year' },
    { at: '2025-01-01T02:00:00.000Z', why: '2025 in UTC, 2024 in New York' },
    { at: '2025-06-15T00:00:00.000Z', why: 'midnight UTC' },
    { at: '2025-09-30T22:15:00.000Z', why: 'Q3 in UTC, Q4 in Berlin (CEST)' },
    { at: '2025-12-31T23:59:59.999Z', why: 'last instant; 2026 in Berlin' },
    // Europe/Berlin: spring forward 2024-03-31 01:00Z, fall back 2024-10-27 01:00Z
    { at: '2024-03-30T23:30:00.000Z', why: 'March 30 in UTC, March 31 in Berlin (CET)' },
    { at: '2024-03-31T00:59:59.000Z', why: 'Berlin 01:59:59 CET, just before spring forward' },
    { at: '2024-03-31T01:00:00.000Z', why: 'Berlin 03:00 CEST, spring forward' },
    { at: '2024-03-31T22:30:00.000Z', why: 'March/Q1 in UTC, April/Q2 in Berlin (CEST)' },
    { at: '2024-10-26T22:30:00.000Z', why: 'October 26 in UTC, October 27 in Berlin (CEST)' },
    { at: '2024-10-27T00:30:00.000Z', why: 'Berlin 02:30 CEST, first pass' },
    { at: '2024-10-27T01:30:00.000Z', why: 'Berlin 02:30 CET, second pass' },
    { at: '2025-03-30T00:59:59.000Z', why: 'Berlin 01:59:59 CET, just before spring forward' },
    { at: '2025-03-30T01:00:00.000Z', why: 'Berlin 03:00 CEST, spring forward' },
    { at: '2025-10-26T00:30:00.000Z', why: 'Berlin 02:30 CEST, first pass' },
    { at: '2025-10-26T01:30:00.000Z', why: 'Berlin 02:30 CET, second pass' },
    // America/New_York: spring forward 2024-03-10 07:00Z, fall back 2024-11-03 06:00Z
    { at: '2024-03-10T04:30:00.000Z', why: 'March 10 in UTC, March 9 in New York (EST)' },
    { at: '2024-03-10T06:59:59.000Z', why: 'New York 01:59:59 EST, just before spring forward' },
    { at: '2024-03-10T07:00:00.000Z', why: 'New York 03:00 EDT, spring forward' },
    { at: '2024-11-03T05:30:00.000Z', why: 'New York 01:30 EDT, first pass' },
    { at: '2024-11-03T06:30:00.000Z', why: 'New York 01:30 EST, second pass' },
    { at: '2025-03-09T06:59:59.000Z', why: 'New York 01:59:59 EST, just before spring forward' },
    { at: '2025-03-09T07:00:00.000Z', why: 'New York 03:00 EDT, spring forward' },
    { at: '2025-11-02T05:30:00.000Z', why: 'New York 01:30 EDT, first pass' },
    { at: '2025-11-02T06:30:00.000Z', why: 'New York 01:30 EST, second pass' },
  ].map((edge) => Object.freeze(edge)),
)

const REGIONS: readonly RegionRow[] = [
  { id: 1, name: 'Nordics', country: 'Sweden' },
  { id: 2, name: 'Iberia', country: 'Spain' },
  { id: 3, name: 'Benelux', country: 'Netherlands' },
  { id: 4, name: 'Northeast', country: 'United States' },
  { id: 5, name: 'Pacific', country: 'Japan' },
  { id: 6, name: 'Andes', country: 'Peru' },
]

const CUSTOMER_COUNT = 120
const PRODUCTS_PER_TENANT = 40
const SALES_PER_TENANT: Readonly<Record<FixtureTenant, number>> = { acme: 3600, globex: 2400 }
const FIRST_SECOND = Date.UTC(2024, 0, 1) / 1000
const LAST_SECOND = Date.UTC(2025, 11, 31, 23, 59, 59) / 1000

// prettier-ignore
const NAME_FIRST = [
  'Blue', 'Bright', 'Cedar', 'Delta', 'Eagle', 'Falcon', 'Granite', 'Harbor', 'Iron', 'Juniper',
  'Keystone', 'Lakeside', 'Maple', 'Northwind', 'Oak', 'Pioneer', 'Quarry', 'Redwood', 'Summit',
  'Tidal', 'Union', 'Vertex', 'Willow', 'Zenith',
] as const
// prettier-ignore
const NAME_SECOND = [
  'Analytics', 'Bakery', 'Logistics', 'Foods', 'Holdings', 'Labs', 'Media', 'Motors', 'Partners',
  'Robotics', 'Studios', 'Systems', 'Textiles', 'Works',
] as const
const NAME_SUFFIX = ['Inc', 'Ltd', 'GmbH', 'LLC', 'AB', 'SA'] as const
/** Real-world punctuation in names (not hostile, just realistic). */
const SPECIAL_CUSTOMER_NAMES = ["O'Hara & Sons", 'Müller Feinkost GmbH', 'Smith-Jones Ltd'] as const

// prettier-ignore
const PRODUCT_WORDS: Readonly<Record<ProductRow['category'], readonly string[]>> = {
  Hardware: ['Router', 'Laptop', 'Monitor', 'Dock', 'Scanner', 'Printer', 'Switch', 'Tablet'],
  Software: ['Analytics Suite', 'Backup', 'Firewall', 'CRM Seat', 'Office Pack', 'Designer', 'VPN', 'Ledger'],
  Services: ['Installation', 'Migration', 'Audit', 'Consulting Day', 'Integration', 'Data Cleanup', 'Setup', 'Review'],
  Support: ['Care Basic', 'Care Plus', 'Care Premium', 'Hotline', 'On-Site Visit', 'Remote Hour', 'Warranty', 'Patch Plan'],
  Training: ['Workshop', 'Bootcamp', 'Webinar', 'Certification', 'Onboarding', 'Masterclass', 'Course', 'Coaching'],
}
const PRODUCT_EDITIONS = ['Lite', 'Standard', 'Pro', 'Max', 'XL'] as const
const PRICE_RANGE_CENTS: Readonly<Record<ProductRow['category'], readonly [number, number]>> = {
  Hardware: [4_900, 249_900],
  Software: [990, 119_900],
  Services: [15_000, 480_000],
  Support: [1_900, 49_900],
  Training: [19_900, 299_900],
}
const BENIGN_NOTES = [
  'Rush delivery',
  'Gift wrap',
  'Call before delivery',
  'Invoice by post',
  'Repeat order',
] as const

/** mulberry32: small, fast and good enough for test data. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T
}

/** Picks by weight; `weights` line up with `items`. */
function weighted<T>(random: () => number, items: readonly T[], weights: readonly number[]): T {
  const total = weights.reduce((sum, w) => sum + w, 0)
  let r = random() * total
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] as number
    if (r < 0) return items[i] as T
  }
  return items[items.length - 1] as T
}

function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1))
}

/** Integer hundredths (or ten-thousandths with `scale` 4) → exact decimal text. */
function fixed(units: number, scale: 2 | 4): string {
  const factor = scale === 2 ? 100 : 10_000
  const sign = units < 0 ? '-' : ''
  const abs = Math.abs(units)
  return `${sign}${Math.floor(abs / factor)}.${String(abs % factor).padStart(scale, '0')}`
}

/** Parses exact decimal text with at most 2 decimals into integer hundredths. */
function toCents(value: string): number {
  const match = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(value)
  if (!match) throw new Error(`Not a 2-decimal value: ${value}`)
  const cents = Number(match[2]) * 100 + Number(((match[3] ?? '') + '00').slice(0, 2))
  return match[1] ? -cents : cents
}

/**
 * Sums decimals of at most 2 decimals exactly (integer cents), e.g. to compute the expected
 * total of `amount` for a tenant. Returns text with exactly 2 decimals.
 */
export function sumDecimals(values: Iterable<string>): string {
  let cents = 0
  for (const value of values) cents += toCents(value)
  return fixed(cents, 2)
}

/**
 * Builds the fixture from a seed. Pure and deterministic: the same seed gives deep-equal data.
 * Most callers want the frozen {@link SALES_FIXTURE} instead.
 */
export function generateSalesFixture(seed: number = SALES_FIXTURE_SEED): SalesFixture {
  const random = mulberry32(seed)

  const regions = REGIONS.map((region) => ({ ...region }))

  // Customers: ids interleave tenants (3 acme, 2 globex, ...), a few have no region.
  const customers: CustomerRow[] = []
  const usedNames = new Set<string>()
  for (let id = 1; id <= CUSTOMER_COUNT; id++) {
    const tenant: FixtureTenant = (id - 1) % 5 < 3 ? 'acme' : 'globex'
    let name: string
    const special = (id - 1) % 37 === 0 ? SPECIAL_CUSTOMER_NAMES[(id - 1) / 37] : undefined
    if (special !== undefined) name = special
    else {
      do {
        name = `${pick(random, NAME_FIRST)} ${pick(random, NAME_SECOND)} ${pick(random, NAME_SUFFIX)}`
      } while (usedNames.has(`${tenant}/${name}`))
    }
    usedNames.add(`${tenant}/${name}`)
    const segment = weighted(random, CUSTOMER_SEGMENTS, [2, 3, 5])
    const region = random()
    const regionId = id % 17 === 5 ? null : 1 + Math.floor(region * REGIONS.length)
    const signupDay = randomInt(random, 0, 4 * 365) // 2021-01-01 .. 2024-12-31
    const signup = new Date(Date.UTC(2021, 0, 1) + signupDay * 86_400_000)
      .toISOString()
      .slice(0, 10)
    const creditBase =
      segment === 'Enterprise' ? 250_000 : segment === 'Mid-Market' ? 50_000 : 5_000
    const creditCents =
      (creditBase + randomInt(random, 0, creditBase / 500) * 500) * 100 +
      randomInt(random, 0, 3) * 25
    customers.push({
      id,
      tenant_id: tenant,
      name,
      segment,
      region_id: regionId,
      signup_date: signup,
      credit_limit: fixed(creditCents, 2),
    })
  }

  // Products: odd ids acme, even ids globex; names unique within a tenant.
  const products: ProductRow[] = []
  const priceCents = new Map<number, number>()
  const productNames = new Set<string>()
  for (let id = 1; id <= PRODUCTS_PER_TENANT * TENANTS.length; id++) {
    const tenant: FixtureTenant = id % 2 === 1 ? 'acme' : 'globex'
    const category = PRODUCT_CATEGORIES[
      Math.floor((id - 1) / 2) % PRODUCT_CATEGORIES.length
    ] as ProductRow['category']
    let name: string
    do {
      name = `${pick(random, PRODUCT_WORDS[category])} ${pick(random, PRODUCT_EDITIONS)}`
    } while (productNames.has(`${tenant}/${name}`))
    productNames.add(`${tenant}/${name}`)
    const [low, high] = PRICE_RANGE_CENTS[category]
    // Prices end in .00, .50, .90 or .99 like real price lists.
    const ending = pick(random, [0, 50, 90, 99])
    const price = Math.floor(randomInt(random, low, high) / 100) * 100 + ending
    const cost = Math.round((price * randomInt(random, 3_500, 8_000)) / 10_000)
    priceCents.set(id, price)
    products.push({
      id,
      tenant_id: tenant,
      name,
      category,
      unit_price: fixed(price, 2),
      unit_cost: fixed(cost, 2),
    })
  }

  const customersOf = (tenant: FixtureTenant): CustomerRow[] =>
    customers.filter((c) => c.tenant_id === tenant)
  const productsOf = (tenant: FixtureTenant): ProductRow[] =>
    products.filter((p) => p.tenant_id === tenant)

  type Draft = Omit<SaleRow, 'id' | 'note'> & { note: string | null; seq: number }
  const drafts: Draft[] = []
  let seq = 0
  const draft = (tenant: FixtureTenant, second: number, millis: number): Draft => {
    const tenantCustomers = customersOf(tenant)
    const tenantProducts = productsOf(tenant)
    // Skewed: a few big customers and best-selling products.
    const customer = tenantCustomers[
      Math.floor(random() ** 2 * tenantCustomers.length)
    ] as CustomerRow
    const product = tenantProducts[
      Math.floor(random() ** 1.6 * tenantProducts.length)
    ] as ProductRow
    const quantity = weighted(
      random,
      [1, 2, 3, 4, 5, 8, 10, 12, 20],
      [30, 20, 12, 8, 10, 6, 6, 4, 4],
    )
    const discountBp = random() < 0.55 ? 0 : randomInt(random, 1, 100) * 25 // 0.0025 steps up to 0.2500
    const price = priceCents.get(product.id) as number
    // Integer cents: quantity * price * (10000 - bp) / 10000, rounded half up.
    const amountCents = Math.floor((quantity * price * (10_000 - discountBp) + 5_000) / 10_000)
    const channel = weighted<SaleRow['channel']>(
      random,
      ['Web', 'Store', 'Partner', null],
      [50, 25, 15, 10],
    )
    const isReturned = random() < 0.05
    const orderedAt = new Date(second * 1000 + millis).toISOString()
    return {
      tenant_id: tenant,
      customer_id: customer.id,
      product_id: product.id,
      ordered_at: orderedAt,
      order_date: orderedAt.slice(0, 10),
      quantity,
      amount: fixed(amountCents, 2),
      discount: fixed(discountBp, 4),
      is_returned: isReturned,
      channel,
      note: null,
      seq: seq++,
    }
  }

  for (const tenant of TENANTS) {
    for (const edge of SALES_FIXTURE_EDGE_INSTANTS) {
      const ms = Date.parse(edge.at)
      drafts.push(draft(tenant, Math.floor(ms / 1000), ms % 1000))
    }
    const randomCount = SALES_PER_TENANT[tenant] - SALES_FIXTURE_EDGE_INSTANTS.length
    for (let i = 0; i < randomCount; i++) {
      let second: number
      if (random() < 0.06) {
        // Near midnight UTC: 23:00:00 .. 00:59:59
        const day = randomInt(random, 1, 730)
        second = FIRST_SECOND + day * 86_400 - 3_600 + randomInt(random, 0, 7_199)
        second = Math.min(LAST_SECOND, Math.max(FIRST_SECOND, second))
      } else {
        second = randomInt(random, FIRST_SECOND, LAST_SECOND)
      }
      drafts.push(draft(tenant, second, 0))
    }
  }

  // Notes: every hostile note on 2 sales per tenant, plus a few benign ones.
  for (const tenant of TENANTS) {
    const own = drafts.filter((d) => d.tenant_id === tenant)
    const taken = new Set<number>()
    const takeFree = (): Draft => {
      for (;;) {
        const index = Math.floor(random() * own.length)
        if (!taken.has(index)) {
          taken.add(index)
          return own[index] as Draft
        }
      }
    }
    for (const note of HOSTILE_NOTES) for (let k = 0; k < 2; k++) takeFree().note = note
    const benign = Math.round(own.length * 0.03)
    for (let k = 0; k < benign; k++) takeFree().note = pick(random, BENIGN_NOTES)
  }

  drafts.sort((a, b) =>
    a.ordered_at < b.ordered_at ? -1 : a.ordered_at > b.ordered_at ? 1 : a.seq - b.seq,
  )
  const sales: SaleRow[] = drafts.map(({ seq: _seq, ...row }, index) => ({ id: index + 1, ...row }))

  return { regions, customers, products, sales }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}

/** The fixture's rows per table, generated from {@link SALES_FIXTURE_SEED} and deep-frozen. */
export const SALES_FIXTURE: SalesFixture = deepFreeze(generateSalesFixture())

// ---------------------------------------------------------------------------------------------
// Schema
// ---------------------------------------------------------------------------------------------

/** Physical table names of the fixture. */
export const SALES_FIXTURE_TABLES = Object.freeze({
  regions: 'rw_regions',
  customers: 'rw_customers',
  products: 'rw_products',
  sales: 'rw_sales',
} as const)

const VERSION_TABLE = 'rw_fixture_version'
const VERSION_KEY = 'sales'
/** `pg_advisory_lock` key taken while loading ("RWSF"). */
const PG_LOCK_KEY = 0x52575346
const MYSQL_LOCK_NAME = 'rw_fixture'

type TableKey = keyof SalesFixture
/** Insert order (parents first); drop order is the reverse. */
const TABLE_ORDER: readonly TableKey[] = ['regions', 'customers', 'products', 'sales']

const COLUMNS: { readonly [K in TableKey]: readonly (keyof SalesFixture[K][number] & string)[] } = {
  regions: ['id', 'name', 'country'],
  customers: ['id', 'tenant_id', 'name', 'segment', 'region_id', 'signup_date', 'credit_limit'],
  products: ['id', 'tenant_id', 'name', 'category', 'unit_price', 'unit_cost'],
  sales: [
    'id',
    'tenant_id',
    'customer_id',
    'product_id',
    'ordered_at',
    'order_date',
    'quantity',
    'amount',
    'discount',
    'is_returned',
    'channel',
    'note',
  ],
}

/** PostgreSQL and PGlite. `COLLATE "C"` makes string order and equality byte-wise like the others. */
function postgresDdl(q: (table: string) => string): string[] {
  const text = (n: number, nullable = false): string =>
    `varchar(${n}) COLLATE "C"${nullable ? '' : ' NOT NULL'}`
  return [
    `CREATE TABLE ${q('rw_regions')} (id integer PRIMARY KEY, name ${text(40)}, country ${text(40)})`,
    `CREATE TABLE ${q('rw_customers')} (id integer PRIMARY KEY, tenant_id ${text(20)}, name ${text(80)},
      segment ${text(20)}, region_id integer NULL REFERENCES ${q('rw_regions')} (id),
      signup_date date NOT NULL, credit_limit numeric(12,2) NOT NULL)`,
    `CREATE TABLE ${q('rw_products')} (id integer PRIMARY KEY, tenant_id ${text(20)}, name ${text(80, true)},
      category ${text(30)}, unit_price numeric(12,2) NOT NULL, unit_cost numeric(12,2) NOT NULL)`,
    `CREATE TABLE ${q('rw_sales')} (id integer PRIMARY KEY, tenant_id ${text(20)},
      customer_id integer NOT NULL REFERENCES ${q('rw_customers')} (id),
      product_id integer NOT NULL REFERENCES ${q('rw_products')} (id),
      ordered_at timestamptz NOT NULL, order_date date NOT NULL, quantity integer NOT NULL,
      amount numeric(12,2) NOT NULL, discount numeric(5,4) NOT NULL, is_returned boolean NOT NULL,
      channel ${text(20, true)}, note ${text(200, true)})`,
    `CREATE INDEX rw_sales_tenant_ordered_at ON ${q('rw_sales')} (tenant_id, ordered_at)`,
  ]
}

/** MariaDB / MySQL. `utf8mb4_bin` makes string order and equality byte-wise like the others. */
function mysqlDdl(): string[] {
  const table = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin'
  return [
    `CREATE TABLE rw_regions (id INT NOT NULL PRIMARY KEY, name VARCHAR(40) NOT NULL, country VARCHAR(40) NOT NULL) ${table}`,
    `CREATE TABLE rw_customers (id INT NOT NULL PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL, name VARCHAR(80) NOT NULL,
      segment VARCHAR(20) NOT NULL, region_id INT NULL, signup_date DATE NOT NULL, credit_limit DECIMAL(12,2) NOT NULL,
      CONSTRAINT rw_customers_region_fk FOREIGN KEY (region_id) REFERENCES rw_regions (id)) ${table}`,
    `CREATE TABLE rw_products (id INT NOT NULL PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL, name VARCHAR(80) NULL,
      category VARCHAR(30) NOT NULL, unit_price DECIMAL(12,2) NOT NULL, unit_cost DECIMAL(12,2) NOT NULL) ${table}`,
    `CREATE TABLE rw_sales (id INT NOT NULL PRIMARY KEY, tenant_id VARCHAR(20) NOT NULL,
      customer_id INT NOT NULL, product_id INT NOT NULL, ordered_at DATETIME(3) NOT NULL, order_date DATE NOT NULL,
      quantity INT NOT NULL, amount DECIMAL(12,2) NOT NULL, discount DECIMAL(5,4) NOT NULL, is_returned BOOLEAN NOT NULL,
      channel VARCHAR(20) NULL, note VARCHAR(200) NULL,
      INDEX rw_sales_tenant_ordered_at (tenant_id, ordered_at),
      CONSTRAINT rw_sales_customer_fk FOREIGN KEY (customer_id) REFERENCES rw_customers (id),
      CONSTRAINT rw_sales_product_fk FOREIGN KEY (product_id) REFERENCES rw_products (id)) ${table}`,
  ]
}

/** SQLite: TEXT dates (ISO-8601 UTC), REAL decimals, INTEGER 0/1 booleans. */
function sqliteDdl(): string[] {
  return [
    'CREATE TABLE rw_regions (id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT NOT NULL)',
    `CREATE TABLE rw_customers (id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NOT NULL,
      segment TEXT NOT NULL, region_id INTEGER NULL REFERENCES rw_regions (id), signup_date TEXT NOT NULL,
      credit_limit REAL NOT NULL)`,
    `CREATE TABLE rw_products (id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL, name TEXT NULL,
      category TEXT NOT NULL, unit_price REAL NOT NULL, unit_cost REAL NOT NULL)`,
    `CREATE TABLE rw_sales (id INTEGER PRIMARY KEY, tenant_id TEXT NOT NULL,
      customer_id INTEGER NOT NULL REFERENCES rw_customers (id), product_id INTEGER NOT NULL REFERENCES rw_products (id),
      ordered_at TEXT NOT NULL, order_date TEXT NOT NULL, quantity INTEGER NOT NULL, amount REAL NOT NULL,
      discount REAL NOT NULL, is_returned INTEGER NOT NULL, channel TEXT NULL, note TEXT NULL)`,
    'CREATE INDEX rw_sales_tenant_ordered_at ON rw_sales (tenant_id, ordered_at)',
  ]
}

/** FNV-1a over the data and the DDL: any change to either yields a new version. */
function fingerprint(text: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash.toString(16).padStart(8, '0')
}

/**
 * Version string stored in `rw_fixture_version`; a loader skips an engine that already holds it.
 * Derived from the data and the DDL, so editing either reloads every database.
 */
export const SALES_FIXTURE_VERSION: string = `sales-fixture/1+${fingerprint(
  JSON.stringify(SALES_FIXTURE) +
    postgresDdl((t) => t).join(';') +
    mysqlDdl().join(';') +
    sqliteDdl().join(';'),
)}`

type EngineFlavor = 'postgres' | 'mysql' | 'sqlite'

/** Row values as each driver binds them. */
function rowValues(table: TableKey, row: object, flavor: EngineFlavor): unknown[] {
  const record = row as Record<string, unknown>
  return COLUMNS[table].map((column) => {
    const value = record[column]
    if (flavor === 'postgres' || value === null) return value
    if (column === 'is_returned') return value ? 1 : 0
    if (flavor === 'mysql' && column === 'ordered_at')
      return (value as string).replace('T', ' ').replace('Z', '')
    if (
      flavor === 'sqlite' &&
      ['credit_limit', 'unit_price', 'unit_cost', 'amount', 'discount'].includes(column)
    )
      return Number(value)
    return value
  })
}

/** Multi-row INSERT statements with bound parameters, `rowsPerBatch` rows each. */
function insertBatches(
  table: TableKey,
  target: {
    readonly qualified: string
    readonly flavor: EngineFlavor
    readonly rowsPerBatch: number
  },
): { sql: string; params: unknown[] }[] {
  const { qualified, flavor, rowsPerBatch } = target
  const rows = SALES_FIXTURE[table] as readonly object[]
  const columns = COLUMNS[table]
  const batches: { sql: string; params: unknown[] }[] = []
  for (let start = 0; start < rows.length; start += rowsPerBatch) {
    const chunk = rows.slice(start, start + rowsPerBatch)
    const params: unknown[] = []
    const tuples = chunk.map((row) => {
      const values = rowValues(table, row, flavor)
      const marks = values.map((value) => {
        params.push(value)
        return flavor === 'postgres' ? `$${params.length}` : '?'
      })
      return `(${marks.join(', ')})`
    })
    batches.push({
      sql: `INSERT INTO ${qualified} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`,
      params,
    })
  }
  return batches
}

// ---------------------------------------------------------------------------------------------
// Loaders
// ---------------------------------------------------------------------------------------------

/** The part of a `pg` client (or pool) the loader uses. */
export interface FixturePgClient {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>
}

/** The part of a `pg.Pool` the loader uses. */
export interface FixturePgPool {
  connect(): Promise<FixturePgClient & { release(): void }>
}

/** The part of a mysql2 promise connection the loader uses (`values` is an array of values). */
export interface FixtureMysqlConnection {
  query(sql: string, values?: unknown): Promise<[unknown, unknown]>
  execute(sql: string, values?: unknown): Promise<[unknown, unknown]>
  release(): void
}

/** A mysql2 promise pool (`mysql2/promise` `createPool`). */
export interface FixtureMysqlPromisePool {
  getConnection(): Promise<FixtureMysqlConnection>
}

/** A mysql2 pool: the promise pool, or the callback pool (its `.promise()` is used). */
export type FixtureMysqlPool = FixtureMysqlPromisePool | { promise(): FixtureMysqlPromisePool }

/** The part of a better-sqlite3 `Database` the loader uses. */
export interface FixtureSqliteDatabase {
  exec(sql: string): unknown
  prepare(sql: string): { run(...params: unknown[]): unknown; get(...params: unknown[]): unknown }
}

/** The part of a PGlite instance the loader uses. */
export interface FixturePglite {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[] }>
  exec(sql: string): Promise<unknown>
}

/** What a loader did. */
export interface LoadResult {
  /** False when the database already held {@link SALES_FIXTURE_VERSION}. */
  readonly loaded: boolean
  readonly version: string
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/

function readVersion(rows: readonly unknown[]): string | undefined {
  const row = rows[0] as { version?: unknown } | undefined
  return typeof row?.version === 'string' ? row.version : undefined
}

/**
 * Loads the fixture into PostgreSQL under `pg_advisory_lock`, in one transaction, then ANALYZEs.
 * Skips the load when `rw_fixture_version` already holds {@link SALES_FIXTURE_VERSION}.
 *
 * @param options.schema Schema to create the tables in (created if missing); default: the
 *   connection's search path. Use the same schema in {@link createSalesCatalog}.
 */
export async function loadPostgres(
  pool: FixturePgPool,
  options: { schema?: string } = {},
): Promise<LoadResult> {
  const { schema } = options
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new Error(`Invalid schema name "${schema}"`)
  const q = (table: string): string => (schema ? `"${schema}"."${table}"` : `"${table}"`)
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock($1)', [PG_LOCK_KEY])
    try {
      return await loadPostgresLocked(client, { q, schema, analyze: true })
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [PG_LOCK_KEY])
    }
  } finally {
    client.release()
  }
}

/** Loads the fixture into a PGlite database (same DDL as PostgreSQL). */
export async function loadPglite(db: FixturePglite): Promise<LoadResult> {
  return loadPostgresLocked(db, { q: (table) => `"${table}"`, analyze: false })
}

async function loadPostgresLocked(
  client: FixturePgClient,
  options: {
    readonly q: (table: string) => string
    readonly schema?: string
    readonly analyze: boolean
  },
): Promise<LoadResult> {
  const { q, schema, analyze } = options
  if (schema) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
  await client.query(
    `CREATE TABLE IF NOT EXISTS ${q(VERSION_TABLE)} (name varchar(40) PRIMARY KEY, version varchar(100) NOT NULL)`,
  )
  const current = await client.query(`SELECT version FROM ${q(VERSION_TABLE)} WHERE name = $1`, [
    VERSION_KEY,
  ])
  if (readVersion(current.rows) === SALES_FIXTURE_VERSION)
    return { loaded: false, version: SALES_FIXTURE_VERSION }
  await client.query('BEGIN')
  try {
    await client.query(`DELETE FROM ${q(VERSION_TABLE)} WHERE name = $1`, [VERSION_KEY])
    for (const table of [...TABLE_ORDER].reverse())
      await client.query(`DROP TABLE IF EXISTS ${q(SALES_FIXTURE_TABLES[table])} CASCADE`)
    for (const statement of postgresDdl(q)) await client.query(statement)
    for (const table of TABLE_ORDER)
      for (const batch of insertBatches(table, {
        qualified: q(SALES_FIXTURE_TABLES[table]),
        flavor: 'postgres',
        rowsPerBatch: 1_000,
      }))
        await client.query(batch.sql, batch.params)
    await client.query(`INSERT INTO ${q(VERSION_TABLE)} (name, version) VALUES ($1, $2)`, [
      VERSION_KEY,
      SALES_FIXTURE_VERSION,
    ])
    await client.query('COMMIT')
  } catch (error) {
    await client.query('ROLLBACK')
    throw error
  }
  if (analyze)
    for (const table of TABLE_ORDER) await client.query(`ANALYZE ${q(SALES_FIXTURE_TABLES[table])}`)
  return { loaded: true, version: SALES_FIXTURE_VERSION }
}

/**
 * Loads the fixture into MariaDB / MySQL (the connection's database) under
 * `GET_LOCK('rw_fixture', 60)`. Skips the load when `rw_fixture_version` already holds
 * {@link SALES_FIXTURE_VERSION}. Datetimes are written as UTC wall-clock text.
 */
export async function loadMysql(pool: FixtureMysqlPool): Promise<LoadResult> {
  // A callback pool also has `getConnection`, so look for `promise()` first.
  const promisePool =
    'promise' in pool && typeof pool.promise === 'function'
      ? pool.promise()
      : (pool as FixtureMysqlPromisePool)
  const conn = await promisePool.getConnection()
  try {
    const [lockRows] = await conn.query(`SELECT GET_LOCK(?, 60) AS locked`, [MYSQL_LOCK_NAME])
    if (Number((lockRows as { locked?: unknown }[])[0]?.locked) !== 1)
      throw new Error('Timed out waiting for the MySQL lock "rw_fixture"')
    try {
      await conn.query(
        `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (name VARCHAR(40) NOT NULL PRIMARY KEY, version VARCHAR(100) NOT NULL)`,
      )
      const [current] = await conn.query(`SELECT version FROM ${VERSION_TABLE} WHERE name = ?`, [
        VERSION_KEY,
      ])
      if (readVersion(current as unknown[]) === SALES_FIXTURE_VERSION)
        return { loaded: false, version: SALES_FIXTURE_VERSION }
      await conn.query(`DELETE FROM ${VERSION_TABLE} WHERE name = ?`, [VERSION_KEY])
      await conn.query(
        `DROP TABLE IF EXISTS ${[...TABLE_ORDER]
          .reverse()
          .map((t) => SALES_FIXTURE_TABLES[t])
          .join(', ')}`,
      )
      for (const statement of mysqlDdl()) await conn.query(statement)
      await conn.query('START TRANSACTION')
      try {
        for (const table of TABLE_ORDER)
          for (const batch of insertBatches(table, {
            qualified: SALES_FIXTURE_TABLES[table],
            flavor: 'mysql',
            rowsPerBatch: 1_000,
          }))
            await conn.execute(batch.sql, batch.params)
        await conn.query(`INSERT INTO ${VERSION_TABLE} (name, version) VALUES (?, ?)`, [
          VERSION_KEY,
          SALES_FIXTURE_VERSION,
        ])
        await conn.query('COMMIT')
      } catch (error) {
        await conn.query('ROLLBACK')
        throw error
      }
      for (const table of TABLE_ORDER)
        await conn.query(`ANALYZE TABLE ${SALES_FIXTURE_TABLES[table]}`)
      return { loaded: true, version: SALES_FIXTURE_VERSION }
    } finally {
      await conn.query('SELECT RELEASE_LOCK(?)', [MYSQL_LOCK_NAME])
    }
  } finally {
    conn.release()
  }
}

/**
 * Loads the fixture into a better-sqlite3 database in one transaction. Skips the load when
 * `rw_fixture_version` already holds {@link SALES_FIXTURE_VERSION}.
 */
export function loadSqlite(database: FixtureSqliteDatabase): Promise<LoadResult> {
  try {
    database.exec(
      `CREATE TABLE IF NOT EXISTS ${VERSION_TABLE} (name TEXT PRIMARY KEY, version TEXT NOT NULL)`,
    )
    const current = database
      .prepare(`SELECT version FROM ${VERSION_TABLE} WHERE name = ?`)
      .get(VERSION_KEY)
    if (readVersion([current]) === SALES_FIXTURE_VERSION)
      return Promise.resolve({ loaded: false, version: SALES_FIXTURE_VERSION })
    database.exec('BEGIN IMMEDIATE')
    try {
      database.prepare(`DELETE FROM ${VERSION_TABLE} WHERE name = ?`).run(VERSION_KEY)
      for (const table of [...TABLE_ORDER].reverse())
        database.exec(`DROP TABLE IF EXISTS ${SALES_FIXTURE_TABLES[table]}`)
      for (const statement of sqliteDdl()) database.exec(statement)
      for (const table of TABLE_ORDER) {
        // 500 rows × 12 columns stays under SQLite's 32,766 bound parameters.
        for (const batch of insertBatches(table, {
          qualified: SALES_FIXTURE_TABLES[table],
          flavor: 'sqlite',
          rowsPerBatch: 500,
        }))
          database.prepare(batch.sql).run(...batch.params)
      }
      database
        .prepare(`INSERT INTO ${VERSION_TABLE} (name, version) VALUES (?, ?)`)
        .run(VERSION_KEY, SALES_FIXTURE_VERSION)
      database.exec('COMMIT')
    } catch (error) {
      database.exec('ROLLBACK')
      throw error
    }
    database.exec('ANALYZE')
    return Promise.resolve({ loaded: true, version: SALES_FIXTURE_VERSION })
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)))
  }
}

// ---------------------------------------------------------------------------------------------
// Catalog
// ---------------------------------------------------------------------------------------------

const MONEY = '$#,##0.00'
const FINANCE_ROLES = ['admin', 'finance'] as const

/**
 * The catalog over the fixture: datasets `sales`, `customers`, `products` (tenant column
 * `tenant_id`, not exposed) and the shared `regions`, all on source key `main`.
 * `credit_limit` and `unit_cost` are visible to the `admin` and `finance` roles only.
 * `customer.region.name` is a two-hop path from `sales`.
 *
 * @param options.schema Schema the tables were loaded into with `loadPostgres(pool, { schema })`.
 */
export function createSalesCatalog(source: Source, options: { schema?: string } = {}): Catalog {
  const { schema } = options
  if (schema !== undefined && !SCHEMA_NAME.test(schema))
    throw new Error(`Invalid schema name "${schema}"`)
  const table = (name: string): string => (schema ? `${schema}.${name}` : name)
  return defineCatalog({
    sources: { main: source },
    datasets: {
      sales: {
        source: 'main',
        table: table(SALES_FIXTURE_TABLES.sales),
        label: 'Sales',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Order ID' },
          ordered_at: { type: 'datetime', label: 'Ordered at' },
          order_date: { type: 'date', label: 'Order date' },
          quantity: { type: 'integer', label: 'Quantity' },
          amount: { type: 'currency', label: 'Amount', format: MONEY },
          discount: { type: 'percent', label: 'Discount', format: '0.0%' },
          is_returned: { type: 'boolean', label: 'Returned' },
          channel: { type: 'string', label: 'Channel' },
          note: { type: 'string', label: 'Note' },
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
        source: 'main',
        table: table(SALES_FIXTURE_TABLES.customers),
        label: 'Customers',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Customer ID' },
          name: { type: 'string', label: 'Name' },
          segment: { type: 'string', label: 'Segment' },
          signup_date: { type: 'date', label: 'Signup date' },
          credit_limit: {
            type: 'currency',
            label: 'Credit limit',
            format: MONEY,
            roles: FINANCE_ROLES,
          },
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
        source: 'main',
        table: table(SALES_FIXTURE_TABLES.products),
        label: 'Products',
        tenantColumn: 'tenant_id',
        columns: {
          id: { type: 'integer', label: 'Product ID' },
          name: { type: 'string', label: 'Name' },
          category: { type: 'string', label: 'Category' },
          unit_price: { type: 'currency', label: 'Unit price', format: MONEY },
          unit_cost: { type: 'currency', label: 'Unit cost', format: MONEY, roles: FINANCE_ROLES },
        },
      },
      regions: {
        source: 'main',
        table: table(SALES_FIXTURE_TABLES.regions),
        label: 'Regions',
        columns: {
          id: { type: 'integer', label: 'Region ID' },
          name: { type: 'string', label: 'Name' },
          country: { type: 'string', label: 'Country' },
        },
      },
    },
  })
}
