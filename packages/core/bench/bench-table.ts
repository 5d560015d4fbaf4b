import pg from 'pg'

/** The benchmark table: id, timestamp, three texts, an int and two numerics (PERFORMANCE.md shape). */
export const BENCH_TABLE = 'rw_bench_rows'

export const pgUrl = (): string =>
  process.env.RW_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** Why PostgreSQL cannot be used, or undefined when it answers. */
export async function postgresUnavailable(): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: pgUrl(), connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('select 1')
    return undefined
  } catch (error) {
    return `PostgreSQL not reachable at RW_PG_URL (${(error as Error).message})`
  } finally {
    await client.end().catch(() => undefined)
  }
}

/**
 * Creates and fills the table when it has fewer than `rows` rows; later runs reuse it, so a
 * quick run after a full one reads the first rows of the million (`order by id limit n`).
 * Resolves with the table's row count.
 */
export async function ensureBenchTable(rows: number): Promise<number> {
  const client = new pg.Client({ connectionString: pgUrl() })
  await client.connect()
  try {
    const exists = await client.query<{ n: string }>(
      `select count(*)::text as n from information_schema.tables where table_name = $1`,
      [BENCH_TABLE],
    )
    if (exists.rows[0]?.n === '1') {
      const count = await client.query<{ n: string }>(
        `select count(*)::text as n from ${BENCH_TABLE}`,
      )
      const existing = Number(count.rows[0]?.n)
      if (existing >= rows) return existing
      await client.query(`drop table ${BENCH_TABLE}`)
    }
    await client.query(`create table ${BENCH_TABLE} (
      id integer primary key, created_at timestamptz not null, customer text not null, region text not null,
      product text not null, quantity integer not null, amount numeric(12,2) not null, discount numeric(5,4) not null)`)
    await client.query(
      `insert into ${BENCH_TABLE}
       select i, timestamptz '2024-01-01' + (i * interval '31 seconds'), 'Customer ' || (i % 5000),
              (array['North','South','East','West'])[1 + i % 4], 'Product ' || (i % 300), 1 + i % 9,
              round(((i::bigint * 7919) % 100000) / 100.0, 2), ((i % 25) / 100.0)::numeric(5,4)
       from generate_series(1, $1) as i`,
      [rows],
    )
    await client.query(`analyze ${BENCH_TABLE}`)
    return rows
  } finally {
    await client.end()
  }
}
