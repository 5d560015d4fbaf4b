/**
 * Renderer benchmarks: `pnpm --filter @reportwright/renderers bench [--quick]`. Each variant runs
 * in its own child process, so its peak RSS is its own; every figure is compared with a baseline
 * measured in the same run (median of several runs) and saved to `bench-results/renderers.json`.
 *
 * End to end (`engine.run`, PostgreSQL → file), from the BUILT packages with plain
 * `node bench/engine-cases.mjs` (run `pnpm build` first) so time and RSS are what users get:
 * CSV (COPY path and row path) against `psql \copy`, pg-copy-streams and pg-cursor +
 * csv-stringify; XLSX against pg-cursor + exceljs's streaming writer; PDF 10,000 rows against
 * pg-cursor + pdfkit. They read core's benchmark table `rw_bench_rows` (core's bench creates it).
 *
 * Formats alone, rows generated in process (tsx, sources): CSV encoder vs csv-stringify, XLSX
 * writer vs exceljs, PDF vs pdfkit, PPTX vs pptxgenjs, each writing the same table.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

interface Result {
  readonly name: string
  readonly rows: number
  /** Time of the work; for a median result, the median over `runs`. */
  readonly ms: number
  /** Peak RSS; for a median result, the highest of the runs. */
  readonly maxRssKb: number
  readonly bytes: number
  /** Whole child process, start-up included. */
  readonly wallMs: number
  /** Time of every run, when repeated. */
  readonly runs?: readonly number[]
}

/** One figure and its baseline, with the ratios the report shows. */
interface Comparison {
  readonly section: 'export' | 'pdf' | 'formats'
  readonly label: string
  readonly baselineLabel: string
  readonly rows: number
  readonly ours: Result
  readonly baseline: Result
  /** ours / baseline time: below 1 is faster than the baseline. */
  readonly timeRatio: number
  readonly rssRatio: number
  readonly target: string
}

const quick = process.argv.includes('--quick')
const here = import.meta.dirname
const work = mkdtempSync(join(tmpdir(), 'rw-bench-'))
const MILLION = quick ? 100_000 : 1_000_000
const PDF_ROWS = quick ? 2000 : 10_000
const PDF_LONG_ROWS = quick ? 5000 : 50_000
const PPTX_ROWS = 1000
/** Repeats: cheap figures and the CSV exports 3, 1M-row XLSX and in-process runs 2; quick runs 3. */
const REPEATS = { cheap: 3, csv: 3, large: quick ? 3 : 2 }
const PG_URL = process.env.RW_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

function parseLine(output: string): Omit<Result, 'bytes' | 'wallMs'> {
  return JSON.parse(output.trim().split('\n').at(-1) ?? '{}') as Omit<Result, 'bytes' | 'wallMs'>
}

/** One in-process variant (tsx, sources) in its own child process. */
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
  return { ...parseLine(output), bytes: statSync(file).size, wallMs: performance.now() - started }
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
  return { ...parseLine(output), bytes: statSync(file).size, wallMs: performance.now() - started }
}

/** `psql \copy` of the same query: the limit. Peak RSS through GNU time. */
function psqlCopy(rows: number): Result {
  const file = join(work, 'psql.csv')
  const query = `select id, created_at, customer, region, product, quantity, amount, discount from rw_bench_rows order by id limit ${rows}`
  const started = performance.now()
  const result = spawnSync(
    '/usr/bin/time',
    ['-f', '%M', 'psql', PG_URL, '-qc', `\\copy (${query}) to '${file}' csv header`],
    { encoding: 'utf8' },
  )
  const ms = performance.now() - started
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`)
  const maxRssKb = Number(result.stderr.trim().split('\n').at(-1))
  return { name: 'psql-copy', rows, ms, maxRssKb, bytes: statSync(file).size, wallMs: ms }
}

const middle = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const half = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[half] as number)
    : ((sorted[half - 1] as number) + (sorted[half] as number)) / 2
}

/** Median time of `times` runs (this machine is noisy: one run misleads), highest peak RSS. */
function medianOf(times: number, measure: () => Result): Result {
  const runs = Array.from({ length: times }, measure)
  const first = runs[0] as Result
  return {
    ...first,
    ms: middle(runs.map((r) => r.ms)),
    wallMs: middle(runs.map((r) => r.wallMs)),
    maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)),
    runs: runs.map((r) => r.ms),
  }
}

/**
 * Runs `ours` and `baseline` alternately `times` times, so load changes on the shared machine
 * hit both alike, and returns their medians.
 */
function interleaved(times: number, ours: () => Result, baseline: () => Result): [Result, Result] {
  const a: Result[] = []
  const b: Result[] = []
  for (let i = 0; i < times; i++) {
    a.push(ours())
    b.push(baseline())
  }
  let ia = 0
  let ib = 0
  return [medianOf(times, () => a[ia++] as Result), medianOf(times, () => b[ib++] as Result)]
}

const comparisons: Comparison[] = []
const lines: string[] = []
const floors: Record<string, number> = {}
const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`
const mb = (kb: number): string => `${Math.round(kb / 1024)} MB`

function say(line: string): void {
  lines.push(line)
  console.log(line)
}

function compare(
  section: Comparison['section'],
  label: string,
  [ours, baseline]: [Result, Result],
  { baselineLabel, target }: { baselineLabel: string; target: string },
): void {
  const timeRatio = ours.ms / baseline.ms
  const rssRatio = ours.maxRssKb / baseline.maxRssKb
  comparisons.push({
    section,
    label,
    baselineLabel,
    rows: ours.rows,
    ours,
    baseline,
    timeRatio,
    rssRatio,
    target,
  })
  const repeats = ours.runs ? ` (median of ${ours.runs.length})` : ''
  say(
    `${label} (${ours.rows.toLocaleString('en-US')} rows)${repeats}: ${seconds(ours.ms)}, peak RSS ${mb(ours.maxRssKb)}, ${(ours.bytes / 1024 / 1024).toFixed(1)} MB file | baseline ${baselineLabel}: ${seconds(baseline.ms)}, ${mb(baseline.maxRssKb)} | ratio ${timeRatio.toFixed(2)}× time, ${rssRatio.toFixed(2)}× RSS | target ${target}`,
  )
}

/** Why the end-to-end section cannot run, or undefined. */
function endToEndUnavailable(rows: number): string | undefined {
  if (!existsSync(join(here, '..', '..', 'core', 'dist', 'index.js')))
    return 'the packages are not built (run `pnpm build` first)'
  try {
    const count = execFileSync('psql', [PG_URL, '-Atc', 'select count(*) from rw_bench_rows'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    if (Number(count.trim()) < rows)
      return `rw_bench_rows has fewer than ${rows} rows (core's bench creates it)`
  } catch (error) {
    return `PostgreSQL or psql unavailable, or no rw_bench_rows table (${(error as Error).message.split('\n')[0]})`
  }
  return undefined
}

/** `engine.run` from PostgreSQL against psql and the bare driver + library. */
function engineEndToEnd(rows: number): void {
  const idle = runBuilt('idle', 0, 'txt')
  floors.builtKb = idle.maxRssKb
  say(`Process floor (plain node + built @reportwright/core): ${mb(idle.maxRssKb)}`)
  const copyPath = () => runBuilt('engine-csv', rows, 'csv')
  const rowPath = () => runBuilt('engine-csv-rows', rows, 'csv')
  const [csv, psql] = interleaved(REPEATS.csv, copyPath, () => psqlCopy(rows))
  compare('export', 'engine.run CSV (COPY path)', [csv, psql], {
    baselineLabel: 'psql \\copy',
    target: 'within 2.5× of psql \\copy (aim 1.5×); < 150 MB',
  })
  const bareCopy = medianOf(REPEATS.csv, () => runBuilt('bare-copy-csv', rows, 'csv'))
  compare('export', 'engine.run CSV (COPY path)', [csv, bareCopy], {
    baselineLabel: 'pg + pg-copy-streams',
    target: 'report',
  })
  const [rowsCsv, bareCursor] = interleaved(REPEATS.csv, rowPath, () =>
    runBuilt('bare-cursor-csv', rows, 'csv'),
  )
  compare('export', 'engine.run CSV (COPY path)', [csv, bareCursor], {
    baselineLabel: 'pg-cursor + csv-stringify',
    target: 'faster than the bare row path',
  })
  compare('export', 'engine.run CSV (row path, copyStreams: false)', [rowsCsv, bareCursor], {
    baselineLabel: 'pg-cursor + csv-stringify',
    target: 'report (the path of every other source)',
  })
  compare(
    'export',
    'engine.run XLSX',
    interleaved(
      REPEATS.large,
      () => runBuilt('engine-xlsx', rows, 'xlsx'),
      () => runBuilt('bare-exceljs-xlsx', rows, 'xlsx'),
    ),
    {
      baselineLabel: 'pg-cursor + exceljs WorkbookWriter',
      target: '≤ 0.5× exceljs time; < 200 MB',
    },
  )
  compare(
    'pdf',
    'engine.run PDF',
    interleaved(
      REPEATS.cheap,
      () => runBuilt('engine-pdf', PDF_ROWS, 'pdf'),
      () => runBuilt('bare-pdfkit-pdf', PDF_ROWS, 'pdf'),
    ),
    { baselineLabel: 'pg-cursor + pdfkit doc.text', target: 'report' },
  )
  compare(
    'pdf',
    'engine.run PDF (pages streamed)',
    interleaved(
      quick ? REPEATS.cheap : 1,
      () => runBuilt('engine-pdf', PDF_LONG_ROWS, 'pdf'),
      () => runBuilt('bare-pdfkit-pdf', PDF_LONG_ROWS, 'pdf'),
    ),
    { baselineLabel: 'pg-cursor + pdfkit doc.text', target: '< 12 s and < 250 MB for 50,000 rows' },
  )
}

/** The renderers alone on generated rows, each against the plain library writing the same table. */
function formats(): void {
  const idle = run('idle', 0, 'txt')
  floors.tsxKb = idle.maxRssKb
  say(`Process floor (node + tsx + @reportwright/core from source): ${mb(idle.maxRssKb)}`)
  compare(
    'formats',
    'CSV encoder',
    interleaved(
      REPEATS.large,
      () => run('csv', MILLION, 'csv'),
      () => run('csv-stringify-per-row', MILLION, 'csv'),
    ),
    {
      baselineLabel: 'csv-stringify per row',
      target: 'faster than csv-stringify per row; < 130 MB',
    },
  )
  const [xlsx, exceljs] = interleaved(
    REPEATS.large,
    () => run('xlsx', MILLION, 'xlsx'),
    () => run('exceljs-workbook-writer', MILLION, 'xlsx'),
  )
  compare('formats', 'XLSX writer (default, zlib 1)', [xlsx, exceljs], {
    baselineLabel: 'exceljs WorkbookWriter',
    target: '≤ 0.5× exceljs time; < 200 MB',
  })
  compare(
    'formats',
    'XLSX writer (zlib 6)',
    [medianOf(REPEATS.large, () => run('xlsx-level6', MILLION, 'xlsx')), exceljs],
    { baselineLabel: 'exceljs WorkbookWriter', target: '≤ 0.5× exceljs time; < 200 MB' },
  )
  compare(
    'formats',
    'PDF renderer',
    interleaved(
      quick ? REPEATS.cheap : 1,
      () => run('pdf', PDF_LONG_ROWS, 'pdf'),
      () => run('pdfkit-table', PDF_LONG_ROWS, 'pdf'),
    ),
    { baselineLabel: 'pdfkit doc.text', target: 'report (includes the tsx floor above)' },
  )
  compare(
    'formats',
    'PPTX renderer',
    interleaved(
      REPEATS.cheap,
      () => run('pptx', PPTX_ROWS, 'pptx'),
      () => run('pptxgenjs-table', PPTX_ROWS, 'pptx'),
    ),
    { baselineLabel: 'pptxgenjs addTable (autoPage)', target: 'report' },
  )
}

const skipped: Record<string, string> = {}
try {
  const only = process.env.RW_BENCH_ONLY // `engine` or `formats` runs one section alone
  if (only === undefined || only === 'engine') {
    const reason = endToEndUnavailable(MILLION)
    if (reason) {
      skipped.engine = reason
      say(`engine.run end to end: skipped (${reason})`)
    } else engineEndToEnd(MILLION)
  }
  if (only === undefined || only === 'formats') formats()
  mkdirSync(join(here, '..', 'bench-results'), { recursive: true })
  writeFileSync(
    join(here, '..', 'bench-results', 'renderers.json'),
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, quick, floors, skipped, comparisons, summary: lines }, null, 2)}\n`,
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
