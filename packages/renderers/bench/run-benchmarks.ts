/**
 * Renderer benchmarks (issue 9): `pnpm --filter @reportwright/renderers bench [--quick]`.
 * Each variant runs in its own child process, so its peak RSS is its own; figures print with
 * their baseline and the ratio, and are saved to `bench-results/renderers.json`.
 *
 * Rows are generated in process for the format benchmarks (same generator for every variant):
 * CSV encoder vs csv-stringify per row, our XLSX writer vs a plain exceljs WorkbookWriter loop,
 * PDF 50,000 rows, PPTX 1,000 rows. When core's benchmark table exists in PostgreSQL
 * (`RW_PG_URL`, table `rw_bench_rows`), CSV is also measured from the database: pg cursor →
 * core's row decoder → `csvRenderer`, and `COPY … TO STDOUT` (the path core could take), both
 * against `psql \copy` in the same run.
 *
 * End to end (`engine.run`, PostgreSQL → file): CSV (COPY fast path and row path), XLSX and PDF
 * run from the BUILT packages with plain `node bench/engine-cases.mjs` (run `pnpm build` first),
 * so their RSS is what users get; baselines are `psql \copy` and the bare driver + library.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface Result {
  readonly name: string
  readonly rows: number
  readonly ms: number
  readonly maxRssKb: number
  readonly bytes: number
  /** Whole child process, start-up included. */
  readonly wallMs: number
}

const quick = process.argv.includes('--quick')
const scale = quick ? 0.1 : 1
const here = import.meta.dirname
const work = mkdtempSync(join(tmpdir(), 'rw-bench-'))

function run(name: string, rows: number, extension: string): Result {
  const file = join(work, `${name}.${extension}`)
  const started = performance.now()
  const output = execFileSync(
    process.execPath,
    [
      '--conditions=@reportwright/source',
      '--import',
      'tsx',
      join(here, 'bench-cases.ts'),
      name,
      String(rows),
      file,
    ],
    { encoding: 'utf8', maxBuffer: 1 << 20, cwd: join(here, '..') },
  )
  const line = output.trim().split('\n').at(-1) ?? '{}'
  const wallMs = performance.now() - started
  const result = JSON.parse(line) as Omit<Result, 'bytes' | 'wallMs'>
  return { ...result, bytes: statSync(file).size, wallMs }
}

/** One end-to-end variant with plain `node` against the built packages (no tsx, no sources). */
function runBuilt(name: string, rows: number, extension: string): Result {
  const file = join(work, `${name}.${extension}`)
  const started = performance.now()
  const output = execFileSync(
    process.execPath,
    [join(here, 'engine-cases.mjs'), name, String(rows), file],
    { encoding: 'utf8', maxBuffer: 1 << 20, cwd: join(here, '..') },
  )
  const line = output.trim().split('\n').at(-1) ?? '{}'
  const wallMs = performance.now() - started
  const result = JSON.parse(line) as Omit<Result, 'bytes' | 'wallMs'>
  return { ...result, bytes: statSync(file).size, wallMs }
}

/** The run with the median time of `times` runs: this machine is noisy, one run misleads. */
function medianOf(times: number, measure: () => Result): Result {
  const runs = Array.from({ length: times }, measure).sort((a, b) => a.ms - b.ms)
  return runs[Math.floor(runs.length / 2)] as Result
}

const results: Result[] = []
const lines: string[] = []
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`

let floorKb = 0
const PG_URL = process.env.RW_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** `psql \copy` of the same query: the limit. Peak RSS through GNU time when it is installed. */
function psqlCopy(rows: number): Result {
  const file = join(work, 'psql.csv')
  const query = `select id, created_at, customer, region, product, quantity, amount, discount from rw_bench_rows order by id limit ${rows}`
  const started = performance.now()
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', 'psql', PG_URL, '-qc', `\\copy (${query}) to '${file}' csv header`],
    {
      encoding: 'utf8',
    },
  )
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`)
  const maxRssKb = Number(result.stderr.trim().split('\n').at(-1))
  return { name: 'psql-copy', rows, ms, maxRssKb, bytes: statSync(file).size, wallMs: ms }
}

/**
 * CSV from PostgreSQL when the bench table of core's `pnpm bench` exists (1M rows, 8 columns):
 * the renderer path (pg cursor → core decoder → csvRenderer) and the COPY path core could take,
 * each against `psql \copy` measured in the same run.
 */
function postgresCsv(rows: number): void {
  try {
    const count = execFileSync('psql', [PG_URL, '-Atc', 'select count(*) from rw_bench_rows'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    if (Number(count.trim()) < rows) throw new Error('too few rows')
  } catch {
    const line = `PostgreSQL CSV: skipped (no rw_bench_rows table with ${rows} rows at RW_PG_URL; run core's pnpm bench first)`
    lines.push(line)
    console.log(line)
    return
  }
  const psql = psqlCopy(rows)
  compare(
    'CSV from PostgreSQL: pg cursor → csvRenderer',
    run('pg-cursor-csv', rows, 'csv'),
    psql,
    'within 2.5× of psql \\copy (aim 1.5×); < 150 MB',
  )
  compare(
    'CSV from PostgreSQL: COPY TO STDOUT (proposed core path)',
    run('pg-copy-csv', rows, 'csv'),
    psql,
    'within 1.5× of psql \\copy',
  )
}

/** `engine.run` from PostgreSQL against psql and the bare driver + library (issue 9 targets). */
function engineEndToEnd(rows: number): void {
  if (!existsSync(join(here, '..', '..', 'core', 'dist', 'index.js'))) {
    const line = 'engine.run end to end: skipped (run `pnpm build` first)'
    lines.push(line)
    console.log(line)
    return
  }
  // CSV variants are short: take the median of 5 runs (XLSX and PDF run once).
  const repeats = quick ? 1 : 5
  let psql: Result
  try {
    psql = medianOf(repeats, () => psqlCopy(rows))
  } catch {
    const line = `engine.run end to end: skipped (no rw_bench_rows table at RW_PG_URL; run core's pnpm bench first)`
    lines.push(line)
    console.log(line)
    return
  }
  const idle = runBuilt('idle', 0, 'txt')
  results.push({ ...idle, name: 'built-idle' })
  console.log(`Process floor (plain node + built @reportwright/core): ${mb(idle.maxRssKb)}`)
  lines.push(`Process floor, built packages: ${mb(idle.maxRssKb)}`)
  // "Over the process floor" in this section means over plain node's, not tsx's.
  const tsxFloorKb = floorKb
  floorKb = idle.maxRssKb
  const csv = medianOf(repeats, () => runBuilt('engine-csv', rows, 'csv'))
  compare('engine.run CSV, COPY path', csv, psql, 'within 2.5× of psql \\copy (aim 1.5×); < 150 MB')
  compare(
    'engine.run CSV, COPY path vs bare driver + pg-copy-streams',
    csv,
    medianOf(repeats, () => runBuilt('bare-copy-csv', rows, 'csv')),
    'report',
  )
  compare(
    'engine.run CSV, row path (copyStreams: false)',
    medianOf(repeats, () => runBuilt('engine-csv-rows', rows, 'csv')),
    psql,
    'report (the path of every other source)',
  )
  if (process.env.RW_BENCH_ONLY !== 'csv') {
    compare(
      'engine.run XLSX vs pg-cursor + plain exceljs WorkbookWriter',
      runBuilt('engine-xlsx', rows, 'xlsx'),
      runBuilt('bare-exceljs-xlsx', rows, 'xlsx'),
      '≤ 0.5× exceljs time; < 200 MB',
    )
    compare(
      'engine.run PDF',
      runBuilt('engine-pdf', Math.round(50_000 * scale), 'pdf'),
      undefined,
      '< 12 s and < 250 MB for 50,000 rows',
    )
  }
  floorKb = tsxFloorKb
}

function compare(label: string, ours: Result, baseline: Result | undefined, target: string): void {
  results.push(ours)
  if (baseline && !results.includes(baseline)) results.push(baseline)
  const ratio = baseline
    ? ` | ratio ${(ours.ms / baseline.ms).toFixed(2)}× time, ${(ours.maxRssKb / baseline.maxRssKb).toFixed(2)}× RSS`
    : ''
  const base = baseline
    ? ` | baseline ${baseline.name}: ${seconds(baseline.ms)}, ${mb(baseline.maxRssKb)}`
    : ''
  const line = `${label} (${ours.rows.toLocaleString('en-US')} rows): ${seconds(ours.ms)} (process ${seconds(ours.wallMs)}), peak RSS ${mb(ours.maxRssKb)} (${mb(ours.maxRssKb - floorKb)} over the process floor), ${(ours.bytes / 1024 / 1024).toFixed(1)} MB file${base}${ratio} | target ${target}`
  lines.push(line)
  console.log(line)
}

try {
  // node + tsx + core's sources, doing nothing: every variant pays this much RSS before any work.
  const idle = run('idle', 0, 'txt')
  floorKb = idle.maxRssKb
  results.push(idle)
  console.log(`Process floor (node + tsx + @reportwright/core from source): ${mb(floorKb)}`)
  lines.push(`Process floor: ${mb(floorKb)}`)
  const million = Math.round(1_000_000 * scale)
  const only = process.env.RW_BENCH_ONLY
  // RW_BENCH_ONLY=engine (or csv: its CSV part) runs the end-to-end section alone.
  if (only === undefined || only === 'engine' || only === 'csv') engineEndToEnd(million)
  if (only === undefined || only === 'postgres') postgresCsv(million)
  // RW_BENCH_ONLY=postgres runs the PostgreSQL section alone.
  if (only === undefined) {
    compare(
      'CSV encoder',
      run('csv', million, 'csv'),
      run('csv-stringify-per-row', million, 'csv'),
      'faster than csv-stringify per row; < 130 MB',
    )
    const exceljs = run('exceljs-workbook-writer', million, 'xlsx')
    compare(
      'XLSX writer (zlib 6)',
      run('xlsx', million, 'xlsx'),
      exceljs,
      '≤ 0.5× exceljs time; < 200 MB',
    )
    compare(
      'XLSX writer (zlib 1)',
      run('xlsx-level1', million, 'xlsx'),
      exceljs,
      '≤ 0.5× exceljs time; < 200 MB',
    )
    compare(
      'PDF (pdfkit, streamed)',
      run('pdf', Math.round(50_000 * scale), 'pdf'),
      undefined,
      '< 12 s and < 250 MB for 50,000 rows (pdfmake: 33 s / 1.1 GB in PERFORMANCE.md)',
    )
    compare('PPTX', run('pptx', 1000, 'pptx'), undefined, 'report time and RSS')
  }
  mkdirSync(join(here, '..', 'bench-results'), { recursive: true })
  writeFileSync(
    join(here, '..', 'bench-results', 'renderers.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, quick, results, summary: lines }, null, 2)}\n`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
