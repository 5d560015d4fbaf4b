import { count, markdownTable, megabytes, ratio, seconds } from './markdown-table'
import { isRecord, missingSection } from './report-section'
import type { ReportSection } from './report-section'

interface Result {
  readonly rows: number
  readonly ms: number
  readonly maxRssKb: number
  readonly bytes: number
  readonly runs?: readonly number[]
}
interface Comparison {
  readonly section: 'export' | 'pdf' | 'formats'
  readonly label: string
  readonly baselineLabel: string
  readonly rows: number
  readonly ours: Result
  readonly baseline: Result
  readonly timeRatio: number
  readonly rssRatio: number
  readonly target: string
}
interface RendererResults {
  readonly quick: boolean
  readonly floors: Record<string, number>
  readonly skipped: Record<string, string>
  readonly comparisons: readonly Comparison[]
}

const runsOf = (result: Result): string =>
  result.runs ? result.runs.map((ms) => (ms / 1000).toFixed(2)).join(', ') : '1 run'

function table(comparisons: readonly Comparison[]): string {
  return markdownTable(
    [
      'figure',
      'rows',
      'time',
      'peak RSS',
      'baseline',
      'baseline time',
      'baseline RSS',
      'ratio (time)',
      'ratio (RSS)',
      'runs (s): ours / baseline',
      'target',
    ],
    comparisons.map((c) => [
      c.label,
      count(c.rows),
      seconds(c.ours.ms),
      megabytes(c.ours.maxRssKb),
      c.baselineLabel,
      seconds(c.baseline.ms),
      megabytes(c.baseline.maxRssKb),
      ratio(c.timeRatio),
      ratio(c.rssRatio),
      `${runsOf(c.ours)} / ${runsOf(c.baseline)}`,
      c.target,
    ]),
  )
}

const summaryOf = (c: Comparison): string =>
  `${c.label} ${count(c.rows)} rows: ${seconds(c.ours.ms)}, ${megabytes(c.ours.maxRssKb)} vs ${c.baselineLabel} ${seconds(c.baseline.ms)} → ${ratio(c.timeRatio)} time, ${ratio(c.rssRatio)} RSS`

const SECTIONS = {
  export: {
    order: 10,
    title: 'Export from PostgreSQL, end to end (CSV and XLSX)',
    intro:
      "`engine.run` of an 8-column report (id, timestamp, 3 texts, int, 2 numerics) over the benchmark table, from the built packages in a plain `node` process per run, file written to local disk; time is the work inside the process (module loading included, process start-up not; for `psql` the whole process). Baselines read the same rows with the same ORDER BY/LIMIT: `psql \\copy` (the limit), `COPY … TO STDOUT` through pg-copy-streams, pg-cursor batches of 1000 with values as text + csv-stringify per batch, and pg-cursor + exceljs's streaming WorkbookWriter. Each figure and its baseline alternate run by run (pg-copy-streams runs after them).",
  },
  pdf: {
    order: 20,
    title: 'PDF, end to end',
    intro:
      '`engine.run` to PDF (title block, repeated table header, formatted numbers and dates, zebra rows, "Page X of Y") against the bare driver + library: pg-cursor rows as text written with pdfkit `doc.text` per cell, same embedded DejaVu Sans Condensed font, a header per page and nothing else. The baseline does less work, so a ratio above 1 is expected; it bounds what the layout costs.',
  },
  formats: {
    order: 70,
    title: 'Renderers alone (rows generated in process)',
    intro:
      'Each renderer fed the same generated rows (no database) against the plain library writing the same table, in its own process (tsx, sources), so the ratio isolates the renderer.',
  },
} as const

/** Sections from `packages/renderers/bench-results/renderers.json`. */
export function rendererSections(data: unknown): ReportSection[] {
  if (!isRecord(data) || !Array.isArray(data.comparisons))
    return [missingSection(10, SECTIONS.export.title, 'renderers.json has an unknown shape')]
  const results = data as unknown as RendererResults
  const floors = Object.entries(results.floors ?? {})
    .map(
      ([name, kb]) =>
        `${name === 'builtKb' ? 'plain node + built core' : 'node + tsx + core sources'}: ${megabytes(kb)}`,
    )
    .join('; ')
  return (Object.keys(SECTIONS) as (keyof typeof SECTIONS)[]).map((key) => {
    const { order, title, intro } = SECTIONS[key]
    const rows = results.comparisons.filter((c) => c.section === key)
    if (rows.length === 0) {
      const reason = key === 'formats' ? results.skipped?.formats : results.skipped?.engine
      return missingSection(order, title, reason ?? 'not run')
    }
    const body = [
      intro,
      '',
      table(rows),
      '',
      `Process floor (RSS of a process that only loads the code): ${floors}.`,
    ].join('\n')
    return { order, title, body, summary: rows.map(summaryOf) }
  })
}
