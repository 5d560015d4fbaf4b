import { pick, seededRandom } from './seeded-random'

/** A value in the sample tables: dates as `YYYY-MM-DD`, datetimes as ISO strings. */
export type SampleValue = string | number | boolean | null

/** One row of a sample table; every row has a numeric `id`. */
export type SampleRow = Readonly<Record<string, SampleValue>> & { readonly id: number }

/** Options of {@link createSampleRows}. */
export interface SampleRowsOptions {
  /** Orders are spread over the 540 days before this instant, so relative filters find rows. */
  readonly now: Date
  /** Number of order lines. Defaults to 400. */
  readonly salesCount?: number
  /** Seed of the generator. Defaults to 42. */
  readonly seed?: number
}

const DAY_MS = 86_400_000
const REGIONS = [
  { name: 'Europe, Middle East & Africa', code: 'EMEA' },
  { name: 'North America', code: 'NA' },
  { name: 'Latin America', code: 'LATAM' },
  { name: 'Asia Pacific', code: 'APAC' },
]
const COUNTRIES: Readonly<Record<string, readonly string[]>> = {
  EMEA: ['Germany', 'France', 'United Kingdom', 'Kenya'],
  NA: ['United States', 'Canada'],
  LATAM: ['Brazil', 'Mexico', 'Chile'],
  APAC: ['Japan', 'Australia', 'Singapore'],
}
const NAME_PARTS = ['Acme', 'Globex', 'Initech', 'Umbrella', 'Hooli', 'Vandelay', 'Stark', 'Wayne']
const NAME_SUFFIX = ['GmbH', 'Ltd', 'Inc', 'Group', 'AG']
const CATEGORIES = ['Hardware', 'Software', 'Services', 'Accessories']
const PRODUCT_WORDS = ['Basic', 'Pro', 'Max', 'Lite', 'Plus', 'Studio']

/**
 * Deterministic sample tables: 4 regions, 40 customers, 24 products and (by default) 400 order
 * lines whose dates fall in the 540 days before `now`.
 */
export function createSampleRows(options: SampleRowsOptions): ReadonlyMap<string, SampleRow[]> {
  const random = seededRandom(options.seed ?? 42)
  const today = Math.floor(options.now.getTime() / DAY_MS) * DAY_MS
  const regions: SampleRow[] = REGIONS.map((region, index) => ({ id: index + 1, ...region }))
  const customers: SampleRow[] = Array.from({ length: 40 }, (_, index) => {
    const region = pick(random, REGIONS)
    const regionId = REGIONS.indexOf(region) + 1
    return {
      id: index + 1,
      name: `${NAME_PARTS[index % NAME_PARTS.length]} ${pick(random, NAME_SUFFIX)} ${index + 1}`,
      segment: pick(random, ['Enterprise', 'SMB', 'Consumer']),
      country: pick(random, COUNTRIES[region.code] ?? ['Germany']),
      signup_date: isoDate(today - Math.floor(random() * 1500 + 30) * DAY_MS),
      active: random() > 0.2,
      region_id: regionId,
    }
  })
  const products: SampleRow[] = Array.from({ length: 24 }, (_, index) => ({
    id: index + 1,
    name: `${CATEGORIES[index % CATEGORIES.length]} ${PRODUCT_WORDS[index % PRODUCT_WORDS.length]} ${index + 1}`,
    category: CATEGORIES[index % CATEGORIES.length] ?? 'Hardware',
    list_price: Math.round((random() * 900 + 20) * 100) / 100,
  }))
  const sales: SampleRow[] = Array.from({ length: options.salesCount ?? 400 }, (_, index) => {
    const product = pick(random, products)
    const quantity = 1 + Math.floor(random() * 9)
    const discount = pick(random, [0, 0, 0.05, 0.1, 0.15])
    const at = today - Math.floor(random() * 540) * DAY_MS + Math.floor(random() * DAY_MS)
    const price = Number(product['list_price'])
    return {
      id: index + 1,
      order_id: 10_001 + index,
      order_date: isoDate(at),
      ordered_at: new Date(Math.floor(at / 1000) * 1000).toISOString(),
      amount: Math.round(price * quantity * (1 - discount) * 100) / 100,
      quantity,
      discount,
      status: pick(random, ['open', 'shipped', 'shipped', 'shipped', 'returned']),
      channel: pick(random, ['web', 'partner', 'direct']),
      paid: random() > 0.25,
      customer_id: 1 + Math.floor(random() * customers.length),
      product_id: product.id,
    }
  })
  return new Map([
    ['regions', regions],
    ['customers', customers],
    ['products', products],
    ['sales', sales],
  ])
}

function isoDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10)
}
