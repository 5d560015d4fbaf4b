import { DummyDriver, Kysely, sql } from 'kysely'
import type { DatabaseIntrospector } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
// Type-only imports: drivers load lazily below, so a skipped suite never needs them.
import type { PGlite } from '@electric-sql/pglite'
import type { Database } from 'better-sqlite3'
import type MysqlModule from 'mysql2'
import type {
  Pool as MysqlPool,
  PoolConnection as MysqlPoolConnection,
  Query as MysqlQuery,
} from 'mysql2'
import type PgModule from 'pg'
import { defineCatalog } from '../catalog/define-catalog'
import { introspect } from '../catalog/introspect'
import type { ColumnType } from '../catalog/column-type'
import type { CompiledReport } from '../compiler/compiled-report'
import type { DialectName, SqlDialect } from '../compiler/sql-dialect'
import { mysqlDialect } from '../dialect/mysql-dialect'
import { pgliteDialect, postgresDialect } from '../dialect/postgres-dialect'
import { sqliteDialect } from '../dialect/sqlite-dialect'
import { checkService, redactUrl, requireServices, serviceUrl } from '../testing/services'
import type { ServiceKind } from '../testing/services'
import { mysqlSource } from './mysql-source'
import type { MysqlPoolLike } from './mysql-source'
import type { OutputColumn } from './output-column'
import { pgliteSource } from './pglite-source'
import type { PGliteLike } from './pglite-source'
import { postgresSource } from './postgres-source'
import type { PgCursorCtorLike, PgPoolLike } from './postgres-source'
import type { IntrospectedTable, Source } from './source'
import { sqliteSource } from './sqlite-source'
import type { BetterSqliteDatabaseLike } from './sqlite-source'

// ---------------------------------------------------------------------------------------------
// Harness
// ---------------------------------------------------------------------------------------------

const PREFIX = 'rw_src_test'
const CUSTOMERS = `${PREFIX}_customers`
const ORDERS = `${PREFIX}_orders`
const VIEW = `${PREFIX}_order_totals`
const SCHEMA = `${PREFIX}_schema`
const ROWS = 200_000
const SECRET = 's3cret-pw-4711'

const PG_URL = serviceUrl('postgres')
const MYSQL_URL = serviceUrl('mysql')

async function serviceGate(kind: ServiceKind, url: string): Promise<boolean> {
  const status = await checkService(kind, url)
  if (status.available) return true
  if (requireServices())
    throw new Error(
      `[reportwright] ${kind} is required (RW_REQUIRE_SERVICES=1) but ${redactUrl(url)} is unreachable: ${status.reason}`,
    )
  console.log(`[reportwright] skipping ${kind} suite: ${redactUrl(url)} unreachable`)
  return false
}

const pgUp = await serviceGate('postgres', PG_URL)
const mysqlUp = await serviceGate('mysql', MYSQL_URL)

type Pg = typeof PgModule

function report(
  dialect: DialectName,
  text: string,
  parameters: readonly unknown[],
  columns: readonly (readonly [key: string, type: ColumnType])[],
  hasLevelColumn = false,
): CompiledReport {
  const output: OutputColumn[] = columns.map(([key, type]) => ({
    key,
    label: key,
    type,
    field: key,
    groupBy: false,
  }))
  return { sql: text, parameters, dialect, source: 'main', columns: output, hasLevelColumn }
}

/** A dialect's own bucket SQL, compiled by kysely without a database. */
function bucketSql(dialect: SqlDialect, timezone: string): string {
  const db = new Kysely<Record<string, never>>({
    dialect: {
      createAdapter: () => dialect.createAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (): DatabaseIntrospector => {
        throw new Error('not used')
      },
      createQueryCompiler: () => dialect.createQueryCompiler(),
    },
  })
  const bucket = dialect.dateBucket(sql.ref('created_at'), {
    bucket: 'month',
    timezone,
    type: 'datetime',
  })
  return sql`SELECT ${bucket} AS bucket FROM ${sql.table(ORDERS)} ORDER BY id`.compile(db).sql
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const rows: T[] = []
  for await (const row of iterable) rows.push(row)
  return rows
}

async function failure(
  iterable: AsyncIterable<unknown>,
): Promise<{ code?: unknown; message: string }> {
  try {
    for await (const _row of iterable) {
      // drain
    }
  } catch (error) {
    return error as { code?: unknown; message: string }
  }
  throw new Error('expected the stream to fail')
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))

const EXPECTED_ORDERS = [
  {
    id: 1,
    amount: '12.5',
    ordered_on: '2024-03-10',
    created_at: '2024-03-10T23:30:00.000Z',
    paid: true,
    note: 'first',
  },
  {
    id: 2,
    amount: '0.1',
    ordered_on: '2024-03-31',
    created_at: '2024-03-31T23:30:00.000Z',
    paid: false,
    note: "O'Reilly; DROP TABLE x --",
  },
  {
    id: 3,
    amount: '1234567.89',
    ordered_on: '2024-12-31',
    created_at: '2024-12-31T23:59:59.123Z',
    paid: true,
    note: null,
  },
]

const ORDER_COLUMNS = [
  ['id', 'integer'],
  ['amount', 'currency'],
  ['ordered_on', 'date'],
  ['created_at', 'datetime'],
  ['paid', 'boolean'],
  ['note', 'string'],
] as const

type FixtureEngine = 'postgres' | 'mysql' | 'sqlite'

function fixtureSql(engine: FixtureEngine): string[] {
  const note = "'O''Reilly; DROP TABLE x --'"
  if (engine === 'postgres')
    return [
      `CREATE TABLE ${CUSTOMERS} (id integer PRIMARY KEY, name varchar(80) NOT NULL, segment text, vip boolean NOT NULL DEFAULT false)`,
      `CREATE TABLE ${ORDERS} (id integer PRIMARY KEY, customer_id integer NOT NULL REFERENCES ${CUSTOMERS}(id),
        amount numeric(12,2) NOT NULL, ordered_on date NOT NULL, created_at timestamptz NOT NULL, paid boolean NOT NULL,
        note text, payload jsonb)`,
      `CREATE VIEW ${VIEW} AS SELECT customer_id, sum(amount) AS total FROM ${ORDERS} GROUP BY customer_id`,
      `INSERT INTO ${CUSTOMERS} VALUES (1, 'Acme', 'enterprise', true), (2, 'Globex', NULL, false)`,
      `INSERT INTO ${ORDERS} VALUES
        (1, 1, 12.50, '2024-03-10', '2024-03-10 23:30:00+00', true, 'first', NULL),
        (2, 1, 0.10, '2024-03-31', '2024-04-01 01:30:00+02', false, ${note}, NULL),
        (3, 2, 1234567.89, '2024-12-31', '2024-12-31 23:59:59.123+00', true, NULL, '{}')`,
    ]
  if (engine === 'mysql')
    return [
      `CREATE TABLE ${CUSTOMERS} (id INT PRIMARY KEY, name VARCHAR(80) NOT NULL, segment TEXT, vip TINYINT(1) NOT NULL DEFAULT 0) ENGINE=InnoDB`,
      `CREATE TABLE ${ORDERS} (id INT PRIMARY KEY, customer_id INT NOT NULL, amount DECIMAL(12,2) NOT NULL, ordered_on DATE NOT NULL,
        created_at DATETIME(3) NOT NULL, paid BOOLEAN NOT NULL, note TEXT, payload BLOB,
        CONSTRAINT ${PREFIX}_orders_customer FOREIGN KEY (customer_id) REFERENCES ${CUSTOMERS}(id)) ENGINE=InnoDB`,
      `CREATE VIEW ${VIEW} AS SELECT customer_id, SUM(amount) AS total FROM ${ORDERS} GROUP BY customer_id`,
      `INSERT INTO ${CUSTOMERS} VALUES (1, 'Acme', 'enterprise', 1), (2, 'Globex', NULL, 0)`,
      `INSERT INTO ${ORDERS} VALUES
        (1, 1, 12.50, '2024-03-10', '2024-03-10 23:30:00.000', 1, 'first', NULL),
        (2, 1, 0.10, '2024-03-31', '2024-03-31 23:30:00.000', 0, ${note}, NULL),
        (3, 2, 1234567.89, '2024-12-31', '2024-12-31 23:59:59.123', 1, NULL, NULL)`,
    ]
  return [
    `CREATE TABLE ${CUSTOMERS} (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL, segment TEXT, vip BOOLEAN NOT NULL DEFAULT 0)`,
    `CREATE TABLE ${ORDERS} (id INTEGER PRIMARY KEY, customer_id INTEGER NOT NULL REFERENCES ${CUSTOMERS}(id),
      amount DECIMAL(12,2) NOT NULL, ordered_on DATE NOT NULL, created_at DATETIME NOT NULL, paid BOOLEAN NOT NULL,
      note TEXT, payload BLOB)`,
    `CREATE VIEW ${VIEW} AS SELECT customer_id, sum(amount) AS total FROM ${ORDERS} GROUP BY customer_id`,
    `INSERT INTO ${CUSTOMERS} VALUES (1, 'Acme', 'enterprise', 1), (2, 'Globex', NULL, 0)`,
    `INSERT INTO ${ORDERS} VALUES
      (1, 1, 12.50, '2024-03-10', '2024-03-10T23:30:00.000Z', 1, 'first', NULL),
      (2, 1, 0.10, '2024-03-31', '2024-03-31 23:30:00', 0, ${note}, NULL),
      (3, 2, 1234567.89, '2024-12-31', '2024-12-31T23:59:59.123Z', 1, NULL, NULL)`,
  ]
}

function dropSql(engine: FixtureEngine): string[] {
  const cascade = engine === 'postgres' ? ' CASCADE' : ''
  return [
    `DROP VIEW IF EXISTS ${VIEW}`,
    `DROP TABLE IF EXISTS ${ORDERS}${cascade}`,
    `DROP TABLE IF EXISTS ${CUSTOMERS}${cascade}`,
    ...(engine === 'postgres' ? [`DROP SCHEMA IF EXISTS ${SCHEMA} CASCADE`] : []),
  ]
}

/** What the shared suite needs of one engine. */
interface Engine {
  readonly name: DialectName
  readonly dialect: SqlDialect
  readonly source: Source
  /** Placeholder of the i-th (1-based) parameter. */
  p(index: number): string
  /** A query yielding `n` = 1..count, in order, in a column named `n`. */
  series(count: number): string
  /** `created_at >= <param>` as the engine compares datetimes. */
  createdSince(placeholder: string): string
  /** Proves nothing is held after a stream stopped early: the pool is idle / the db writable. */
  assertReleased(): Promise<void>
}

// ---------------------------------------------------------------------------------------------
// The suite every engine runs
// ---------------------------------------------------------------------------------------------

function sharedSuite(make: () => Promise<Engine>): void {
  let engine: Engine
  beforeAll(async () => {
    engine = await make()
  })

  it('decodes numeric, date, timestamp, boolean and text values the same way', async () => {
    const rows = await collect(
      engine.source.stream(
        report(
          engine.name,
          `SELECT id, amount, ordered_on, created_at, paid, note FROM ${ORDERS} ORDER BY id`,
          [],
          ORDER_COLUMNS,
        ),
      ),
    )
    expect(rows).toEqual(EXPECTED_ORDERS)
  })

  it('decodes aggregates: count → number, sum → exact decimal, max datetime → ISO UTC', async () => {
    const text = `SELECT c.name AS name, COUNT(*) AS orders, SUM(o.amount) AS total, MAX(o.created_at) AS last_at
      FROM ${ORDERS} o JOIN ${CUSTOMERS} c ON c.id = o.customer_id GROUP BY c.name ORDER BY c.name`
    const columns = [
      ['name', 'string'],
      ['orders', 'integer'],
      ['total', 'currency'],
      ['last_at', 'datetime'],
    ] as const
    expect(await collect(engine.source.stream(report(engine.name, text, [], columns)))).toEqual([
      { name: 'Acme', orders: 2, total: '12.6', last_at: '2024-03-31T23:30:00.000Z' },
      { name: 'Globex', orders: 1, total: '1234567.89', last_at: '2024-12-31T23:59:59.123Z' },
    ])
  })

  it('buckets datetimes in a time zone with the dialect SQL', async () => {
    const rows = await collect(
      engine.source.stream(
        report(engine.name, bucketSql(engine.dialect, 'Europe/Paris'), [], [['bucket', 'date']]),
      ),
    )
    expect(rows.map((row) => row.bucket)).toEqual(['2024-03-01', '2024-04-01', '2025-01-01'])
  })

  it('reads the subtotal level column', async () => {
    const text = `SELECT name, 0 AS lvl FROM ${CUSTOMERS} WHERE id = 1 UNION ALL SELECT NULL, 1 FROM ${CUSTOMERS} WHERE id = 1`
    const rows = await collect(
      engine.source.stream(report(engine.name, text, [], [['name', 'string']], true)),
    )
    expect(rows).toEqual([{ name: 'Acme' }, { name: null, $subtotal: 1 }])
  })

  it('binds parameters (strings with quotes, decimals, booleans, datetimes)', async () => {
    const { p, dialect } = engine
    const text = `SELECT id FROM ${ORDERS}
      WHERE note = ${p(1)} OR (amount > ${p(2)} AND paid = ${p(3)} AND ${engine.createdSince(p(4))}) ORDER BY id`
    const parameters = [
      "O'Reilly; DROP TABLE x --",
      dialect.toParameter('1000', 'currency'),
      dialect.toParameter(true, 'boolean'),
      dialect.datetimeParameter(new Date('2024-06-01T00:00:00Z')),
    ]
    const rows = await collect(
      engine.source.stream(report(engine.name, text, parameters, [['id', 'integer']])),
    )
    expect(rows).toEqual([{ id: 2 }, { id: 3 }])
  })

  it('streams a long result in batches to the end', async () => {
    let count = 0
    let last = 0
    for await (const row of engine.source.stream(
      report(engine.name, engine.series(ROWS), [], [['n', 'integer']]),
      { batchSize: 5000 },
    )) {
      count++
      last = row.n as number
    }
    expect(count).toBe(ROWS)
    expect(last).toBe(ROWS)
  })

  it('releases everything when the consumer stops after 10 of 200,000 rows', async () => {
    const seen: unknown[] = []
    for await (const row of engine.source.stream(
      report(engine.name, engine.series(ROWS), [], [['n', 'integer']]),
    )) {
      seen.push(row.n)
      if (seen.length === 10) break
    }
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    await engine.assertReleased()
  })

  it('maps a syntax error to QUERY_FAILED', async () => {
    const error = await failure(
      engine.source.stream(report(engine.name, 'SELEC 1', [], [['x', 'integer']])),
    )
    expect(error).toMatchObject({ name: 'ReportwrightError', code: 'QUERY_FAILED' })
    expect(error.message).toMatch(/syntax/i)
  })

  it('throws CANCELLED for an already-aborted signal', async () => {
    const error = await failure(
      engine.source.stream(report(engine.name, 'SELECT 1 AS x', [], [['x', 'integer']]), {
        signal: AbortSignal.abort(),
      }),
    )
    expect(error).toMatchObject({ code: 'CANCELLED' })
  })

  it('ends with CANCELLED when aborted mid-stream, and releases', async () => {
    const controller = new AbortController()
    let seen = 0
    const error = await (async () => {
      try {
        for await (const _row of engine.source.stream(
          report(engine.name, engine.series(ROWS), [], [['n', 'integer']]),
          {
            signal: controller.signal,
          },
        )) {
          if (++seen === 10) controller.abort()
        }
      } catch (caught) {
        return caught as { code?: unknown }
      }
      return undefined
    })()
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(seen).toBe(10)
    await engine.assertReleased()
  })
}

function introspectionSuite(
  make: () => Promise<{ source: Source; analyze(): Promise<void> }>,
): void {
  let source: Source
  let analyze: () => Promise<void>
  beforeAll(async () => {
    ;({ source, analyze } = await make())
  })

  it('introspects tables, views, columns, keys and estimates', async () => {
    await analyze()
    const tables = await source.introspect({ tables: [CUSTOMERS, ORDERS, VIEW] })
    const byName = new Map(tables.map((table) => [table.name, table]))
    expect([...byName.keys()].sort()).toEqual([CUSTOMERS, VIEW, ORDERS].sort())
    const orders = byName.get(ORDERS) as IntrospectedTable
    expect(orders.kind).toBe('table')
    expect(orders.estimatedRows).toBe(3)
    const types = Object.fromEntries(orders.columns.map((column) => [column.name, column.type]))
    expect(types).toEqual({
      id: 'integer',
      customer_id: 'integer',
      amount: 'number',
      ordered_on: 'date',
      created_at: 'datetime',
      paid: 'boolean',
      note: 'string',
      payload: undefined,
    })
    const id = orders.columns.find((column) => column.name === 'id')
    expect(id).toMatchObject({ primaryKey: true, nullable: false })
    expect(orders.columns.find((column) => column.name === 'note')).toMatchObject({
      primaryKey: false,
      nullable: true,
    })
    expect(orders.columns.find((column) => column.name === 'amount')?.dataType).toMatch(
      /^(numeric|decimal)\(12,\s?2\)$/i,
    )
    expect(orders.foreignKeys).toEqual([
      { columns: ['customer_id'], referencedTable: CUSTOMERS, referencedColumns: ['id'] },
    ])
    const customers = byName.get(CUSTOMERS) as IntrospectedTable
    expect(customers.columns.find((column) => column.name === 'vip')?.type).toBe('boolean')
    expect(customers.columns.find((column) => column.name === 'name')).toMatchObject({
      type: 'string',
      nullable: false,
    })
    const view = byName.get(VIEW) as IntrospectedTable
    expect(view).toMatchObject({ kind: 'view', estimatedRows: undefined, foreignKeys: [] })
    expect(view.columns.map((column) => column.name)).toEqual(['customer_id', 'total'])
  })

  it('introspects the whole schema without a filter', async () => {
    const names = (await source.introspect()).map((table) => table.name)
    expect(names).toEqual(expect.arrayContaining([CUSTOMERS, ORDERS, VIEW]))
  })

  it('drafts datasets with labels, types and a join suggestion', async () => {
    const datasets = await introspect(source, {
      include: [CUSTOMERS, ORDERS],
      sourceKey: 'warehouse',
    })
    expect(Object.keys(datasets).sort()).toEqual([CUSTOMERS, ORDERS])
    const orders = datasets[ORDERS]
    expect(orders).toMatchObject({
      source: 'warehouse',
      table: ORDERS,
      label: 'Rw src test orders',
    })
    expect(orders?.columns.amount).toEqual({ type: 'currency', label: 'Amount' })
    expect(orders?.columns.customer_id).toEqual({ type: 'integer', label: 'Customer ID' })
    expect(orders?.columns.created_at).toEqual({ type: 'datetime', label: 'Created at' })
    expect(orders?.columns.payload).toBeUndefined()
    expect(orders?.joins).toEqual({
      customer: {
        dataset: CUSTOMERS,
        on: { from: 'customer_id', to: 'id' },
        type: 'many-to-one',
        label: 'Customer',
      },
    })
    expect(datasets[CUSTOMERS]?.joins).toBeUndefined()
    // The draft is a valid catalog as it stands.
    const catalog = defineCatalog({ sources: { warehouse: source }, datasets })
    expect(catalog.resolveField(ORDERS, 'customer.name', { userId: 'u', roles: [] }).column).toBe(
      'name',
    )
    // Without the referenced table, no join is suggested.
    const alone = await introspect(source, { include: [ORDERS] })
    expect(alone[ORDERS]?.source).toBe('main')
    expect(alone[ORDERS]?.joins).toBeUndefined()
  })
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL
// ---------------------------------------------------------------------------------------------

describe.skipIf(!pgUp)('postgresSource (PostgreSQL)', () => {
  let pg: Pg
  let Cursor: PgCursorCtorLike
  let pool: InstanceType<Pg['Pool']>
  let source: Source
  const pools: InstanceType<Pg['Pool']>[] = []

  function newPool(url = PG_URL, max = 4): InstanceType<Pg['Pool']> {
    const created = new pg.Pool({ connectionString: url, max, connectionTimeoutMillis: 5000 })
    created.on('error', () => undefined)
    pools.push(created)
    return created
  }

  async function assertIdle(target: InstanceType<Pg['Pool']>): Promise<void> {
    expect(target.waitingCount).toBe(0)
    expect(target.idleCount).toBe(target.totalCount)
  }

  beforeAll(async () => {
    pg = ((await import('pg')) as unknown as { default: Pg }).default
    Cursor = ((await import('pg-cursor')) as unknown as { default: PgCursorCtorLike }).default
    pool = newPool()
    source = postgresSource({ pool, cursor: Cursor })
    for (const statement of [...dropSql('postgres'), ...fixtureSql('postgres')])
      await pool.query(statement)
    await pool.query(`CREATE SCHEMA ${SCHEMA}`)
    await pool.query(`CREATE TYPE ${SCHEMA}.kind AS ENUM ('a', 'b')`)
    await pool.query(
      `CREATE TABLE ${SCHEMA}.things (id bigint PRIMARY KEY, label text, price real, kind ${SCHEMA}.kind)`,
    )
  })

  afterAll(async () => {
    if (pool) for (const statement of dropSql('postgres')) await pool.query(statement)
    await Promise.all(pools.map((created) => created.end()))
  })

  describe('shared behaviour', () => {
    sharedSuite(async () => ({
      name: 'postgres',
      dialect: postgresDialect,
      source,
      p: (index) => `$${index}`,
      series: (count) => `SELECT g AS n FROM generate_series(1, ${count}) AS g`,
      createdSince: (placeholder) => `created_at >= ${placeholder}`,
      assertReleased: async () => {
        await assertIdle(pool)
        const running = await pool.query(
          `SELECT pid FROM pg_stat_activity WHERE state <> 'idle' AND query LIKE '%generate_series(1, ${ROWS})%' AND pid <> pg_backend_pid()`,
        )
        expect(running.rows).toEqual([])
      },
    }))
  })

  describe('introspection', () => {
    introspectionSuite(async () => ({
      source,
      analyze: async () => void (await pool.query(`ANALYZE ${ORDERS}`)),
    }))

    it('names tables outside public as schema.table and maps enums', async () => {
      const [things] = await source.introspect({ tables: [`${SCHEMA}.things`] })
      expect(things?.name).toBe(`${SCHEMA}.things`)
      expect(things?.columns.map((column) => [column.name, column.type])).toEqual([
        ['id', 'integer'],
        ['label', 'string'],
        ['price', 'number'],
        ['kind', 'string'],
      ])
      const datasets = await introspect(source, { include: [`${SCHEMA}.things`] })
      expect(datasets[`${SCHEMA}_things`]).toMatchObject({
        table: `${SCHEMA}.things`,
        label: 'Rw src test schema things',
      })
      expect(datasets[`${SCHEMA}_things`]?.columns.price).toEqual({
        type: 'currency',
        label: 'Price',
      })
    })
  })

  it('reads only the batches the consumer asks for', async () => {
    let reads = 0
    const Counting = function (
      text: string,
      values: unknown[],
      config: ConstructorParameters<PgCursorCtorLike>[2],
    ) {
      const cursor = new Cursor(text, values, config)
      const read = cursor.read.bind(cursor)
      cursor.read = (rows: number) => {
        reads++
        return read(rows)
      }
      return cursor
    } as unknown as PgCursorCtorLike
    const counted = postgresSource({ pool, cursor: Counting })
    let seen = 0
    for await (const _row of counted.stream(
      report(
        'postgres',
        `SELECT g AS n FROM generate_series(1, ${ROWS}) g`,
        [],
        [['n', 'integer']],
      ),
      {
        batchSize: 100,
      },
    )) {
      if (++seen === 250) break
    }
    expect(reads).toBe(3)
    await assertIdle(pool)
  })

  it('loads pg-cursor lazily when no cursor is given', async () => {
    const lazy = postgresSource({ pool })
    expect(
      await collect(lazy.stream(report('postgres', 'SELECT 1 AS x', [], [['x', 'integer']]))),
    ).toEqual([{ x: 1 }])
  })

  it('cancels the server query on abort and ends with CANCELLED', async () => {
    const controller = new AbortController()
    const marker = `rw_src_test_cancel_${Date.now()}`
    const started = Date.now()
    setTimeout(() => controller.abort(), 300)
    const error = await failure(
      source.stream(
        report('postgres', `SELECT pg_sleep(5) AS "${marker}"`, [], [['x', 'string']]),
        { signal: controller.signal },
      ),
    )
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(Date.now() - started).toBeLessThan(3000)
    let active: unknown[] = []
    for (let attempt = 0; attempt < 20; attempt++) {
      const result = await pool.query(
        `SELECT pid FROM pg_stat_activity WHERE state = 'active' AND query LIKE $1 AND pid <> pg_backend_pid()`,
        [`%${marker}%`],
      )
      active = result.rows
      if (active.length === 0) break
      await delay(50)
    }
    expect(active).toEqual([])
    await assertIdle(pool)
  })

  it('stops waiting for a pool slot on abort and gives the late client back', async () => {
    const single = newPool(PG_URL, 1)
    const held = await single.connect()
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const error = await failure(
      postgresSource({ pool: single, cursor: Cursor }).stream(
        report('postgres', 'SELECT 1 AS x', [], [['x', 'integer']]),
        {
          signal: controller.signal,
        },
      ),
    )
    expect(error).toMatchObject({ code: 'CANCELLED' })
    held.release()
    await delay(50)
    await assertIdle(single)
  })

  it('maps the statement timeout to LIMIT_EXCEEDED and leaves the pooled client clean', async () => {
    const single = newPool(PG_URL, 1)
    const timed = postgresSource({ pool: single, cursor: Cursor })
    const error = await failure(
      timed.stream(report('postgres', 'SELECT pg_sleep(3) AS x', [], [['x', 'string']]), {
        statementTimeoutMs: 200,
      }),
    )
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    expect(error.message).toMatch(/statement timeout/)
    const rows = await collect(
      timed.stream(report('postgres', 'SELECT 1 AS x', [], [['x', 'integer']]), {
        statementTimeoutMs: 5000,
      }),
    )
    expect(rows).toEqual([{ x: 1 }])
    const setting = await single.query('SHOW statement_timeout')
    expect(setting.rows[0]).toEqual({ statement_timeout: '0' })
    await assertIdle(single)
  })

  it('maps refused connections and rejected credentials to SOURCE_UNAVAILABLE without the password', async () => {
    const target = new URL(PG_URL)
    const badUser = new URL(PG_URL)
    badUser.username = 'rw_no_such_user'
    badUser.password = SECRET
    const badPort = new URL(PG_URL)
    badPort.password = SECRET
    badPort.port = '1'
    for (const url of [badUser, badPort]) {
      const bad = postgresSource({ pool: newPool(url.toString(), 1), cursor: Cursor })
      const error = await failure(
        bad.stream(report('postgres', 'SELECT 1 AS x', [], [['x', 'integer']])),
      )
      expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE' })
      expect(error.message).not.toContain(SECRET)
      expect(JSON.stringify(error)).not.toContain(SECRET)
      await expect(bad.introspect()).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' })
    }
    expect(target.password).not.toBe(SECRET)
  })

  it('does not touch a factory pool for an aborted signal, and destroy() ends a factory pool', async () => {
    let created: InstanceType<Pg['Pool']> | undefined
    const lazy = postgresSource({
      pool: async () => {
        created = new pg.Pool({ connectionString: PG_URL, max: 1 })
        return created
      },
      cursor: Cursor,
    })
    await failure(
      lazy.stream(report('postgres', 'SELECT 1 AS x', [], [['x', 'integer']]), {
        signal: AbortSignal.abort(),
      }),
    )
    expect(created).toBeUndefined()
    expect(
      await collect(lazy.stream(report('postgres', 'SELECT 1 AS x', [], [['x', 'integer']]))),
    ).toEqual([{ x: 1 }])
    await lazy.destroy()
    expect((created as unknown as { ended: boolean }).ended).toBe(true)
  })

  it('accepts a pg Pool and pg-cursor structurally', () => {
    const typed: PgPoolLike = pool
    const ctor: PgCursorCtorLike = Cursor
    expect(typed && ctor).toBeTruthy()
  })
})

// ---------------------------------------------------------------------------------------------
// MariaDB / MySQL
// ---------------------------------------------------------------------------------------------

describe.skipIf(!mysqlUp)('mysqlSource (MariaDB / MySQL)', () => {
  let mysql: typeof MysqlModule
  let pool: MysqlPool
  let source: Source
  const pools: MysqlPool[] = []

  function newPool(url = MYSQL_URL, connectionLimit = 4): MysqlPool {
    const created = mysql.createPool({ uri: url, connectionLimit, connectTimeout: 5000 })
    pools.push(created)
    return created
  }

  const poolState = (target: MysqlPool): { all: number; free: number } => {
    const internals = target as unknown as {
      _allConnections: { length: number }
      _freeConnections: { length: number }
    }
    return { all: internals._allConnections.length, free: internals._freeConnections.length }
  }

  const query = (target: MysqlPool | MysqlPoolConnection, text: string): Promise<unknown> =>
    new Promise((resolve, reject) => {
      target.query(text, (error: Error | null, result: unknown) =>
        error ? reject(error) : resolve(result),
      )
    })

  async function assertIdle(target: MysqlPool): Promise<void> {
    const state = poolState(target)
    expect(state.free).toBe(state.all)
  }

  beforeAll(async () => {
    mysql = ((await import('mysql2')) as unknown as { default: typeof MysqlModule }).default
    pool = newPool()
    source = mysqlSource({ pool })
    for (const statement of [...dropSql('mysql'), ...fixtureSql('mysql')])
      await query(pool, statement)
  })

  afterAll(async () => {
    if (pool) for (const statement of dropSql('mysql')) await query(pool, statement)
    await Promise.all(pools.map((created) => new Promise((resolve) => created.end(resolve))))
  })

  const digits = `(SELECT 0 AS d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4
    UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)`
  const series = (count: number): string =>
    `SELECT n FROM (SELECT a.d + b.d * 10 + c.d * 100 + e.d * 1000 + f.d * 10000 + g.d * 100000 + 1 AS n
      FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f, ${digits} g) s WHERE n <= ${count} ORDER BY n`

  describe('shared behaviour', () => {
    sharedSuite(async () => ({
      name: 'mysql',
      dialect: mysqlDialect,
      source,
      p: () => '?',
      series,
      createdSince: (placeholder) => `created_at >= ${placeholder}`,
      assertReleased: async () => {
        await assertIdle(pool)
        let running: unknown[] = []
        for (let attempt = 0; attempt < 40; attempt++) {
          running = (await query(
            pool,
            `SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%b.d * 10 %' AND INFO NOT LIKE '%PROCESSLIST%'`,
          )) as unknown[]
          if (running.length === 0) break
          await delay(50)
        }
        expect(running).toEqual([])
      },
    }))
  })

  describe('introspection', () => {
    introspectionSuite(async () => ({
      source,
      analyze: async () => {
        await query(pool, `ANALYZE TABLE ${ORDERS}`)
      },
    }))
  })

  it('pauses the driver while the consumer is not pulling', async () => {
    const own = newPool(MYSQL_URL, 2)
    let received = 0
    const counting: MysqlPoolLike = {
      getConnection: (callback) =>
        own.getConnection((error, connection) => {
          if (connection) {
            const execute = connection.execute.bind(connection) as (options: object) => MysqlQuery
            ;(connection as unknown as { execute: (options: object) => unknown }).execute = (
              options: object,
            ) => {
              const pending = execute(options)
              pending.on('result', () => received++)
              return pending
            }
          }
          callback(error, connection as never)
        }),
      query: (text, callback) => own.query(text, callback),
    }
    const paused = mysqlSource({ pool: counting })
    let seen = 0
    let atBreak = 0
    for await (const _row of paused.stream(report('mysql', series(ROWS), [], [['n', 'integer']]), {
      batchSize: 500,
    })) {
      if (++seen === 10) {
        await delay(300)
        atBreak = received
        break
      }
    }
    // About one buffer (500 rows) ahead of the consumer, not the 200,000 rows of the result.
    expect(atBreak).toBeGreaterThanOrEqual(10)
    expect(atBreak).toBeLessThan(2_000)
    await assertIdle(own)
  })

  it('kills the server query on abort and ends with CANCELLED', async () => {
    const controller = new AbortController()
    const marker = `rw_src_test_cancel_${Date.now()}`
    const started = Date.now()
    setTimeout(() => controller.abort(), 300)
    const error = await failure(
      source.stream(report('mysql', `SELECT SLEEP(5) AS ${marker}`, [], [['x', 'integer']]), {
        signal: controller.signal,
      }),
    )
    expect(error).toMatchObject({ code: 'CANCELLED' })
    expect(Date.now() - started).toBeLessThan(3000)
    let running: unknown[] = []
    for (let attempt = 0; attempt < 40; attempt++) {
      running = (await query(
        pool,
        `SELECT ID FROM information_schema.PROCESSLIST WHERE INFO LIKE '%${marker}%' AND INFO NOT LIKE '%PROCESSLIST%'`,
      )) as unknown[]
      if (running.length === 0) break
      await delay(50)
    }
    expect(running).toEqual([])
    await assertIdle(pool)
  })

  it('maps the statement timeout to LIMIT_EXCEEDED and restores the session', async () => {
    const single = newPool(MYSQL_URL, 1)
    const timed = mysqlSource({ pool: single })
    const connection = await new Promise<MysqlPoolConnection>((resolve, reject) =>
      single.getConnection((error, got) => (error ? reject(error) : resolve(got))),
    )
    await query(connection, "SET time_zone = '+05:00'")
    connection.release()
    const error = await failure(
      timed.stream(report('mysql', 'SELECT SLEEP(3) AS x', [], [['x', 'integer']]), {
        statementTimeoutMs: 200,
      }),
    )
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    expect(error.message).toMatch(/statement timeout/)
    // A fresh connection after the failed one; set its zone again and run a successful query.
    const again = await new Promise<MysqlPoolConnection>((resolve, reject) =>
      single.getConnection((failed, got) => (failed ? reject(failed) : resolve(got))),
    )
    await query(again, "SET time_zone = '+05:00'")
    again.release()
    const rows = await collect(
      timed.stream(
        report(
          'mysql',
          `SELECT created_at FROM ${ORDERS} WHERE id = 1`,
          [],
          [['created_at', 'datetime']],
        ),
        {
          statementTimeoutMs: 5000,
        },
      ),
    )
    expect(rows).toEqual([{ created_at: '2024-03-10T23:30:00.000Z' }])
    const [session] = (await query(
      single,
      'SELECT @@session.time_zone AS tz, @@session.max_statement_time AS mst',
    )) as {
      tz: string
      mst: unknown
    }[]
    expect(session?.tz).toBe('+05:00')
    expect(Number(session?.mst)).toBe(0)
    await assertIdle(single)
  })

  it('maps refused connections and rejected credentials to SOURCE_UNAVAILABLE without the password', async () => {
    const badUser = new URL(MYSQL_URL)
    badUser.username = 'rw_no_such_user'
    badUser.password = SECRET
    const badPort = new URL(MYSQL_URL)
    badPort.password = SECRET
    badPort.port = '1'
    for (const url of [badUser, badPort]) {
      const bad = mysqlSource({ pool: newPool(url.toString(), 1) })
      const error = await failure(
        bad.stream(report('mysql', 'SELECT 1 AS x', [], [['x', 'integer']])),
      )
      expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE' })
      expect(error.message).not.toContain(SECRET)
      expect(JSON.stringify(error)).not.toContain(SECRET)
      await expect(bad.introspect()).rejects.toMatchObject({ code: 'SOURCE_UNAVAILABLE' })
    }
  })

  it('accepts a mysql2 promise pool', async () => {
    const promisePool = newPool().promise()
    const viaPromise = mysqlSource({ pool: promisePool })
    expect(
      await collect(viaPromise.stream(report('mysql', 'SELECT 1 AS x', [], [['x', 'integer']]))),
    ).toEqual([{ x: 1 }])
  })
})

// ---------------------------------------------------------------------------------------------
// SQLite (better-sqlite3, in memory)
// ---------------------------------------------------------------------------------------------

describe('sqliteSource (better-sqlite3)', () => {
  let database: Database
  let source: Source
  let open: (path: string) => Database

  beforeAll(async () => {
    const Ctor = (
      (await import('better-sqlite3')) as unknown as { default: new (path: string) => Database }
    ).default
    open = (path) => new Ctor(path)
    database = open(':memory:')
    for (const statement of fixtureSql('sqlite')) database.exec(statement)
    source = sqliteSource({ database })
  })

  afterAll(() => {
    database.close()
  })

  const series = (count: number): string =>
    `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${count}) SELECT n FROM s`

  describe('shared behaviour', () => {
    sharedSuite(async () => ({
      name: 'sqlite',
      dialect: sqliteDialect,
      source,
      p: () => '?',
      series,
      createdSince: (placeholder) => `julianday(created_at) >= julianday(${placeholder})`,
      assertReleased: async () => {
        // An open iterator would make this write throw "connection is busy".
        database.exec(`CREATE TABLE ${PREFIX}_probe (x INTEGER); DROP TABLE ${PREFIX}_probe`)
      },
    }))
  })

  describe('introspection', () => {
    introspectionSuite(async () => ({
      source,
      analyze: async () => {
        database.exec('ANALYZE')
      },
    }))
  })

  it('drafts only identifier columns and tables the catalog accepts', async () => {
    const odd = `${PREFIX}_odd`
    database.exec(`CREATE TABLE ${odd} (id INTEGER PRIMARY KEY, "Order Date" DATE, total_amount REAL,
      customer_id INTEGER REFERENCES ${CUSTOMERS}(id), customer TEXT, blob_col BLOB)`)
    database.exec(`CREATE TABLE "${PREFIX} spaced" (id INTEGER PRIMARY KEY)`)
    try {
      const datasets = await introspect(source, { include: [odd, CUSTOMERS, `${PREFIX} spaced`] })
      expect(Object.keys(datasets).sort()).toEqual([CUSTOMERS, odd])
      expect(datasets[odd]?.columns).toEqual({
        id: { type: 'integer', label: 'ID' },
        total_amount: { type: 'currency', label: 'Total amount' },
        customer_id: { type: 'integer', label: 'Customer ID' },
        customer: { type: 'string', label: 'Customer' },
      })
      // "customer" is a column, so the join takes the next free name.
      expect(Object.keys(datasets[odd]?.joins ?? {})).toEqual(['customer_2'])
      expect(() => defineCatalog({ sources: { main: source }, datasets })).not.toThrow()
    } finally {
      database.exec(`DROP TABLE ${odd}; DROP TABLE "${PREFIX} spaced"`)
    }
  })

  it('enforces the statement timeout cooperatively', async () => {
    const error = await failure(
      source.stream(report('sqlite', series(50_000_000), [], [['n', 'integer']]), {
        statementTimeoutMs: 50,
      }),
    )
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
  })

  it('yields to the event loop between batches', async () => {
    let ticks = 0
    const timer = setInterval(() => ticks++, 0)
    let count = 0
    for await (const _row of source.stream(report('sqlite', series(ROWS), [], [['n', 'integer']]), {
      batchSize: 1000,
    }))
      count++
    clearInterval(timer)
    expect(count).toBe(ROWS)
    expect(ticks).toBeGreaterThan(5)
  })

  it('registers the bucket function once per database, for several sources', async () => {
    const second = sqliteSource({ database })
    const rows = await collect(
      second.stream(report('sqlite', bucketSql(sqliteDialect, 'UTC'), [], [['bucket', 'date']])),
    )
    expect(rows.map((row) => row.bucket)).toEqual(['2024-03-01', '2024-03-01', '2024-12-01'])
  })

  it('maps a closed database to SOURCE_UNAVAILABLE', async () => {
    const closed = open(':memory:')
    closed.close()
    const error = await failure(
      sqliteSource({ database: closed }).stream(
        report('sqlite', 'SELECT 1 AS x', [], [['x', 'integer']]),
      ),
    )
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE' })
  })

  it('accepts a better-sqlite3 Database structurally', () => {
    const typed: BetterSqliteDatabaseLike = database
    expect(typed).toBe(database)
  })
})

// ---------------------------------------------------------------------------------------------
// PGlite (in memory)
// ---------------------------------------------------------------------------------------------

describe('pgliteSource (PGlite)', () => {
  let db: PGlite
  let source: Source
  let create: () => PGlite

  beforeAll(async () => {
    const { PGlite: Ctor } = await import('@electric-sql/pglite')
    create = () => new Ctor()
    db = create()
    for (const statement of fixtureSql('postgres')) await db.exec(statement)
    source = pgliteSource({ db })
  })

  afterAll(async () => {
    await db.close()
  })

  describe('shared behaviour', () => {
    sharedSuite(async () => ({
      name: 'pglite',
      dialect: pgliteDialect,
      source,
      p: (index) => `$${index}`,
      series: (count) => `SELECT g AS n FROM generate_series(1, ${count}) AS g`,
      createdSince: (placeholder) => `created_at >= ${placeholder}`,
      assertReleased: async () => {
        // A transaction left open would keep this query waiting.
        const result = await Promise.race([
          db.query('SELECT 1 AS ok'),
          delay(2000).then(() => undefined),
        ])
        expect(result?.rows).toEqual([{ ok: 1 }])
      },
    }))
  })

  describe('introspection', () => {
    introspectionSuite(async () => ({
      source,
      analyze: async () => {
        await db.exec(`ANALYZE ${ORDERS}`)
      },
    }))
  })

  it('runs concurrent streams on one db one after another', async () => {
    const detail = report(
      'pglite',
      `SELECT id, amount, ordered_on, created_at, paid, note FROM ${ORDERS} ORDER BY id`,
      [],
      ORDER_COLUMNS,
    )
    const big = report(
      'pglite',
      `SELECT g AS n FROM generate_series(1, 5000) AS g`,
      [],
      [['n', 'integer']],
    )
    const [a, b, c] = await Promise.all([
      collect(source.stream(detail)),
      collect(source.stream(big, { batchSize: 700 })),
      collect(source.stream(detail)),
    ])
    expect(a).toEqual(EXPECTED_ORDERS)
    expect(b).toHaveLength(5000)
    expect(c).toEqual(EXPECTED_ORDERS)
  })

  it('enforces the statement timeout between fetches', async () => {
    const error = await failure(
      source.stream(
        report(
          'pglite',
          'SELECT g AS n, md5(g::text) AS h FROM generate_series(1, 3000000) AS g',
          [],
          [['n', 'integer']],
        ),
        {
          statementTimeoutMs: 20,
        },
      ),
    )
    expect(error).toMatchObject({ code: 'LIMIT_EXCEEDED' })
    expect((await db.query('SELECT 2 AS ok')).rows).toEqual([{ ok: 2 }])
  })

  it('maps a closed PGlite to SOURCE_UNAVAILABLE', async () => {
    const closed = create()
    await closed.close()
    const error = await failure(
      pgliteSource({ db: closed }).stream(
        report('pglite', 'SELECT 1 AS x', [], [['x', 'integer']]),
      ),
    )
    expect(error).toMatchObject({ code: 'SOURCE_UNAVAILABLE' })
  })

  it('accepts a PGlite instance structurally', () => {
    const typed: PGliteLike = db
    expect(typed).toBe(db)
  })
})

// ---------------------------------------------------------------------------------------------
// Service checks (src/testing/services.ts)
// ---------------------------------------------------------------------------------------------

describe('checkService', () => {
  it('reports an unreachable port without the password', async () => {
    for (const kind of ['postgres', 'mysql', 'redis'] as const) {
      const status = await checkService(kind, `${kind}://user:${SECRET}@127.0.0.1:1/test`)
      expect(status.available).toBe(false)
      expect(status.reason).toMatch(/ECONNREFUSED/)
      expect(status.reason).not.toContain(SECRET)
    }
  })

  it('logs in for real, so wrong credentials count as unavailable', async () => {
    if (!pgUp) return
    const url = new URL(PG_URL)
    url.username = 'rw_no_such_user'
    url.password = SECRET
    const status = await checkService('postgres', url.toString())
    expect(status.available).toBe(false)
    expect(status.reason).not.toContain(SECRET)
    expect(await checkService('postgres', PG_URL)).toEqual({ available: true })
  })

  it('redacts URLs for skip lines', () => {
    expect(redactUrl(`postgres://me:${SECRET}@db:5432/x`)).toBe('postgres://me:***@db:5432/x')
    expect(redactUrl('mysql://root@127.0.0.1:3306/test')).toBe('mysql://root@127.0.0.1:3306/test')
    expect(serviceUrl('redis')).toMatch(/^redis:\/\//)
  })
})
