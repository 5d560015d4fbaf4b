/**
 * `@reportwright/renderers`: themes, value formatting and SVG charts shared by every format.
 * Each renderer lives in its own subpath so its dependency is loaded only when used:
 * `@reportwright/renderers/csv`, `/xlsx`, `/pdf`, `/pptx`, `/html` (JSON is core's
 * `jsonRenderer`).
 *
 * @packageDocumentation
 */

/* --- theme --- */
export {
  REPORT_THEMES,
  businessStandardTheme,
  executiveTheme,
  minimalTheme,
  hexColor,
  resolveTheme,
} from './theme/report-themes'
export type { ResolvedTheme, ThemeColors } from './theme/report-themes'

/* --- format --- */
export { createValueFormatter, isNumericType, parseNumberPattern } from './format/value-formatter'
export type { NumberPattern, ValueFormatter, ValueFormatterOptions } from './format/value-formatter'

/* --- chart --- */
export { chartPoints, renderChartSvg, resolveChartSpec } from './chart/svg-chart'
export type { ChartPoint, ChartSpec, RenderChartSvgOptions } from './chart/svg-chart'
