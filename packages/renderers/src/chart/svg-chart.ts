import type {
  ChartType,
  OutputColumn,
  ReportDefinition,
  ReportTheme,
  Row,
} from '@reportwright/core'
import { createValueFormatter, parseNumberPattern } from '../format/value-formatter'
import type { ValueFormatter } from '../format/value-formatter'

/**
 * `@reportwright/renderers/chart`: bar, line and pie charts as standalone SVG. Imports nothing
 * Node-only, so browsers (the React preview) use the same code as the renderers.
 *
 * @packageDocumentation
 */

/** A chart bound to output columns: `x` labels the points, each `y` column is one series. */
export interface ChartSpec {
  readonly type: ChartType
  readonly x: OutputColumn
  readonly y: readonly OutputColumn[]
  /** Drawn above the plot when given. */
  readonly title?: string
}

/** Options of {@link renderChartSvg}. */
export interface RenderChartSvgOptions {
  /** Width of the SVG in CSS pixels. Defaults to `800`. */
  readonly width?: number
  /** Height of the SVG in CSS pixels. Defaults to `400`. */
  readonly height?: number
  /** Formats axis labels and x values; defaults to an `en-US`, UTC formatter. */
  readonly formatter?: ValueFormatter
  /** Most points (bar, line) or slices (pie, the rest grouped as "Other"). Defaults to `40` / `8`. */
  readonly maxPoints?: number
}

/** One x value with one number per series, after rows with the same x were added up. */
export interface ChartPoint {
  readonly label: string
  readonly values: readonly number[]
}

const DEFAULT_COLORS = [
  '#1F3A5F',
  '#3E7CB1',
  '#81A4CD',
  '#F29E4C',
  '#5FAD56',
  '#B6465F',
  '#7A6C5D',
  '#DBD56E',
]
const FONT = 'Helvetica, Arial, sans-serif'

/**
 * The chart a report asks for, bound to its output columns: `output.chart.x` and `y` name
 * columns by key or field path. `undefined` when the report has no chart or names a column it
 * does not output.
 */
export function resolveChartSpec(
  definition: ReportDefinition,
  columns: readonly OutputColumn[],
): ChartSpec | undefined {
  const chart = definition.output.chart
  if (!chart) return undefined
  const find = (name: string): OutputColumn | undefined =>
    columns.find((column) => column.key === name) ?? columns.find((column) => column.field === name)
  const x = find(chart.x)
  const y = chart.y.map(find).filter((column): column is OutputColumn => column !== undefined)
  if (!x || y.length === 0) return undefined
  return {
    type: chart.type,
    x,
    y,
    title: `${y.map((column) => column.label).join(', ')} by ${x.label}`,
  }
}

/**
 * Adds rows up into chart points: subtotal rows are skipped, rows with the same formatted x
 * value are summed, and points keep the order of their first row.
 */
export function chartPoints(
  spec: ChartSpec,
  rows: Iterable<Row>,
  formatter: ValueFormatter,
): ChartPoint[] {
  const points = new Map<string, number[]>()
  for (const row of rows) {
    if (row.$subtotal !== undefined) continue
    const label = formatter.format(row[spec.x.key], spec.x) || '(blank)'
    let values = points.get(label)
    if (!values) {
      values = spec.y.map(() => 0)
      points.set(label, values)
    }
    spec.y.forEach((column, index) => {
      const value = Number(row[column.key] ?? 0)
      if (Number.isFinite(value)) values[index] = (values[index] ?? 0) + value
    })
  }
  return [...points].map(([label, values]) => ({ label, values }))
}

/**
 * Renders a bar, line or pie chart as a standalone SVG document (axes, labels, legend, theme
 * colours). Values must be plain rows as renderers receive them.
 *
 * @example
 * ```ts
 * const svg = renderChartSvg(resolveChartSpec(definition, columns)!, rows, executiveTheme)
 * ```
 */
export function renderChartSvg(
  spec: ChartSpec,
  rows: Iterable<Row>,
  theme: ReportTheme,
  options: RenderChartSvgOptions = {},
): string {
  const width = options.width ?? 800
  const height = options.height ?? 400
  const formatter = options.formatter ?? createValueFormatter()
  const colors =
    theme.colors?.chart && theme.colors.chart.length > 0 ? theme.colors.chart : DEFAULT_COLORS
  const text = theme.colors?.text ?? '#1F2933'
  const muted = theme.colors?.muted ?? '#5F6B7A'
  const grid = theme.colors?.border ?? '#C9D2DD'
  const font = theme.fonts?.body ?? FONT
  const all = chartPoints(spec, rows, formatter)
  const style: ChartStyle = { width, height, colors, text, muted, grid, font, formatter }
  const body =
    spec.type === 'pie'
      ? pieChart(spec, limitSlices(all, options.maxPoints ?? 8), style)
      : axisChart(spec, all.slice(0, options.maxPoints ?? 40), style)
  const title = spec.title
    ? `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16" font-weight="bold" fill="${attr(text)}">${escapeXml(spec.title)}</text>`
    : ''
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${attr(font)}" role="img" aria-label="${attr(spec.title ?? 'Chart')}">`,
    `<rect width="${width}" height="${height}" fill="#FFFFFF"/>`,
    title,
    body,
    '</svg>',
  ].join('')
}

interface ChartStyle {
  readonly width: number
  readonly height: number
  readonly colors: readonly string[]
  readonly text: string
  readonly muted: string
  readonly grid: string
  readonly font: string
  readonly formatter: ValueFormatter
}

function axisChart(spec: ChartSpec, points: readonly ChartPoint[], style: ChartStyle): string {
  const { width, height, colors, muted, grid } = style
  const legend = spec.y.length > 1
  const longest = Math.max(0, ...points.map((point) => point.label.length))
  const rotate = points.length * Math.min(longest, 18) * 6.5 > width - 100
  const top = (spec.title ? 40 : 16) + (legend ? 22 : 0)
  const bottom = rotate ? Math.min(110, 18 + Math.min(longest, 18) * 5) : 36
  const left = 70
  const right = 20
  const plotWidth = width - left - right
  const plotHeight = height - top - bottom
  const values = points.flatMap((point) => point.values)
  const { min, max, ticks } = niceScale(Math.min(0, ...values), Math.max(0, ...values))
  const y = (value: number): number =>
    top + plotHeight - ((value - min) / (max - min || 1)) * plotHeight
  const tickFormat = axisFormatter(spec.y[0], style.formatter.locale)
  const parts: string[] = []

  for (const tick of ticks) {
    const ty = y(tick)
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${r(ty)}" y2="${r(ty)}" stroke="${attr(grid)}" stroke-width="${tick === 0 ? 1.2 : 0.6}"/>`,
      `<text x="${left - 8}" y="${r(ty + 4)}" text-anchor="end" font-size="11" fill="${attr(muted)}">${escapeXml(tickFormat(tick))}</text>`,
    )
  }
  const band = plotWidth / Math.max(1, points.length)
  points.forEach((point, index) => {
    const cx = left + band * (index + 0.5)
    const label = escapeXml(truncate(point.label, 18))
    parts.push(
      rotate
        ? `<text x="${r(cx)}" y="${r(top + plotHeight + 14)}" text-anchor="end" font-size="11" fill="${attr(muted)}" transform="rotate(-40 ${r(cx)} ${r(top + plotHeight + 14)})">${label}</text>`
        : `<text x="${r(cx)}" y="${r(top + plotHeight + 18)}" text-anchor="middle" font-size="11" fill="${attr(muted)}">${label}</text>`,
    )
  })

  if (spec.type === 'bar') {
    const groupWidth = band * 0.72
    const barWidth = groupWidth / spec.y.length
    points.forEach((point, index) => {
      point.values.forEach((value, series) => {
        const x = left + band * index + (band - groupWidth) / 2 + barWidth * series
        const y0 = y(Math.max(0, value))
        const h = Math.abs(y(value) - y(0))
        parts.push(
          `<rect x="${r(x)}" y="${r(y0)}" width="${r(Math.max(1, barWidth - 1))}" height="${r(h)}" fill="${attr(color(colors, series))}"><title>${escapeXml(`${point.label}: ${style.formatter.format(String(value), spec.y[series] ?? spec.x)}`)}</title></rect>`,
        )
      })
    })
  } else {
    spec.y.forEach((_column, series) => {
      const coords = points.map(
        (point, index) => `${r(left + band * (index + 0.5))},${r(y(point.values[series] ?? 0))}`,
      )
      parts.push(
        `<polyline points="${coords.join(' ')}" fill="none" stroke="${attr(color(colors, series))}" stroke-width="2.5" stroke-linejoin="round"/>`,
        ...coords.map((coord) => {
          const [cx, cy] = coord.split(',')
          return `<circle cx="${cx}" cy="${cy}" r="3.5" fill="${attr(color(colors, series))}"/>`
        }),
      )
    })
  }
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${r(top + plotHeight)}" stroke="${attr(muted)}" stroke-width="1"/>`,
  )
  if (legend)
    parts.push(
      legendRow(
        spec.y.map((column) => column.label),
        { x: left, y: top - 14, ...style },
      ),
    )
  return parts.join('')
}

function pieChart(spec: ChartSpec, points: readonly ChartPoint[], style: ChartStyle): string {
  const { width, height, colors, text, muted } = style
  const top = spec.title ? 40 : 12
  const radius = Math.max(10, Math.min((height - top - 16) / 2, width / 4))
  const cx = 24 + radius
  const cy = top + (height - top) / 2
  const values = points.map((point) => Math.max(0, point.values[0] ?? 0))
  const total = values.reduce((sum, value) => sum + value, 0)
  const parts: string[] = []
  let angle = -Math.PI / 2
  const column = spec.y[0]
  values.forEach((value, index) => {
    const share = total > 0 ? value / total : 0
    const end = angle + share * Math.PI * 2
    const fill = attr(color(colors, index))
    if (share >= 0.9999) {
      parts.push(`<circle cx="${r(cx)}" cy="${r(cy)}" r="${r(radius)}" fill="${fill}"/>`)
    } else if (share > 0) {
      const large = end - angle > Math.PI ? 1 : 0
      const x1 = cx + radius * Math.cos(angle)
      const y1 = cy + radius * Math.sin(angle)
      const x2 = cx + radius * Math.cos(end)
      const y2 = cy + radius * Math.sin(end)
      parts.push(
        `<path d="M${r(cx)},${r(cy)} L${r(x1)},${r(y1)} A${r(radius)},${r(radius)} 0 ${large} 1 ${r(x2)},${r(y2)} Z" fill="${fill}" stroke="#FFFFFF" stroke-width="1.5"/>`,
      )
    }
    angle = end
  })
  const legendX = cx + radius + 40
  const rowHeight = Math.min(24, (height - top - 20) / Math.max(1, points.length))
  points.forEach((point, index) => {
    const ly = top + 20 + rowHeight * index
    const share = total > 0 ? ((values[index] ?? 0) / total) * 100 : 0
    const amount = column ? style.formatter.format(String(values[index] ?? 0), column) : ''
    parts.push(
      `<rect x="${r(legendX)}" y="${r(ly - 10)}" width="12" height="12" fill="${attr(color(colors, index))}"/>`,
      `<text x="${r(legendX + 20)}" y="${r(ly)}" font-size="12" fill="${attr(text)}">${escapeXml(truncate(point.label, 28))}</text>`,
      `<text x="${width - 16}" y="${r(ly)}" font-size="12" text-anchor="end" fill="${attr(muted)}">${escapeXml(`${amount}  ${share.toFixed(1)}%`)}</text>`,
    )
  })
  return parts.join('')
}

function legendRow(
  labels: readonly string[],
  options: ChartStyle & { x: number; y: number },
): string {
  let x = options.x
  return labels
    .map((label, index) => {
      const item = `<rect x="${r(x)}" y="${r(options.y - 9)}" width="11" height="11" fill="${attr(color(options.colors, index))}"/><text x="${r(x + 16)}" y="${r(options.y)}" font-size="12" fill="${attr(options.text)}">${escapeXml(label)}</text>`
      x += 28 + label.length * 6.5
      return item
    })
    .join('')
}

function limitSlices(points: readonly ChartPoint[], max: number): ChartPoint[] {
  const sorted = [...points].sort((a, b) => (b.values[0] ?? 0) - (a.values[0] ?? 0))
  if (sorted.length <= max) return sorted
  const kept = sorted.slice(0, Math.max(1, max - 1))
  const other = sorted.slice(kept.length).reduce((sum, point) => sum + (point.values[0] ?? 0), 0)
  return [...kept, { label: 'Other', values: [other] }]
}

/** Round bounds and 4–6 ticks that cover `[min, max]`. */
function niceScale(min: number, max: number): { min: number; max: number; ticks: number[] } {
  if (min === max) return { min: 0, max: max || 1, ticks: [0, max || 1] }
  const raw = (max - min) / 5
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step =
    [1, 2, 2.5, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= raw) ??
    raw
  const low = Math.floor(min / step) * step
  const high = Math.ceil(max / step) * step
  const ticks: number[] = []
  for (let tick = low; tick <= high + step / 2; tick += step)
    ticks.push(Number(tick.toPrecision(12)))
  return { min: low, max: high, ticks }
}

function axisFormatter(
  column: OutputColumn | undefined,
  locale: string,
): (value: number) => string {
  const pattern = column?.format ? parseNumberPattern(column.format) : undefined
  const percent = pattern?.percent ?? column?.type === 'percent'
  const compact = new Intl.NumberFormat(locale, {
    notation: 'compact',
    maximumFractionDigits: 1,
    ...(percent ? { style: 'percent' } : {}),
  })
  const prefix = pattern?.prefix ?? ''
  return (value) => {
    const formatted = compact.format(value)
    return formatted.startsWith('-') ? `-${prefix}${formatted.slice(1)}` : `${prefix}${formatted}`
  }
}

function color(colors: readonly string[], index: number): string {
  return colors[index % colors.length] ?? '#1F3A5F'
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text
}

function r(value: number): string {
  return String(Math.round(value * 10) / 10)
}

/** Escapes text for XML content and attribute values. */
export function escapeXml(text: string): string {
  // Most cells need nothing: one test instead of six replaces per cell of a large sheet.
  if (!XML_SPECIAL.test(text)) return text
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
      // XML 1.0 forbids these characters even escaped; a stray one would corrupt the file.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
  )
}

// eslint-disable-next-line no-control-regex
const XML_SPECIAL = /[&<>"'\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

function attr(text: string): string {
  return escapeXml(text)
}
