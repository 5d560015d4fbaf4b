/**
 * End-to-end benchmark variants, one per process, run with plain `node` against the BUILT
 * packages (`pnpm build` first) so time and peak RSS are what users get:
 * `node bench/engine-cases.mjs <case> <rows> <outFile>`. Prints one JSON line like
 * bench-cases.ts. Reads core's benchmark table `rw_bench_rows` at `RW_PG_URL`.
 *
 * Plain JavaScript on purpose: no tsx loader, no TypeScript sources in the measured process.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { performance } from 'node:perf_hooks'
import process from 'node:process'
import { pipeline } from 'node:stream/promises'

const PG_URL = process.env.RW_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const COLUMNS = [
  'id',
  'created_at',
  'customer',
  'region',
  'product',
  'quantity',
  'amount',
  'discount',
]
const SELECT = `select ${COLUMNS.join(', ')} from rw_bench_rows order by id`

/** A FileStore that writes the run's file to `file` (what a local-disk store does). */
function fileStore(file) {
  return {
    name: 'bench-file',
    async put(key, body) {
      const out = createWriteStream(file)
      await pipeline(body, out)
      return { key, size: out.bytesWritten }
    },
    get() {
      throw new Error('not needed')
    },
    async delete() {},
  }
}

/** `engine.run` of the 8-column report over `rw_bench_rows` in `format`. */
async function engineRun(format, rows, file, { copy = true } = {}) {
  const core = await import('@reportwright/core')
  const { default: pg } = await import('pg')
  const renderers = {
    csv: async () => (await import('@reportwright/renderers/csv')).csvRenderer(),
    xlsx: async () => (await import('@reportwright/renderers/xlsx')).xlsxRenderer(),
    pdf: async () => (await import('@reportwright/renderers/pdf')).pdfRenderer({ maxRows: rows }),
  }
  const pool = new pg.Pool({ connectionString: PG_URL, max: 4 })
  const source = core.postgresSource({ pool, ...(copy ? {} : { copyStreams: false }) })
  const catalog = core.defineCatalog({
    sources: { main: source },
    datasets: {
      bench: {
        source: 'main',
        table: 'rw_bench_rows',
        label: 'Benchmark orders',
        columns: {
          id: { type: 'integer', label: 'ID' },
          created_at: { type: 'datetime', label: 'Created at' },
          customer: { type: 'string', label: 'Customer' },
          region: { type: 'string', label: 'Region' },
          product: { type: 'string', label: 'Product' },
          quantity: { type: 'integer', label: 'Quantity' },
          amount: { type: 'currency', label: 'Amount', format: '$#,##0.00' },
          discount: { type: 'percent', label: 'Discount', format: '0.0%' },
        },
      },
    },
  })
  const engine = core.createReportEngine({
    catalog,
    storage: core.memoryStorage(),
    files: fileStore(file),
    renderers: [await renderers[format]()],
  })
  try {
    const result = await engine.run(
      {
        version: 1,
        name: 'Benchmark orders',
        dataset: 'bench',
        fields: COLUMNS.map((field) => ({ field })),
        sort: [{ field: 'id', direction: 'asc' }],
        limit: rows,
        output: { format },
      },
      { context: { userId: 'bench', roles: [] } },
    )
    if (result.status !== 'succeeded') throw new Error(JSON.stringify(result.error))
    if (result.rowCount !== rows) throw new Error(`${result.rowCount} rows, expected ${rows}`)
  } finally {
    await pool.end()
  }
}

/** The bare driver and library: `COPY … TO STDOUT` through pg-copy-streams into the file. */
async function bareCopyCsv(rows, file) {
  const { default: pg } = await import('pg')
  const { to } = await import('pg-copy-streams')
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    const copy = to(`copy (${SELECT} limit ${rows}) to stdout with (format csv, header)`)
    await pipeline(client.query(copy), createWriteStream(file))
  } finally {
    await client.end()
  }
}

/** The bare driver and library for XLSX: pg-cursor batches into a plain exceljs WorkbookWriter. */
async function bareExceljs(rows, file) {
  const { default: pg } = await import('pg')
  const { default: Cursor } = await import('pg-cursor')
  const { default: ExcelJS } = await import('exceljs')
  const client = new pg.Client({ connectionString: PG_URL })
  await client.connect()
  try {
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useStyles: true })
    const sheet = workbook.addWorksheet('Data')
    sheet.columns = COLUMNS.map((key) => ({ header: key, key }))
    const cursor = client.query(new Cursor(`${SELECT} limit ${rows}`))
    for (;;) {
      const batch = await cursor.read(1000)
      if (batch.length === 0) break
      for (const row of batch) {
        sheet
          .addRow({ ...row, amount: Number(row.amount), discount: Number(row.discount) })
          .commit()
      }
    }
    await cursor.close()
    sheet.commit()
    await workbook.commit()
  } finally {
    await client.end()
  }
}

/**
 * The bare driver and library for CSV, written well: pg-cursor batches of 1000 with values left
 * as text and array rows, csv-stringify once per batch, honouring backpressure.
 */
async function bareCursorCsv(rows, file) {
  const { default: pg } = await import('pg')
  const { default: Cursor } = await import('pg-cursor')
  const { stringify } = await import('csv-stringify/sync')
  const client = new pg.Client({
    connectionString: PG_URL,
    types: { getTypeParser: () => (value) => value },
  })
  await client.connect()
  const out = createWriteStream(file)
  try {
    out.write(stringify([COLUMNS]))
    const cursor = client.query(new Cursor(`${SELECT} limit ${rows}`, [], { rowMode: 'array' }))
    for (;;) {
      const batch = await cursor.read(1000)
      if (batch.length === 0) break
      if (!out.write(stringify(batch))) await once(out, 'drain')
    }
    await cursor.close()
    out.end()
    await once(out, 'finish')
  } finally {
    await client.end()
  }
}

/** The bare driver and library for PDF: pg-cursor rows (as text) into pdfkit's `doc.text`. */
async function barePdfkit(rows, file) {
  const { default: pg } = await import('pg')
  const { default: Cursor } = await import('pg-cursor')
  const { writePdfkitTable } = await import('./bare-pdfkit-table.mjs')
  const client = new pg.Client({
    connectionString: PG_URL,
    types: { getTypeParser: () => (value) => value },
  })
  await client.connect()
  try {
    const cursor = client.query(new Cursor(`${SELECT} limit ${rows}`, [], { rowMode: 'array' }))
    async function* batches() {
      for (;;) {
        const batch = await cursor.read(1000)
        if (batch.length === 0) break
        yield* batch
      }
      await cursor.close()
    }
    await writePdfkitTable(COLUMNS, batches(), createWriteStream(file))
  } finally {
    await client.end()
  }
}

const CASES = {
  idle: async (_rows, file) => {
    await import('@reportwright/core')
    createWriteStream(file).end()
  },
  'engine-csv': (rows, file) => engineRun('csv', rows, file),
  'engine-csv-rows': (rows, file) => engineRun('csv', rows, file, { copy: false }),
  'engine-xlsx': (rows, file) => engineRun('xlsx', rows, file),
  'engine-pdf': (rows, file) => engineRun('pdf', rows, file),
  'bare-copy-csv': bareCopyCsv,
  'bare-exceljs-xlsx': bareExceljs,
  'bare-cursor-csv': bareCursorCsv,
  'bare-pdfkit-pdf': barePdfkit,
}

const [name = '', rowsText = '0', file = '/dev/null'] = process.argv.slice(2)
const run = CASES[name]
if (!run) throw new Error(`Unknown case ${name}`)
const started = performance.now()
await run(Number(rowsText), file)
const ms = performance.now() - started
process.stdout.write(
  `${JSON.stringify({ name, rows: Number(rowsText), ms, maxRssKb: process.resourceUsage().maxRSS })}\n`,
)
