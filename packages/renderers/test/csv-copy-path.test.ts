import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { createReportEngine, defineCatalog, memoryFiles, memoryStorage } from '@reportwright/core'
import type {
  Catalog,
  FileStore,
  ReportDefinitionInput,
  RequestContext,
  RunProgress,
  RunResult,
  Source,
} from '@reportwright/core'
import { postgresSource } from '@reportwright/core'
import {
  createSalesCatalog,
  fixtureEngineUrl,
  HOSTILE_NOTES,
  openFixtureEngine,
} from '@reportwright/core/testing'
import type { FixtureEngine } from '@reportwright/core/testing'
import { csvRenderer } from '../src/csv/csv-renderer'
import type { CsvRendererOptions } from '../src/csv/csv-renderer'

/** "Now" for relative dates: inside the fixture's two years. */
const NOW = new Date('2025-11-15T12:00:00Z')
const acme: RequestContext = { userId: 'alice', tenantId: 'acme', roles: ['user'] }
const EDGE_SCHEMA = 'rw_copy_edge'

type Case = Omit<ReportDefinitionInput, 'version' | 'name' | 'dataset'> & {
  dataset?: string
  /** The run's time zone (date buckets). */
  timezone?: string
}

const detail = ['id', 'ordered_at', 'order_date', 'quantity', 'amount', 'discount', 'is_returned']
const allSales = [...detail, 'channel', 'note'].map((field) => ({ field }))
const byId = [{ field: 'id', direction: 'asc' as const }]

/** Reports the fast path must write byte for byte like the row path. */
const CASES: Readonly<Record<string, Case>> = {
  'every column, NULLs and hostile notes': { fields: allSales, sort: byId },
  'filters of every type with hostile strings': {
    fields: allSales,
    sort: byId,
    filters: [
      { field: 'channel', operator: 'in', value: ['Web', 'Store', "O'Brien\\'; --"] },
      { field: 'amount', operator: 'greater_than', value: '10.5' },
      { field: 'quantity', operator: 'between', value: [1, 9] },
      { field: 'discount', operator: 'less_or_equal', value: 0.3 },
      { field: 'is_returned', operator: 'equals', value: false },
      { field: 'order_date', operator: 'in_last', value: { amount: 18, unit: 'month' } },
      {
        field: 'ordered_at',
        operator: 'between',
        value: ['2024-01-01T00:00:00Z', '2025-10-31T23:59:59.999Z'],
      },
    ],
  },
  'LIKE with % _ \\ and quotes': {
    fields: allSales,
    sort: byId,
    filters: [
      {
        anyOf: [
          { field: 'note', operator: 'contains', value: '50% off_' },
          { field: 'note', operator: 'starts_with', value: "O'Brien" },
          { field: 'note', operator: 'contains', value: 'back\\slash' },
          { field: 'note', operator: 'ends_with', value: '--' },
          { field: 'note', operator: 'equals', value: '"double" quotes, and a comma' },
        ],
      },
    ],
  },
  'relative dates and NULL tests': {
    fields: allSales,
    sort: byId,
    filters: [
      { field: 'ordered_at', operator: 'previous', value: { unit: 'quarter' } },
      { field: 'channel', operator: 'is_not_null' },
      { field: 'note', operator: 'is_null' },
    ],
  },
  'aggregates with joins and buckets': {
    fields: [
      { field: 'customer.segment' },
      { field: 'ordered_at', bucket: 'month' },
      { field: 'amount', aggregation: 'sum' },
      { field: 'amount', aggregation: 'avg' },
      { field: 'discount', aggregation: 'avg' },
      { field: 'id', aggregation: 'count' },
      { field: 'ordered_at', aggregation: 'max' },
      { field: 'customer.signup_date', aggregation: 'min' },
    ],
    sort: [
      { field: 'customer.segment', direction: 'desc' },
      { field: 'ordered_at', bucket: 'month', direction: 'asc' },
    ],
    timezone: 'Europe/Berlin',
  },
  'limit and a NULL group': {
    fields: [{ field: 'channel' }, { field: 'quantity', aggregation: 'sum' }],
    sort: [{ field: 'channel', direction: 'asc' }],
    limit: 3,
  },
}

/** Renderer settings the fast path expresses in COPY. */
const LAYOUTS: Readonly<Record<string, CsvRendererOptions>> = {
  default: {},
  'BOM, semicolon, LF, no neutralisation': {
    bom: true,
    delimiter: ';',
    recordDelimiter: '\n',
    neutralizeFormulas: false,
  },
  'tab, no header': { delimiter: '\t', header: false },
}

interface Recorded {
  readonly text: string
  readonly values: readonly unknown[]
}

/** A pg pool whose clients record every statement they send, COPY included. */
function recordingPool(pool: pg.Pool, log: Recorded[]): pg.Pool {
  const record = (client: pg.PoolClient): pg.PoolClient => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown
    return new Proxy(client, {
      get(inner, name) {
        if (name === 'query') {
          return (...args: unknown[]) => {
            const [first, second] = args
            const text =
              typeof first === 'string' ? first : String((first as { text?: unknown }).text)
            log.push({ text, values: Array.isArray(second) ? second : [] })
            return query(...args)
          }
        }
        const value = Reflect.get(inner, name) as unknown
        return typeof value === 'function' ? (value as () => unknown).bind(inner) : value
      },
    })
  }
  return new Proxy(pool, {
    get(target, property) {
      // Only the promise form the source uses; pool.query's own callback form passes through.
      if (property === 'connect')
        return (...args: unknown[]) =>
          args.length > 0
            ? (target.connect as (...a: unknown[]) => unknown)(...args)
            : target.connect().then(record)
      const value = Reflect.get(target, property) as unknown
      return typeof value === 'function' ? (value as () => unknown).bind(target) : value
    },
  })
}

let fixture: FixtureEngine | undefined
let pool: pg.Pool
const log: Recorded[] = []
let copying: Source
let streaming: Source

beforeAll(async () => {
  fixture = await openFixtureEngine('postgres')
  if (!fixture) return
  pool = new pg.Pool({ connectionString: fixtureEngineUrl('postgres'), max: 4 })
  pool.on('error', () => undefined)
  copying = postgresSource({ pool: recordingPool(pool, log) })
  streaming = postgresSource({ pool, copyStreams: false })
  await pool.query(`DROP SCHEMA IF EXISTS ${EDGE_SCHEMA} CASCADE`)
  await pool.query(`CREATE SCHEMA ${EDGE_SCHEMA}`)
  await pool.query(`CREATE TABLE ${EDGE_SCHEMA}.edge (id integer PRIMARY KEY, label text,
    amount numeric(14,4), big bigint, day date, at timestamptz, local_at timestamp, flag boolean)`)
  const labels = [
    '+1',
    '-x',
    '@a',
    '\tTab',
    '\rCR',
    '',
    '\\.',
    'a,b',
    'line\r\nbreak',
    ...HOSTILE_NOTES,
    null,
  ]
  for (const [index, label] of labels.entries()) {
    await pool.query(`INSERT INTO ${EDGE_SCHEMA}.edge VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      index + 1,
      label,
      ['0', '-1.5000', '12345678.9000', '0.0001', null][index % 5],
      ['9007199254740993', '-42', null][index % 3],
      ['2024-02-29', '1999-12-31', null][index % 3],
      ['2024-03-31T01:59:59.999999Z', '2024-10-27T00:30:00.123+02', null][index % 3],
      ['2024-03-31 01:59:59.5', '2000-01-01 00:00:00', null][index % 3],
      [true, false, null][index % 3],
    ])
  }
})

afterAll(async () => {
  if (!fixture) return
  await pool.query(`DROP SCHEMA IF EXISTS ${EDGE_SCHEMA} CASCADE`)
  await pool.end()
  await fixture.close()
})

function edgeCatalog(source: Source): Catalog {
  return defineCatalog({
    sources: { main: source },
    datasets: {
      edge: {
        source: 'main',
        table: `${EDGE_SCHEMA}.edge`,
        label: 'Edge',
        columns: {
          id: { type: 'integer', label: 'ID' },
          label: { type: 'string', label: 'Label, "quoted"' },
          amount: { type: 'number', label: 'Amount' },
          big: { type: 'integer', label: 'Big' },
          day: { type: 'date', label: 'Day' },
          at: { type: 'datetime', label: 'At' },
          local_at: { type: 'datetime', label: 'Local at' },
          flag: { type: 'boolean', label: 'Flag' },
        },
      },
    },
  })
}

async function run(
  catalog: Catalog,
  definition: Case,
  options: {
    renderer?: CsvRendererOptions
    signal?: AbortSignal
    files?: FileStore
    onProgress?: (progress: RunProgress) => void
  } = {},
): Promise<{ result: RunResult; file: Buffer | undefined }> {
  const files = options.files ?? memoryFiles()
  const engine = createReportEngine({
    catalog,
    storage: memoryStorage(),
    files,
    renderers: [csvRenderer(options.renderer)],
    checkSchemaBeforeRun: false,
  })
  const { timezone, ...report } = definition
  const result = await engine.run(
    {
      version: 1,
      name: 'Copy path',
      dataset: 'sales',
      output: { format: 'csv' },
      ...report,
    } as ReportDefinitionInput,
    {
      context: timezone ? { ...acme, timezone } : acme,
      asOf: NOW,
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    },
  )
  if (!result.file) return { result, file: undefined }
  const chunks: Buffer[] = []
  for await (const chunk of await files.get(result.file.key)) chunks.push(chunk as Buffer)
  return { result, file: Buffer.concat(chunks) }
}

/** Statements since `from`, and the COPY among them. */
function sent(from: number): { readonly all: Recorded[]; readonly copy: Recorded | undefined } {
  const all = log.slice(from)
  return { all, copy: all.find((entry) => entry.text.startsWith('COPY (')) }
}

async function expectSameFile(
  definition: Case,
  options: { catalogs: [Catalog, Catalog]; renderer?: CsvRendererOptions },
): Promise<Recorded> {
  const from = log.length
  const fast = await run(options.catalogs[0], definition, options)
  const slow = await run(options.catalogs[1], definition, options)
  expect(fast.result.error).toBeUndefined()
  expect(slow.result.error).toBeUndefined()
  expect(fast.result.rowCount).toBe(slow.result.rowCount)
  expect(fast.file?.toString('utf8')).toBe(slow.file?.toString('utf8'))
  expect(fast.file?.equals(slow.file ?? Buffer.alloc(0))).toBe(true)
  const { all, copy } = sent(from)
  expect(copy, 'the run took the COPY path').toBeDefined()
  // No value of the report is in the SQL text: they all travel as bound set_config values.
  const settings = all.find((entry) => entry.text.includes("set_config('rw.p"))
  for (const value of settings?.values ?? []) {
    const text = String(value)
    // Booleans are too short to look for: the SQL spells 'true' / 'false' for the CSV text.
    if (text.length > 2 && text !== 'true' && text !== 'false')
      expect(copy?.text).not.toContain(text)
  }
  return copy as Recorded
}

describe('CSV through PostgreSQL COPY (engine.run)', () => {
  for (const [layout, renderer] of Object.entries(LAYOUTS)) {
    for (const [name, definition] of Object.entries(CASES)) {
      it(`${name} (${layout}): same bytes as the row path, values bound`, async () => {
        if (!fixture) return
        const catalogs: [Catalog, Catalog] = [
          createSalesCatalog(copying),
          createSalesCatalog(streaming),
        ]
        const copy = await expectSameFile(definition, { catalogs, renderer })
        for (const hostile of ["O'Brien", '50%', 'back\\slash', 'double', '2024-01-01'])
          expect(copy.text).not.toContain(hostile)
      })
    }
  }

  it('edge values: formula starts, empty text, lone \\., CRLF inside fields, big integers, local times', async () => {
    if (!fixture) return
    const fields = ['id', 'label', 'amount', 'big', 'day', 'at', 'local_at', 'flag']
    const definition: Case = {
      dataset: 'edge',
      fields: fields.map((field) => ({ field })),
      sort: [{ field: 'id', direction: 'asc' }],
    }
    const catalogs: [Catalog, Catalog] = [edgeCatalog(copying), edgeCatalog(streaming)]
    await expectSameFile(definition, { catalogs })
    await expectSameFile(
      { ...definition, filters: [{ field: 'label', operator: 'in', value: ['', '\\.', '+1'] }] },
      { catalogs, renderer: { recordDelimiter: '\n' } },
    )
  })

  it('reports render progress while COPY writes, ending at the row count', async () => {
    if (!fixture) return
    const events: RunProgress[] = []
    const from = log.length
    const { result } = await run(
      createSalesCatalog(copying),
      { fields: allSales, sort: byId },
      { onProgress: (event) => events.push(event) },
    )
    expect(sent(from).copy, 'the run took the COPY path').toBeDefined()
    const render = events.filter((event) => event.phase === 'render').map((event) => event.rows)
    expect(render[0]).toBe(0)
    expect(render.at(-1)).toBe(result.rowCount)
    expect(render.length).toBeGreaterThanOrEqual(3)
    expect(render).toEqual([...render].sort((a, b) => a - b))
  })

  it('keeps the row path when the output needs the renderer', async () => {
    if (!fixture) return
    const catalog = createSalesCatalog(copying)
    const byChannel = [{ field: 'channel' }, { field: 'amount', aggregation: 'sum' as const }]
    const notTaken: [Case, CsvRendererOptions][] = [
      [
        {
          fields: [{ field: 'customer.segment' }, ...byChannel],
          subtotals: true,
          sort: [{ field: 'customer.segment' }, { field: 'channel' }],
        },
        {},
      ],
      [{ fields: byChannel, totals: true }, {}],
      [{ fields: byChannel }, { locale: 'de-DE' }],
      [{ fields: byChannel }, { csvStringify: { quoted: true } }],
      [{ fields: byChannel }, { delimiter: '"' }],
      [{ fields: byChannel }, { delimiter: '||' }],
      [{ fields: [{ field: 'note' }] }, {}],
    ]
    for (const [definition, renderer] of notTaken) {
      const from = log.length
      const { result } = await run(catalog, definition, { renderer })
      expect(result.status).toBe('succeeded')
      expect(sent(from).copy, JSON.stringify([definition, renderer])).toBeUndefined()
    }
    // Totals the renderer leaves out do not stop the fast path.
    const from = log.length
    await run(catalog, { fields: byChannel, totals: true }, { renderer: { totals: false } })
    expect(sent(from).copy).toBeDefined()
  })

  it('cancels a running COPY on the server and deletes the partial file', async () => {
    if (!fixture) return
    const controller = new AbortController()
    const deleted: string[] = []
    // Reads one chunk, then stops reading: COPY stalls on backpressure until the run is cancelled.
    const stalled: FileStore = {
      name: 'stalled',
      put: (key, body) =>
        new Promise((_resolve, reject) => {
          let received = 0
          // Past the header line, so COPY is streaming when the run is cancelled.
          const onData = (chunk: Buffer): void => {
            received += chunk.length
            if (received < 1000) return
            body.off('data', onData)
            body.pause()
            controller.abort(new Error('user cancelled'))
          }
          body.on('data', onData)
          body.once('error', reject)
          body.once('close', () => reject(new Error('body closed')))
          void key
        }),
      get: () => Promise.resolve(Readable.from([])),
      delete: (key) => {
        deleted.push(key)
        return Promise.resolve()
      },
    }
    const from = log.length
    const { result } = await run(
      createSalesCatalog(copying),
      { fields: allSales, sort: byId },
      { signal: controller.signal, files: stalled },
    )
    expect(sent(from).copy).toBeDefined()
    expect(result.status).toBe('cancelled')
    expect(result.error?.code).toBe('CANCELLED')
    expect(deleted).toHaveLength(1)
    // The backend stops: no COPY of ours is left running.
    let running = 1
    for (let attempt = 0; attempt < 50 && running > 0; attempt++) {
      const { rows } = await pool.query<{ n: string }>(
        `SELECT count(*) AS n FROM pg_stat_activity WHERE state = 'active' AND query LIKE 'COPY (%'`,
      )
      running = Number(rows[0]?.n)
      if (running > 0) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(running).toBe(0)
    // The pool still works afterwards.
    const again = await run(createSalesCatalog(copying), { fields: allSales, sort: byId })
    expect(again.result.status).toBe('succeeded')
  })
})
