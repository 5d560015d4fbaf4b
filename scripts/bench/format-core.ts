import { count, markdownTable, milliseconds, ratio, seconds } from './markdown-table'
import { isRecord, missingSection } from './report-section'
import type { ReportSection } from './report-section'

interface Latency {
  readonly p50: number
  readonly p95: number
}
interface CoreResults {
  readonly rows: number
  readonly repeats: number
  readonly compile: {
    readonly repeats: number
    readonly iterations: number
    readonly reportwright: number
    readonly kysely: number
    readonly zodParse: number
  }
  readonly skipped?: string
  readonly tableRows?: number
  readonly preview?: readonly {
    readonly report: string
    readonly samples: number
    readonly rowsShown: number
    readonly engine: Latency
    readonly baseline: Latency
  }[]
  readonly stream?: Record<string, { seconds: number; runs: number[]; peakRssMb: number }>
}

const COMPILE_WHY =
  'Baseline: kysely compiling the same query written by hand (join, month bucket, sum, two filters, ' +
  'tenant condition, sort, limit). compileReport builds its SQL with kysely too, so the ratio is ' +
  'exactly what turning untrusted JSON into that query costs on top: zod validation, catalog and ' +
  'join resolution, role and tenant rules, relative dates. zod parsing alone is shown as the share ' +
  'of that spent on validation. Ratio = time per definition ÷ kysely time per query.'

function compileSection(core: CoreResults): ReportSection {
  const c = core.compile
  const timeRatio = c.kysely / c.reportwright
  const body = [
    markdownTable(
      ['variant', 'per second', 'µs each', 'ratio to baseline (time)'],
      [
        [
          'compileReport (parse + plan + SQL)',
          count(c.reportwright),
          (1e6 / c.reportwright).toFixed(1),
          ratio(timeRatio),
        ],
        [
          'baseline: kysely, hand-written query',
          count(c.kysely),
          (1e6 / c.kysely).toFixed(1),
          '1.00×',
        ],
        [
          'zod parse alone (reference)',
          count(c.zodParse),
          (1e6 / c.zodParse).toFixed(1),
          ratio(c.kysely / c.zodParse),
        ],
      ],
    ),
    '',
    `Median of ${c.repeats} loops of ${count(c.iterations)} compilations each, after a warm-up. ${COMPILE_WHY}`,
  ].join('\n')
  return {
    order: 40,
    title: 'Compile throughput',
    body,
    summary: [
      `compile: ${count(c.reportwright)} definitions/s vs kysely ${count(c.kysely)} queries/s → ${ratio(timeRatio)} time`,
    ],
  }
}

function previewSection(core: CoreResults): ReportSection {
  if (!core.preview) return missingSection(30, 'Preview latency', core.skipped ?? 'no result')
  const rows = core.preview.map((p) => [
    p.report,
    `${p.rowsShown}`,
    `${p.samples}`,
    milliseconds(p.engine.p50),
    milliseconds(p.engine.p95),
    milliseconds(p.baseline.p50),
    milliseconds(p.baseline.p95),
    ratio(p.engine.p50 / p.baseline.p50),
    ratio(p.engine.p95 / p.baseline.p95),
  ])
  const body = [
    `engine.preview (limit 50) on the ${count(core.tableRows ?? 0)}-row benchmark table against the same compiled SQL (LIMIT 51) sent straight through pg on the same pool; the two alternate, so load hits both alike. The grouped report scans the whole table, so the database dominates it; the detail report is an index scan, where the engine's own cost (parse, compile, cursor, decoding) shows.`,
    '',
    markdownTable(
      [
        'report',
        'rows shown',
        'samples',
        'engine p50',
        'engine p95',
        'pg direct p50',
        'pg direct p95',
        'ratio p50',
        'ratio p95',
      ],
      rows,
    ),
  ].join('\n')
  return {
    order: 30,
    title: 'Preview latency',
    body,
    summary: core.preview.map(
      (p) =>
        `preview "${p.report}": p50 ${milliseconds(p.engine.p50)} / p95 ${milliseconds(p.engine.p95)} vs pg ${milliseconds(p.baseline.p50)} / ${milliseconds(p.baseline.p95)} → ${ratio(p.engine.p50 / p.baseline.p50)} p50, ${ratio(p.engine.p95 / p.baseline.p95)} p95`,
    ),
  }
}

function streamSection(core: CoreResults): ReportSection {
  const raw = core.stream?.['raw-cursor']
  const engine = core.stream?.['engine-stream']
  if (!raw || !engine)
    return missingSection(60, 'Streaming rows (engine.stream)', core.skipped ?? 'no result')
  const body = [
    `${count(core.rows)} rows × 8 columns through engine.stream (rows decoded to JS values, nothing written) against a raw pg-cursor reading batches of 1000, each in its own process; median of ${core.repeats}.`,
    '',
    markdownTable(
      ['variant', 'time', 'runs', 'peak RSS', 'ratio (time)', 'ratio (RSS)'],
      [
        [
          'engine.stream',
          seconds(engine.seconds * 1000),
          engine.runs.map((s) => s.toFixed(2)).join(', '),
          `${engine.peakRssMb.toFixed(0)} MB`,
          ratio(engine.seconds / raw.seconds),
          ratio(engine.peakRssMb / raw.peakRssMb),
        ],
        [
          'baseline: raw pg-cursor',
          seconds(raw.seconds * 1000),
          raw.runs.map((s) => s.toFixed(2)).join(', '),
          `${raw.peakRssMb.toFixed(0)} MB`,
          '1.00×',
          '1.00×',
        ],
      ],
    ),
  ].join('\n')
  return {
    order: 60,
    title: 'Streaming rows (engine.stream)',
    body,
    summary: [
      `engine.stream ${count(core.rows)} rows: ${seconds(engine.seconds * 1000)} vs raw cursor ${seconds(raw.seconds * 1000)} → ${ratio(engine.seconds / raw.seconds)}`,
    ],
  }
}

/** Sections from `packages/core/bench-results/core.json`. */
export function coreSections(data: unknown): ReportSection[] {
  if (!isRecord(data) || !isRecord(data.compile))
    return [missingSection(40, 'Compile throughput', 'core.json has an unknown shape')]
  const core = data as unknown as CoreResults
  return [compileSection(core), previewSection(core), streamSection(core)]
}
