// One measured variant per process, so peak RSS belongs to that variant alone.
import pg from 'pg'
import Cursor from 'pg-cursor'
import { createReportEngine, defineCatalog, postgresSource } from '../src/index'
import { BENCH_TABLE, pgUrl } from './bench-table'

const variant = process.argv[2]
const expectedRows = Number(process.argv[3])

async function rawCursor(pool: pg.Pool): Promise<number> {
  const client = await pool.connect()
  try {
    const cursor = client.query(
      new Cursor(
        `select id, created_at, customer, region, product, quantity, amount, discount from ${BENCH_TABLE} order by id limit ${expectedRows}`,
      ),
    )
    let count = 0
    for (;;) {
      const rows = await cursor.read(1000)
      if (rows.length === 0) break
      count += rows.length
    }
    await cursor.close()
    return count
  } finally {
    client.release()
  }
}

async function engineStream(pool: pg.Pool): Promise<number> {
  const catalog = defineCatalog({
    sources: { main: postgresSource({ pool, cursor: Cursor }) },
    datasets: {
      rows: {
        source: 'main',
        table: BENCH_TABLE,
        label: 'Rows',
        columns: {
          id: { type: 'integer', label: 'ID' },
          created_at: { type: 'datetime', label: 'Created' },
          customer: { type: 'string', label: 'Customer' },
          region: { type: 'string', label: 'Region' },
          product: { type: 'string', label: 'Product' },
          quantity: { type: 'integer', label: 'Quantity' },
          amount: { type: 'currency', label: 'Amount' },
          discount: { type: 'percent', label: 'Discount' },
        },
      },
    },
  })
  const engine = createReportEngine({ catalog, limits: { maxRows: 5_000_000 } })
  const definition = {
    version: 1,
    name: 'bench',
    dataset: 'rows',
    fields: [
      'id',
      'created_at',
      'customer',
      'region',
      'product',
      'quantity',
      'amount',
      'discount',
    ].map((field) => ({ field })),
    sort: [{ field: 'id', direction: 'asc' }],
    limit: expectedRows,
  }
  let count = 0
  for await (const _row of engine.stream(definition, { context: { userId: 'bench', roles: [] } }))
    count++
  return count
}

const pool = new pg.Pool({ connectionString: pgUrl(), max: 2 })
const started = performance.now()
const count = variant === 'raw-cursor' ? await rawCursor(pool) : await engineStream(pool)
const seconds = (performance.now() - started) / 1000
await pool.end()
if (count !== expectedRows)
  throw new Error(`${variant} streamed ${count} rows, expected ${expectedRows}`)
process.stdout.write(
  JSON.stringify({ variant, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
)
