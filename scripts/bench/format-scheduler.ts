import { count, markdownTable, milliseconds, ratio } from './markdown-table'
import { isRecord } from './report-section'
import type { ReportSection } from './report-section'

const ORDER = 50
const TITLE = 'Scheduler tick cost'

interface Lateness {
  readonly runs: number
  readonly p50: number
  readonly p99: number
  readonly cpu: number
}
interface SchedulerResults {
  readonly schedules: number
  readonly seconds: number
  readonly cost: {
    readonly baselineCpu: number
    readonly idleCpu: number
    readonly duePollCpu: number
    readonly started: number
    readonly heapStored: number
    readonly heapScheduled: number
  }
  readonly lateness?: {
    readonly baseline: Lateness
    readonly one: Lateness
    readonly three: Lateness
  }
}

const isSchedulerResults = (data: unknown): data is SchedulerResults =>
  isRecord(data) &&
  typeof data.schedules === 'number' &&
  isRecord(data.cost) &&
  typeof data.cost.idleCpu === 'number' &&
  typeof data.cost.baselineCpu === 'number'

function knownShape(data: SchedulerResults): ReportSection {
  const { cost } = data
  const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`
  const tables = [
    `CPU time of one scheduler poll (tick) over ${count(data.schedules)} enabled schedules in memory storage; baseline: computing the next fire time of the same number of cron expressions with croner alone.`,
    '',
    markdownTable(
      ['figure', 'value', 'baseline', 'ratio'],
      [
        [
          'tick, none due (CPU)',
          milliseconds(cost.idleCpu),
          `croner next runs: ${milliseconds(cost.baselineCpu)}`,
          ratio(cost.idleCpu / cost.baselineCpu),
        ],
        [
          `tick, all due (${count(cost.started)} started, CPU)`,
          milliseconds(cost.duePollCpu),
          `croner next runs: ${milliseconds(cost.baselineCpu)}`,
          ratio(cost.duePollCpu / cost.baselineCpu),
        ],
        [
          'heap: reports + scheduler state',
          mb(cost.heapScheduled),
          `stored reports alone: ${mb(cost.heapStored)}`,
          ratio(cost.heapScheduled / cost.heapStored),
        ],
      ],
    ),
  ]
  const late = data.lateness
  if (late) {
    const row = (label: string, l: Lateness): string[] => [
      label,
      `${l.p50} ms`,
      `${l.p99} ms`,
      ratio(l.p50 / late.baseline.p50),
      ratio(l.p99 / late.baseline.p99),
      count(l.runs),
      `${count(l.cpu)} ms`,
    ]
    tables.push(
      '',
      `How late occurrences start (every schedule once a minute, system clock, ${data.seconds} s per case); baseline: one instance with 100 schedules.`,
      '',
      markdownTable(
        ['case', 'p50', 'p99', 'ratio p50', 'ratio p99', 'runs', 'CPU'],
        [
          row('baseline: 1 instance, 100 schedules', late.baseline),
          row(`1 instance, ${count(data.schedules)} schedules`, late.one),
          row(`3 instances, ${count(data.schedules)} schedules`, late.three),
        ],
      ),
    )
  }
  return {
    order: ORDER,
    title: TITLE,
    body: tables.join('\n'),
    summary: [
      `scheduler tick, ${count(data.schedules)} schedules: ${milliseconds(cost.idleCpu)} CPU idle, ${milliseconds(cost.duePollCpu)} all due vs croner ${milliseconds(cost.baselineCpu)} → ${ratio(cost.idleCpu / cost.baselineCpu)} / ${ratio(cost.duePollCpu / cost.baselineCpu)}`,
    ],
  }
}

/** One figure of a results file that lists figures: `{ name, value, unit, baseline?, ratio? }`. */
interface Figure {
  readonly name: string
  readonly value: number
  readonly unit: string
  readonly baseline?: { readonly name: string; readonly value: number }
  readonly ratio?: number
}

const isFigureList = (data: unknown): data is Figure[] =>
  Array.isArray(data) &&
  data.length > 0 &&
  data.every((f) => isRecord(f) && typeof f.name === 'string' && typeof f.value === 'number')

const figureValue = (value: number, unit: string): string =>
  `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${unit}`

function figureList(figures: readonly Figure[], stdout: string): ReportSection {
  const schedules = /([\d,]+) schedules/.exec(stdout)?.[1] ?? '10,000'
  const byName = new Map(figures.map((f) => [f.name, f]))
  const ratioOf = (f: Figure): number | undefined =>
    f.ratio ?? (f.baseline && f.baseline.value > 0 ? f.value / f.baseline.value : undefined)
  const rows = figures.map((f) => {
    const r = ratioOf(f)
    return [
      f.name,
      figureValue(f.value, f.unit),
      f.baseline?.name ?? '—',
      f.baseline ? figureValue(f.baseline.value, byName.get(f.baseline.name)?.unit ?? f.unit) : '—',
      r === undefined ? '— (a baseline itself)' : ratio(r),
    ]
  })
  const ticks = figures.filter((f) => /^(tick|poll)\./.test(f.name) && f.baseline)
  return {
    order: ORDER,
    title: TITLE,
    body: [
      `The scheduler's own figures with ${schedules} schedules (names as its bench reports them): \`tick.*\` is one poll over every schedule, on PostgreSQL storage against the same tick on memory storage; \`poll.*\` is the CPU of a poll in memory against croner computing the same next fire times; \`lateness.*\` is how late occurrences start against one instance with 100 schedules. Rows without a ratio are the baselines.`,
      '',
      markdownTable(['figure', 'value', 'baseline', 'baseline value', 'ratio'], rows),
    ].join('\n'),
    summary: ticks.map(
      (f) =>
        `scheduler ${f.name} (${schedules} schedules): ${figureValue(f.value, f.unit)} vs ${f.baseline?.name} ${figureValue(f.baseline?.value ?? 0, f.unit)} → ${ratio(ratioOf(f) ?? Number.NaN)}`,
    ),
  }
}

/**
 * The scheduler's figures: a list of figures, or the older summary object, otherwise what its bench
 * printed (the figures with their baselines are in those lines), verbatim.
 */
export function schedulerSection(data: unknown, stdout: string): ReportSection {
  if (isFigureList(data)) return figureList(data, stdout)
  if (isSchedulerResults(data)) return knownShape(data)
  const printed = stdout
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('>'))
    .join('\n')
  const raw = isRecord(data)
    ? `\n\nResult file:\n\n\`\`\`json\n${JSON.stringify(data, null, 2)}\n\`\`\``
    : ''
  return {
    order: ORDER,
    title: TITLE,
    body: `The scheduler's bench output, as printed (baselines and ratios are in its lines):\n\n\`\`\`text\n${printed}\n\`\`\`${raw}`,
    summary: printed
      .split('\n')
      .slice(0, 4)
      .map((line) => `scheduler: ${line.trim()}`),
  }
}
