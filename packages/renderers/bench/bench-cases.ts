/**
 * One benchmark variant per process (so peak RSS is that variant's alone):
 * `tsx bench/bench-cases.ts <case> <rows> <outFile>`. Prints one JSON line with the time of the
 * work and `process.resourceUsage().maxRSS`.
 */
import { createWriteStream } from 'node:fs'
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { parseReportDefinition } from '@reportwright/core'
import type { OutputColumn, Renderer, RenderInput, Row } from '@reportwright/core'

/** The 8 columns of PERFORMANCE.md: id, timestamp, 3 texts, int, 2 numerics. */
export const BENCH_COLUMNS: readonly OutputColumn[] = [
  { key: 'id', label: 'ID', type: 'integer', field: 'id', groupBy: false },
  { key: 'created_at', label: 'Created at', type: 'datetime', field: 'created_at', groupBy: false },
  { key: 'customer', label: 'Customer', type: 'string', field: 'customer', groupBy: false },
  { key: 'city', label: 'City', type: 'string', field: 'city', groupBy: false },
  { key: 'status', label: 'Status', type: 'string', field: 'status', groupBy: false },
  { key: 'quantity', label: 'Quantity', type: 'integer', field: 'quantity', groupBy: false },
  {
    key: 'amount',
    label: 'Amount',
    type: 'currency',
    format: '$#,##0.00',
    field: 'amount',
    groupBy: false,
  },
  {
    key: 'discount',
    label: 'Discount',
    type: 'percent',
    format: '0.0%',
    field: 'discount',
    groupBy: false,
  },
]

const CITIES = [
  'Amsterdam',
  'Berlin',
  'Chicago',
  'Dublin',
  'Edinburgh',
  'Frankfurt',
  'Geneva',
  'Helsinki',
]
const STATUSES = ['open', 'shipped', 'invoiced', 'paid', 'cancelled']

/** Deterministic rows shaped like the decoded rows of a source (decimals as strings). */
export async function* benchRows(count: number): AsyncIterable<Row> {
  const start = Date.UTC(2024, 0, 1)
  for (let id = 1; id <= count; id++) {
    yield {
      id,
      created_at: new Date(start + id * 37_000).toISOString(),
      customer: `Customer ${(id * 7919) % 50_000} Ltd`,
      city: CITIES[id % CITIES.length] ?? null,
      status: STATUSES[id % STATUSES.length] ?? null,
      quantity: (id % 20) + 1,
      amount: `${(id * 13) % 100_000}.${String(id % 100).padStart(2, '0')}`,
      discount: `0.${String(id % 25).padStart(2, '0')}00`,
    }
  }
}

function input(rows: number): RenderInput {
  return {
    definition: parseReportDefinition({
      version: 1,
      name: 'Benchmark orders',
      dataset: 'orders',
      fields: [{ field: 'id' }],
    }),
    columns: BENCH_COLUMNS,
    rows: benchRows(rows),
    timezone: 'Europe/Berlin',
    generatedAt: new Date('2024-06-01T08:00:00Z'),
    filterSummary: ['Status is not cancelled'],
  }
}

async function render(renderer: Renderer, rows: number, out: Writable): Promise<void> {
  await renderer.render(input(rows), out)
}

/** csv-stringify's stream API fed one row at a time, honouring backpressure: the default stack. */
async function csvStringifyPerRow(rows: number, out: Writable): Promise<void> {
  const { stringify } = await import('csv-stringify')
  const stringifier = stringify({
    header: true,
    columns: BENCH_COLUMNS.map((column) => ({ key: column.key, header: column.label })),
  })
  stringifier.pipe(out)
  for await (const row of benchRows(rows)) {
    if (!stringifier.write(row)) await once(stringifier, 'drain')
  }
  stringifier.end()
  await once(out, 'finish')
}

/** A plain exceljs streaming WorkbookWriter loop, as most code writes it. */
async function exceljsLoop(rows: number, file: string): Promise<void> {
  const { default: ExcelJS } = await import('exceljs')
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true })
  const sheet = workbook.addWorksheet('Data')
  sheet.columns = BENCH_COLUMNS.map((column) => ({ header: column.label, key: column.key }))
  for await (const row of benchRows(rows)) {
    sheet
      .addRow({
        ...row,
        created_at: new Date(String(row.created_at)),
        amount: Number(row.amount),
        discount: Number(row.discount),
      })
      .commit()
  }
  sheet.commit()
  await workbook.commit()
}

/** PostgreSQL URL of the benchmark table core's bench creates (`rw_bench_rows`, 8 columns). */
export const PG_URL = process.env.RW_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** The benchmark table's columns under the output keys of {@link BENCH_COLUMNS}. */
export const PG_SELECT =
  'select id, created_at, customer, region as city, product as status, quantity, amount, discount from rw_bench_rows order by id'

/**
 * The renderer path without a COPY: a pg cursor (batches of 1000, values left as text), core's
 * row decoder, then `csvRenderer` — what `engine.run` does for CSV today.
 */
async function pgCursorCsv(rows: number, out: Writable): Promise<void> {
  const { default: pg } = await import('pg')
  const { default: Cursor } = await import('pg-cursor')
  const { createRowDecoder } = await import('@reportwright/core')
  const { csvRenderer } = await import('../src/csv/csv-renderer')
  const client = new pg.Client({
    connectionString: PG_URL,
    types: { getTypeParser: () => (value: string) => value },
  })
  await client.connect()
  try {
    const decode = createRowDecoder(BENCH_COLUMNS, false)
    const cursor = client.query(new Cursor(`${PG_SELECT} limit ${rows}`, [], { rowMode: 'array' }))
    async function* stream(): AsyncIterable<Row> {
      for (;;) {
        const batch = (await cursor.read(1000)) as unknown[][]
        if (batch.length === 0) break
        for (const raw of batch) yield decode(raw)
      }
      await cursor.close()
    }
    await csvRenderer().render({ ...input(0), rows: stream() }, out)
  } finally {
    await client.end()
  }
}

/**
 * The proposed core fast path: `COPY (compiled query) TO STDOUT` with formula neutralisation
 * written in SQL, piped straight to the file.
 */
async function pgCopyCsv(rows: number, out: Writable): Promise<void> {
  const { default: pg } = await import('pg')
  const { to } = await import('pg-copy-streams')
  const { pipeline } = await import('node:stream/promises')
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    const guard = (column: string): string =>
      `case when ${column} ~ '^[=+@\t\r-]' then '''' || ${column} else ${column} end as ${column}`
    const select = `select id, to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as created_at, ${guard('customer')}, ${guard('region')}, ${guard('product')}, quantity, amount, discount from rw_bench_rows order by id limit ${rows}`
    await pipeline(client.query(to(`copy (${select}) to stdout with (format csv, header)`)), out)
  } finally {
    await client.end()
  }
}

/** The bench rows as arrays of cell text, for the bare-library baselines. */
async function* benchCells(rows: number): AsyncIterable<unknown[]> {
  for await (const row of benchRows(rows)) yield BENCH_COLUMNS.map((column) => row[column.key])
}

/** pdfkit driven directly with the same table (the PDF baseline, shared with engine-cases). */
async function pdfkitTable(rows: number, out: Writable): Promise<void> {
  const { writePdfkitTable } = await import('./bare-pdfkit-table.mjs')
  await writePdfkitTable(
    BENCH_COLUMNS.map((column) => column.label),
    benchCells(rows),
    out,
  )
}

/** pptxgenjs driven directly: one table, paged by pptxgenjs itself (the PPTX baseline). */
async function pptxgenjsTable(rows: number, out: Writable): Promise<void> {
  const { default: PptxGenJS } = await import('pptxgenjs')
  const deck = new PptxGenJS()
  const table = [BENCH_COLUMNS.map((column) => ({ text: column.label, options: { bold: true } }))]
  for await (const cells of benchCells(rows))
    table.push(cells.map((cell) => ({ text: String(cell ?? ''), options: { bold: false } })))
  deck.addSlide().addTable(table, { autoPage: true, fontSize: 8, x: 0.3, y: 0.3, w: 9.4 })
  const buffer = (await deck.write({ outputType: 'nodebuffer' })) as Buffer
  out.end(buffer)
  await once(out, 'finish')
}

const PRELOAD: Record<string, (() => Promise<unknown>)[]> = {
  csv: [() => import('../src/csv/csv-renderer')],
  'csv-stringify-per-row': [() => import('csv-stringify')],
  xlsx: [() => import('../src/xlsx/xlsx-renderer')],
  'xlsx-level6': [() => import('../src/xlsx/xlsx-renderer')],
  'exceljs-workbook-writer': [() => import('exceljs')],
  'pg-cursor-csv': [
    () => import('pg'),
    () => import('pg-cursor'),
    () => import('../src/csv/csv-renderer'),
  ],
  'pg-copy-csv': [() => import('pg'), () => import('pg-copy-streams')],
  pdf: [() => import('../src/pdf/pdf-renderer')],
  pptx: [() => import('../src/pptx/pptx-renderer')],
  'pdfkit-table': [() => import('pdfkit')],
  'pptxgenjs-table': [() => import('pptxgenjs')],
}

async function main(): Promise<void> {
  const [name = '', rowsText = '0', file = '/dev/null'] = process.argv.slice(2)
  const rows = Number(rowsText)
  // Each variant loads only its own libraries, so RSS is not inflated by the others; loading
  // happens before the clock starts (later imports hit the module cache).
  await Promise.all((PRELOAD[name] ?? []).map((load) => load()))
  const started = performance.now()
  const out = (): Writable => createWriteStream(file)
  switch (name) {
    case 'idle':
      out().end()
      break
    case 'csv':
      await render((await import('../src/csv/csv-renderer')).csvRenderer(), rows, out())
      break
    case 'csv-stringify-per-row':
      await csvStringifyPerRow(rows, out())
      break
    case 'xlsx':
      await render((await import('../src/xlsx/xlsx-renderer')).xlsxRenderer(), rows, out())
      break
    case 'xlsx-level6':
      await render(
        (await import('../src/xlsx/xlsx-renderer')).xlsxRenderer({ compressionLevel: 6 }),
        rows,
        out(),
      )
      break
    case 'exceljs-workbook-writer':
      await exceljsLoop(rows, file)
      break
    case 'pg-cursor-csv':
      await pgCursorCsv(rows, out())
      break
    case 'pg-copy-csv':
      await pgCopyCsv(rows, out())
      break
    case 'pdf':
      await render(
        (await import('../src/pdf/pdf-renderer')).pdfRenderer({ maxRows: rows }),
        rows,
        out(),
      )
      break
    case 'pptx':
      await render(
        (await import('../src/pptx/pptx-renderer')).pptxRenderer({ maxRows: rows }),
        rows,
        out(),
      )
      break
    case 'pdfkit-table':
      await pdfkitTable(rows, out())
      break
    case 'pptxgenjs-table':
      await pptxgenjsTable(rows, out())
      break
    default:
      throw new Error(`Unknown case ${name}`)
  }
  const ms = performance.now() - started
  process.stdout.write(
    `${JSON.stringify({ name, rows, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`,
  )
}

await main()
