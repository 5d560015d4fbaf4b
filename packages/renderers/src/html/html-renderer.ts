import type { OutputColumn, Renderer, RenderInput, Row } from '@reportwright/core'
import { renderChartSvg, resolveChartSpec } from '../chart/svg-chart'
import { formatterFor, isNumericType } from '../format/value-formatter'
import { createOutputWriter } from '../shared/output-writer'
import {
  FULL_EXPORT_HINT,
  countRemaining,
  displayCells,
  reportHeading,
  rowKind,
} from '../shared/report-content'
import type { RowKind } from '../shared/report-content'
import { resolveTheme } from '../theme/report-themes'
import type { ResolvedTheme } from '../theme/report-themes'

/**
 * `@reportwright/renderers/html`: one self-contained HTML document for browsers and email.
 *
 * @packageDocumentation
 */

/** Options of {@link htmlRenderer}. */
export interface HtmlRendererOptions {
  /**
   * Most data rows in the table; past it a line says how many were left out. Email clients
   * choke on huge messages. Defaults to `10000`.
   */
  readonly maxRows?: number
  /** Formats named in the row-cap note. Defaults to `Excel (XLSX) or CSV`. */
  readonly fullExportHint?: string
  /**
   * Includes the chart as inline SVG when the report asks for charts. Browsers and Apple Mail
   * show it; Gmail and Outlook drop SVG, so turn it off for email bodies. Defaults to `true`.
   */
  readonly charts?: boolean
  /** Rows that feed the chart. Defaults to `2000`. */
  readonly maxChartRows?: number
}

/**
 * Renders one self-contained HTML document: inline styles only (email clients drop `<style>`
 * blocks and external sheets), no scripts, table markup that Outlook lays out, every value
 * HTML-escaped. Rows stream out as they arrive.
 */
export function htmlRenderer(options: HtmlRendererOptions = {}): Renderer {
  const {
    maxRows = 10_000,
    fullExportHint = FULL_EXPORT_HINT,
    charts = true,
    maxChartRows = 2000,
  } = options
  return {
    format: 'html',
    contentType: 'text/html; charset=utf-8',
    extension: 'html',
    async render(input: RenderInput, out) {
      const theme = resolveTheme(input)
      const formatter = formatterFor(input)
      const writer = createOutputWriter(out, input.signal ? { signal: input.signal } : {})
      const columns = input.columns
      const heading = reportHeading(input, formatter)
      const styles = cellStyles(theme)
      const spec =
        charts && input.definition.output.includeCharts
          ? resolveChartSpec(input.definition, columns)
          : undefined

      const iterator = input.rows[Symbol.asyncIterator]()
      const prefetched: Row[] = []
      let exhausted = false
      while (spec && prefetched.length < Math.min(maxRows, maxChartRows)) {
        const next = await iterator.next()
        if (next.done) {
          exhausted = true
          break
        }
        prefetched.push(next.value)
      }

      await writer.push(documentStart(heading, theme, formatter.locale))
      if (spec && prefetched.length > 0) {
        const svg = renderChartSvg(spec, prefetched, theme, { formatter, width: 760, height: 340 })
        await writer.push(`<div style="margin:8px 0 20px 0">${svg}</div>`)
      }
      await writer.push(
        `<table cellpadding="0" cellspacing="0" border="0" width="100%" style="border-collapse:collapse;width:100%;font-size:13px;line-height:1.35;color:${theme.colors.text}">` +
          `<thead><tr>${columns.map((column) => `<th scope="col" style="${styles.th}${isNumericType(column.type) ? 'text-align:right;' : 'text-align:left;'}">${escapeHtml(column.label)}</th>`).join('')}</tr></thead><tbody>`,
      )

      let rows = 0
      let shown = 0
      let band = 0
      let truncated = false
      const line = (row: Row, kind: RowKind): string => {
        const cells = displayCells(columns, row, { kind, formatter })
        const background =
          kind === 'subtotal'
            ? styles.subtotal
            : kind === 'total'
              ? ''
              : band++ % 2 === 1
                ? styles.zebra
                : ''
        const base =
          kind === 'total'
            ? styles.total
            : kind === 'subtotal'
              ? `${styles.td}font-weight:bold;`
              : styles.td
        return `<tr${background ? ` style="${background}"` : ''}>${cells
          .map(
            (text, index) =>
              `<td style="${base}${alignOf(columns[index])}">${escapeHtml(text)}</td>`,
          )
          .join('')}</tr>`
      }
      const consume = async (row: Row): Promise<boolean> => {
        writer.check()
        const kind = rowKind(row)
        if (kind === 'data') rows++
        if (shown >= maxRows) {
          truncated = true
          return false
        }
        if (kind === 'data') shown++
        await writer.push(line(row, kind))
        return true
      }
      try {
        for (const row of prefetched) await consume(row)
        prefetched.length = 0
        if (!exhausted) {
          for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
            if (!(await consume(next.value))) {
              rows += await countRemaining(iterator, input.signal)
              break
            }
          }
        }
      } catch (error) {
        await iterator.return?.()
        throw error
      }
      if (input.totals) await writer.push(line(input.totals, 'total'))
      await writer.push('</tbody></table>')
      if (truncated) {
        await writer.push(
          `<p style="${styles.note}">Showing the first ${shown.toLocaleString(formatter.locale)} of ${rows.toLocaleString(formatter.locale)} rows; ` +
            `${(rows - shown).toLocaleString(formatter.locale)} rows were left out. Export this report as ${escapeHtml(fullExportHint)} to get every row.</p>`,
        )
      } else if (rows === 0) {
        await writer.push(`<p style="${styles.note}">No rows match this report.</p>`)
      }
      await writer.push(documentEnd(theme))
      await writer.end()
      return { bytes: writer.bytes(), rows }
    },
  }
}

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

function alignOf(column: OutputColumn | undefined): string {
  return column && isNumericType(column.type)
    ? 'text-align:right;white-space:nowrap;'
    : 'text-align:left;'
}

function cellStyles(
  theme: ResolvedTheme,
): Record<'th' | 'td' | 'total' | 'zebra' | 'subtotal' | 'note', string> {
  const { colors } = theme
  const filled = colors.headerBackground.toUpperCase() !== '#FFFFFF'
  return {
    th: `padding:8px 10px;font-weight:bold;font-size:12px;background:${colors.headerBackground};color:${colors.headerText};border-bottom:2px solid ${filled ? colors.headerBackground : colors.text};`,
    td: `padding:6px 10px;border-bottom:1px solid ${colors.border};vertical-align:top;`,
    total: `padding:8px 10px;font-weight:bold;border-top:2px solid ${colors.text};border-bottom:3px double ${colors.text};`,
    zebra: colors.zebra.toUpperCase() !== '#FFFFFF' ? `background:${colors.zebra};` : '',
    subtotal: `background:${colors.border}55;`,
    note: `margin:12px 0 0 0;font-size:12px;color:${colors.muted};`,
  }
}

function documentStart(
  heading: ReturnType<typeof reportHeading>,
  theme: ResolvedTheme,
  locale: string,
): string {
  const { colors, fonts } = theme
  const lang = escapeHtml(locale.split('-')[0] ?? 'en')
  const band = theme.titleBand
  const titleColor = band ? colors.headerText : colors.primary
  const meta = [
    `<strong>Filters:</strong> ${heading.filters.length > 0 ? heading.filters.map(escapeHtml).join(' &middot; ') : 'None'}`,
    ...(heading.period ? [`<strong>Period:</strong> ${escapeHtml(heading.period)}`] : []),
    ...(heading.generatedAt
      ? [`<strong>Generated:</strong> ${escapeHtml(heading.generatedAt)}`]
      : []),
  ]
  const logo =
    theme.logo && /^data:image\/(png|jpe?g|gif);base64,[A-Za-z0-9+/=]+$/i.test(theme.logo)
      ? `<img src="${theme.logo}" alt="" height="36" style="float:right;height:36px;margin-left:16px">`
      : ''
  return (
    `<!DOCTYPE html><html lang="${lang}"><head><meta charset="utf-8">` +
    '<meta name="viewport" content="width=device-width,initial-scale=1">' +
    `<title>${escapeHtml(heading.title)}</title></head>` +
    `<body style="margin:0;padding:0;background:#F4F6F8;font-family:${escapeHtml(fonts.body)};color:${colors.text}">` +
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="background:#F4F6F8"><tr><td align="center" style="padding:24px 12px">' +
    '<table role="presentation" cellpadding="0" cellspacing="0" border="0" width="100%" style="max-width:1100px;background:#FFFFFF;border:1px solid #E1E5EA"><tr>' +
    `<td style="padding:${band ? '24px 28px' : '28px 28px 8px 28px'};${band ? `background:${colors.primary};` : ''}">${logo}` +
    `<h1 style="margin:0 0 6px 0;font-family:${escapeHtml(fonts.heading)};font-size:24px;line-height:1.25;color:${titleColor}">${escapeHtml(heading.title)}</h1>` +
    (heading.description
      ? `<p style="margin:0;font-size:14px;color:${band ? '#DDE6EE' : colors.muted}">${escapeHtml(heading.description)}</p>`
      : '') +
    '</td></tr><tr><td style="padding:16px 28px 28px 28px">' +
    `<p style="margin:0 0 16px 0;font-size:12px;line-height:1.6;color:${colors.muted}">${meta.join('<br>')}</p>`
  )
}

function documentEnd(theme: ResolvedTheme): string {
  return (
    `<p style="margin:20px 0 0 0;font-size:11px;color:${theme.colors.muted}">Generated by Reportwright.</p>` +
    '</td></tr></table></td></tr></table></body></html>\n'
  )
}
