import { isRecord, missingSection } from './report-section'
import type { ReportSection } from './report-section'

const ORDER = 55
const TITLE = 'Wizard bundle size'
const BUDGET_BYTES = 60 * 1024

/** Every numeric leaf of `value` with its dotted path. */
function numbers(value: unknown, path = ''): [string, number][] {
  if (typeof value === 'number') return [[path, value]]
  if (!isRecord(value)) return []
  return Object.entries(value).flatMap(([key, child]) =>
    numbers(child, path ? `${path}.${key}` : key),
  )
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`

/**
 * The React wizard's gzipped size against the 60 KB budget, from `react-bundle.json`. The key
 * names are matched loosely (`…gzip…`, `…budget…`) so the section survives small renames.
 */
export function bundleSection(data: unknown): ReportSection {
  if (data === undefined)
    return missingSection(
      ORDER,
      TITLE,
      'packages/react/bench-results/react-bundle.json was not written',
    )
  const leaves = numbers(data)
  const inBytes = ([path, value]: [string, number]): [string, number] =>
    /kb|kib/i.test(path) ? [path, value * 1024] : [path, value]
  const sizes = leaves.filter(([path]) => /gzip/i.test(path) && !/budget|limit/i.test(path))
  // Prefer a total over per-chunk sizes when both are there.
  const found = sizes.find(([path]) => /total/i.test(path)) ?? sizes[0]
  const gzip = found && inBytes(found)
  const budgetLeaf = leaves.find(
    ([path]) => /budget|limit/i.test(path) && !/within|over|ok/i.test(path),
  )
  const budget = budgetLeaf ? inBytes(budgetLeaf)[1] : BUDGET_BYTES
  // A bare budget of 60 means kilobytes.
  const budgetBytes = budget < 1024 ? budget * 1024 : budget
  if (!gzip) return missingSection(ORDER, TITLE, 'react-bundle.json has no gzipped size')
  const [path, bytes] = gzip
  const share = bytes / budgetBytes
  const rows = leaves
    .map(([key, value]) => `| ${key} | ${value.toLocaleString('en-US')} |`)
    .join('\n')
  return {
    order: ORDER,
    title: TITLE,
    body: [
      `Gzipped size of the wizard bundle (\`${path}\`) against its budget of ${kb(budgetBytes)}: **${kb(bytes)}, ${(share * 100).toFixed(0)}% of the budget (ratio ${share.toFixed(2)}×)**, ${share <= 1 ? 'within' : 'OVER'} budget.`,
      '',
      '| figure in react-bundle.json | value |',
      '| --- | --- |',
      rows,
    ].join('\n'),
    summary: [
      `wizard bundle: ${kb(bytes)} gzipped vs budget ${kb(budgetBytes)} → ${share.toFixed(2)}× (${share <= 1 ? 'within' : 'over'} budget)`,
    ],
  }
}
