import { useMemo, type ReactNode } from 'react'
import type { PreviewResponse } from '@reportwright/core/client'
import type { ReportDefinition } from '@reportwright/core/model'
import type { RenderChartSvgOptions } from '@reportwright/renderers/chart'
import { useReportwright } from '../provider/reportwright-context'
import { formatCell } from './format-cell'
import { useChartRenderer, type ChartRenderer } from './use-chart-renderer'

type ChartFormatter = NonNullable<RenderChartSvgOptions['formatter']>
type ChartColumns = Parameters<ChartRenderer['resolveChartSpec']>[1]
type ChartRows = Parameters<ChartRenderer['renderChartSvg']>[1]

/** Props of {@link PreviewChart}. */
export interface PreviewChartProps {
  readonly definition: ReportDefinition
  readonly preview: PreviewResponse
}

/**
 * The report's chart drawn by the same SVG renderer the files use, from the preview rows.
 * The SVG is generated from escaped text only, so it is inserted as markup.
 */
export function PreviewChart({ definition, preview }: PreviewChartProps): ReactNode {
  const formatting = useReportwright()
  const { t, locale } = formatting
  const renderer = useChartRenderer()
  const chart = useMemo(() => {
    if (!renderer) return undefined
    const { renderChartSvg, resolveChartSpec } = renderer
    const columns = preview.columns as unknown as ChartColumns
    const spec = resolveChartSpec(definition, columns)
    if (!spec) return undefined
    const title = t('preview.chartTitle', {
      series: spec.y.map((column) => column.label).join(', '),
      x: spec.x.label,
    })
    const formatter: ChartFormatter = {
      locale,
      timezone: 'UTC',
      format: (value, column) =>
        formatCell(value as Parameters<typeof formatCell>[0], column, formatting) ||
        t('preview.blank'),
      formatInstant: (instant) => formatting.formatDateTime(instant),
    }
    const svg = renderChartSvg(
      { ...spec, title },
      preview.rows as unknown as ChartRows,
      { name: 'preview' },
      {
        width: 720,
        height: 320,
        formatter,
      },
    )
    return { svg, title }
  }, [renderer, definition, preview, formatting, locale, t])

  if (renderer === undefined) return <p className="rw-preview__note">{t('preview.chartLoading')}</p>
  if (!chart) return <p className="rw-preview__note">{t('preview.chartUnavailable')}</p>
  return (
    <figure className="rw-preview__chart">
      <div
        className="rw-preview__chart-svg"
        // The renderer escapes every text it places in the SVG.
        dangerouslySetInnerHTML={{ __html: chart.svg }}
      />
      <figcaption className="rw-visually-hidden">{chart.title}</figcaption>
    </figure>
  )
}
