import { pick, randomInt, seededRandom, weightedPicker } from './random'
import {
  CHANNELS,
  COMPANY_KINDS,
  COMPANY_WORDS,
  DEFAULT_SUFFIXES,
  DEMO_REGIONS,
  DEMO_TENANTS,
  LEGAL_SUFFIXES,
  PRODUCT_LINES,
  SEGMENTS,
} from './word-lists'
import type { DemoTenantId } from './word-lists'

/** Seed of the demo data; the same seed and sales count always give the same rows. */
export const DEMO_SEED = 20_260_101
/** Sales the demo generates unless told otherwise. */
export const DEFAULT_DEMO_SALES = 100_000
/** First and last day (UTC) of the sales: two full years. */
export const DEMO_PERIOD = { from: '2024-01-01', to: '2025-12-31' } as const

/** A row of `demo_regions`. */
export interface DemoRegion {
  readonly id: number
  readonly name: string
}

/** A row of `demo_customers`. */
export interface DemoCustomer {
  readonly id: number
  readonly tenantId: DemoTenantId
  readonly name: string
  readonly segment: string
  readonly country: string
  readonly city: string
  readonly regionId: number
  /** `YYYY-MM-DD` */
  readonly customerSince: string
}

/** A row of `demo_products`. Money in integer cents. */
export interface DemoProduct {
  readonly id: number
  readonly tenantId: DemoTenantId
  readonly sku: string
  readonly name: string
  readonly category: string
  readonly unitPriceCents: number
  readonly unitCostCents: number
}

/** A row of `demo_sales`. Money in integer cents, `discount` in basis points. */
export interface DemoSale {
  readonly id: number
  readonly tenantId: DemoTenantId
  readonly orderNumber: string
  /** Epoch milliseconds (UTC). */
  readonly orderedAt: number
  readonly customerId: number
  readonly productId: number
  readonly channel: string
  readonly quantity: number
  readonly unitPriceCents: number
  readonly discountBasisPoints: number
  readonly amountCents: number
  readonly costCents: number
}

/** The whole data set. */
export interface DemoData {
  readonly regions: readonly DemoRegion[]
  readonly customers: readonly DemoCustomer[]
  readonly products: readonly DemoProduct[]
  readonly sales: readonly DemoSale[]
}

const DAY_MS = 86_400_000
// Outdoor gear peaks in spring and summer, office supplies in autumn and before year end.
const MONTH_SEASON: Readonly<Record<DemoTenantId, readonly number[]>> = {
  acme: [0.7, 0.75, 0.95, 1.1, 1.25, 1.35, 1.4, 1.3, 1.05, 0.9, 0.95, 1.3],
  globex: [1.05, 1.0, 1.1, 0.95, 0.95, 0.85, 0.75, 0.8, 1.1, 1.15, 1.15, 1.25],
}
// Sunday first, as Date.getUTCDay() counts.
const WEEKDAY: Readonly<Record<DemoTenantId, readonly number[]>> = {
  acme: [1.2, 0.8, 0.85, 0.9, 0.95, 1.1, 1.4],
  globex: [0.15, 1.2, 1.25, 1.25, 1.2, 1.1, 0.2],
}

/**
 * Builds the demo's sample data: regions, customers and products of two tenants, and `sales`
 * orders over {@link DEMO_PERIOD} with seasons, weekdays, growth, best-selling products and a
 * few large customers. Pure and deterministic.
 */
export function generateDemoData(
  options: { readonly sales?: number; readonly seed?: number } = {},
): DemoData {
  const random = seededRandom(options.seed ?? DEMO_SEED)
  const salesCount = options.sales ?? DEFAULT_DEMO_SALES
  const regions = DEMO_REGIONS.map((region, index) => ({ id: index + 1, name: region.name }))
  const customers = generateCustomers(random)
  const products = generateProducts(random)
  const sales = generateSales(random, { salesCount, customers, products })
  return { regions, customers, products, sales }
}

function generateCustomers(random: () => number): DemoCustomer[] {
  const customers: DemoCustomer[] = []
  const pickRegion = weightedPicker(DEMO_REGIONS.map((region) => region.weight))
  const pickSegment = weightedPicker(SEGMENTS.map((segment) => segment.weight))
  for (const tenant of DEMO_TENANTS) {
    const used = new Set<string>()
    for (let n = 0; n < tenant.customers; n++) {
      const regionIndex = pickRegion(random)
      const region = DEMO_REGIONS[regionIndex] as (typeof DEMO_REGIONS)[number]
      const [country, city] = pick<readonly [string, string]>(random, region.places)
      let name: string
      do {
        const suffix = pick(random, LEGAL_SUFFIXES[country] ?? DEFAULT_SUFFIXES)
        const place = random() < 0.25 ? `${city} ` : ''
        name = `${place}${pick(random, COMPANY_WORDS)} ${pick(random, COMPANY_KINDS[tenant.id])} ${suffix}`
      } while (used.has(name))
      used.add(name)
      const since = Date.UTC(2016, 0, 1) + randomInt(random, 0, 9 * 365) * DAY_MS
      customers.push({
        id: customers.length + 1,
        tenantId: tenant.id,
        name,
        segment: (SEGMENTS[pickSegment(random)] as (typeof SEGMENTS)[number]).name,
        country,
        city,
        regionId: regionIndex + 1,
        customerSince: new Date(Math.min(since, Date.UTC(2025, 11, 31))).toISOString().slice(0, 10),
      })
    }
  }
  return customers
}

function generateProducts(random: () => number): DemoProduct[] {
  const products: DemoProduct[] = []
  for (const tenant of DEMO_TENANTS) {
    const prefix = tenant.id === 'acme' ? 'AO' : 'GX'
    for (const [category, line] of Object.entries(PRODUCT_LINES[tenant.id])) {
      for (const [name, priceCents, costShare] of line) {
        // Costs vary a little around the line's share, like real purchase prices.
        const share = costShare * (0.95 + random() * 0.1)
        products.push({
          id: products.length + 1,
          tenantId: tenant.id,
          sku: `${prefix}-${category.slice(0, 3).toUpperCase()}-${String(products.length + 1).padStart(4, '0')}`,
          name,
          category,
          unitPriceCents: priceCents,
          unitCostCents: Math.round(priceCents * share),
        })
      }
    }
  }
  return products
}

function generateSales(
  random: () => number,
  input: {
    readonly salesCount: number
    readonly customers: readonly DemoCustomer[]
    readonly products: readonly DemoProduct[]
  },
): DemoSale[] {
  const first = Date.parse(`${DEMO_PERIOD.from}T00:00:00Z`)
  const days = Math.round((Date.parse(`${DEMO_PERIOD.to}T00:00:00Z`) - first) / DAY_MS) + 1
  const drafts: Omit<DemoSale, 'id' | 'orderNumber'>[] = []
  for (const tenant of DEMO_TENANTS) {
    const count = Math.round(input.salesCount * tenant.share)
    const customers = input.customers.filter((customer) => customer.tenantId === tenant.id)
    const products = input.products.filter((product) => product.tenantId === tenant.id)
    // ~18 % growth a year on top of seasons and weekdays.
    const pickDay = weightedPicker(
      Array.from({ length: days }, (_, day) => {
        const date = new Date(first + day * DAY_MS)
        const season = MONTH_SEASON[tenant.id][date.getUTCMonth()] as number
        const weekday = WEEKDAY[tenant.id][date.getUTCDay()] as number
        return season * weekday * (1 + (0.18 * day) / 365)
      }),
    )
    // Best sellers: popularity falls off with a product's rank in a shuffled order.
    const pickProduct = weightedPicker(products.map(() => 0.3 + random() ** 3 * 3))
    const pickChannel = weightedPicker(CHANNELS.map((channel) => channel.weight))
    for (let n = 0; n < count; n++) {
      // A few customers buy a lot (Pareto-like).
      const customer = customers[Math.floor(random() ** 2.4 * customers.length)] as DemoCustomer
      const product = products[pickProduct(random)] as DemoProduct
      const segment = SEGMENTS.find((s) => s.name === customer.segment) ?? SEGMENTS[2]
      const [low, high] = segment.quantity
      // Big-ticket items sell in smaller numbers.
      const bulk = product.unitPriceCents > 50_000 ? 0.3 : 1
      const quantity = Math.max(1, Math.round(randomInt(random, low, high) * bulk))
      const discount = pick(random, segment.discounts)
      const discountBasisPoints = Math.round(discount * 10_000)
      const gross = quantity * product.unitPriceCents
      const orderedAt =
        first +
        pickDay(random) * DAY_MS +
        // Business hours, UTC: 07:00–21:59.
        randomInt(random, 7 * 3600, 22 * 3600 - 1) * 1000
      drafts.push({
        tenantId: tenant.id,
        orderedAt,
        customerId: customer.id,
        productId: product.id,
        channel: (CHANNELS[pickChannel(random)] as (typeof CHANNELS)[number]).name,
        quantity,
        unitPriceCents: product.unitPriceCents,
        discountBasisPoints,
        amountCents: Math.round((gross * (10_000 - discountBasisPoints)) / 10_000),
        costCents: quantity * product.unitCostCents,
      })
    }
  }
  // Ids and order numbers follow time, as in a real order table.
  drafts.sort((a, b) => a.orderedAt - b.orderedAt || a.customerId - b.customerId)
  const perTenant = new Map<DemoTenantId, number>()
  return drafts.map((draft, index) => {
    const sequence = (perTenant.get(draft.tenantId) ?? 0) + 1
    perTenant.set(draft.tenantId, sequence)
    const prefix = draft.tenantId === 'acme' ? 'AO' : 'GX'
    const year = new Date(draft.orderedAt).getUTCFullYear()
    return {
      id: index + 1,
      orderNumber: `${prefix}-${year}-${String(sequence).padStart(6, '0')}`,
      ...draft,
    }
  })
}
