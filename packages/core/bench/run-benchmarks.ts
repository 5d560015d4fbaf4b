// `pnpm --filter @reportwright/core bench [--quick]`: compile throughput (against kysely building
// the same query), engine.preview latency on the benchmark table (against the same SQL sent
// through pg), and streaming its rows through engine.stream (against a raw pg cursor). Every
// figure has its baseline measured in the same run; results go to bench-results/core.json.
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureBenchTable, postgresUnavailable } from './bench-table'
import { median } from './bench-stats'
import { compileThroughput } from './compile-throughput'
import { previewLatency } from './preview-latency'

const here = dirname(fileURLToPath(import.meta.url))
const quick = process.argv.includes('--quick')
const rows = Number(process.env.RW_BENCH_ROWS ?? (quick ? 100_000 : 1_000_000))
const repeats = Number(process.env.RW_BENCH_REPEATS ?? 3)

interface StreamRun {
  readonly seconds: number
  readonly maxRssMb: number
}

function runWorker(variant: string): StreamRun {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', join(here, 'stream-worker.ts'), variant, String(rows)],
    { encoding: 'utf8', cwd: join(here, '..') },
  )
  return JSON.parse(out.trim().split('\n').pop() as string) as StreamRun
}

function streamRows() {
  const runs: Record<string, StreamRun[]> = { 'raw-cursor': [], 'engine-stream': [] }
  for (let i = 0; i < repeats; i++)
    for (const variant of Object.keys(runs)) runs[variant]?.push(runWorker(variant))
  const summary = Object.fromEntries(
    Object.entries(runs).map(([variant, r]) => [
      variant,
      {
        seconds: median(r.map((run) => run.seconds)),
        runs: r.map((run) => run.seconds),
        peakRssMb: Math.max(...r.map((run) => run.maxRssMb)),
      },
    ]),
  )
  const raw = summary['raw-cursor']!
  const engine = summary['engine-stream']!
  console.log(`stream ${rows.toLocaleString('en-US')} rows × 8 columns (median of ${repeats}):`)
  console.log(
    `  raw pg-cursor (baseline)  ${raw.seconds.toFixed(2)} s  peak RSS ${raw.peakRssMb.toFixed(0)} MB`,
  )
  console.log(
    `  engine.stream             ${engine.seconds.toFixed(2)} s  peak RSS ${engine.peakRssMb.toFixed(0)} MB`,
  )
  console.log(
    `  ratio ${(engine.seconds / raw.seconds).toFixed(2)}× time, ${(engine.peakRssMb / raw.peakRssMb).toFixed(2)}× peak RSS`,
  )
  return summary
}

const compile = compileThroughput({ repeats, iterations: quick ? 5000 : 20_000 })
console.log(
  `compile throughput (median of ${repeats}): compileReport ${compile.reportwright.toFixed(0)}/s; kysely hand-written ${compile.kysely.toFixed(0)}/s (baseline); ratio ${(compile.reportwright / compile.kysely).toFixed(2)}×; zod parse alone ${compile.zodParse.toFixed(0)}/s`,
)

const unavailable = await postgresUnavailable()
let postgres: Record<string, unknown> = { skipped: unavailable }
if (unavailable) {
  console.log(`preview and stream: skipped (${unavailable})`)
} else {
  console.log(`preparing ${rows.toLocaleString('en-US')} rows in PostgreSQL…`)
  const tableRows = await ensureBenchTable(rows)
  const preview = await previewLatency({ samples: quick ? 15 : 40 })
  for (const report of preview)
    console.log(
      `preview "${report.report}" on ${tableRows.toLocaleString('en-US')} rows (${report.samples} samples): engine p50 ${report.engine.p50.toFixed(1)} ms p95 ${report.engine.p95.toFixed(1)} ms; pg direct p50 ${report.baseline.p50.toFixed(1)} ms p95 ${report.baseline.p95.toFixed(1)} ms; ratio p50 ${(report.engine.p50 / report.baseline.p50).toFixed(2)}×`,
    )
  postgres = { tableRows, preview, stream: streamRows() }
}

const results = join(here, '..', 'bench-results')
mkdirSync(results, { recursive: true })
writeFileSync(
  join(results, 'core.json'),
  `${JSON.stringify({ at: new Date().toISOString(), quick, rows, repeats, compile, ...postgres }, null, 2)}\n`,
)
