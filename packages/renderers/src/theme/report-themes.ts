import type { ReportDefinition, ReportTemplate, ReportTheme } from '@reportwright/core'

/** Every colour a renderer uses, as `#RRGGBB`. */
export interface ThemeColors {
  readonly primary: string
  readonly text: string
  readonly muted: string
  readonly headerBackground: string
  readonly headerText: string
  /** Background of every other table row; equal to `#FFFFFF` for no zebra. */
  readonly zebra: string
  readonly border: string
  /** Series colours of charts, used in order. */
  readonly chart: readonly string[]
}

/** A {@link ReportTheme} with every setting filled in: what renderers read. */
export interface ResolvedTheme {
  readonly name: string
  readonly colors: ThemeColors
  /** CSS-style font family lists; the PDF and PNG paths use their embedded fonts instead. */
  readonly fonts: { readonly body: string; readonly heading: string }
  /** A PNG or JPEG as a data URL. */
  readonly logo?: string
  readonly pageSize: 'A4' | 'LETTER'
  /** Page margins in PDF points (1/72 inch). */
  readonly margins: {
    readonly top: number
    readonly right: number
    readonly bottom: number
    readonly left: number
  }
  /** Whether the first page or slide opens with a coloured title band. Defaults to `false`. */
  readonly titleBand: boolean
}

const SANS = 'Helvetica, Arial, sans-serif'
const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i

/** The default template: navy header row, light zebra rows, compact margins. */
export const businessStandardTheme: ReportTheme = Object.freeze({
  name: 'business_standard',
  colors: Object.freeze({
    primary: '#1F3A5F',
    text: '#1F2933',
    muted: '#5F6B7A',
    headerBackground: '#1F3A5F',
    headerText: '#FFFFFF',
    zebra: '#F3F6FA',
    border: '#C9D2DD',
    chart: Object.freeze([
      '#1F3A5F',
      '#3E7CB1',
      '#81A4CD',
      '#F29E4C',
      '#5FAD56',
      '#B6465F',
      '#7A6C5D',
      '#DBD56E',
    ]),
  }),
  fonts: Object.freeze({ body: SANS, heading: SANS }),
  pageSize: 'A4',
  margins: Object.freeze({ top: 48, right: 40, bottom: 48, left: 40 }),
})

/** For board packs: a title band, a teal accent and roomier margins. */
export const executiveTheme: ReportTheme = Object.freeze({
  name: 'executive',
  colors: Object.freeze({
    primary: '#0B4F6C',
    text: '#14213D',
    muted: '#5C677D',
    headerBackground: '#14213D',
    headerText: '#FFFFFF',
    zebra: '#EEF4F7',
    border: '#BFCAD6',
    chart: Object.freeze([
      '#0B4F6C',
      '#01BAEF',
      '#20BF55',
      '#FBB13C',
      '#E4572E',
      '#757575',
      '#A23B72',
      '#3F88C5',
    ]),
  }),
  fonts: Object.freeze({ body: SANS, heading: 'Georgia, "Times New Roman", serif' }),
  pageSize: 'A4',
  margins: Object.freeze({ top: 56, right: 48, bottom: 56, left: 48 }),
})

/** Black on white, hairlines only: prints well and suits plain exports. */
export const minimalTheme: ReportTheme = Object.freeze({
  name: 'minimal',
  colors: Object.freeze({
    primary: '#222222',
    text: '#222222',
    muted: '#6B6B6B',
    headerBackground: '#FFFFFF',
    headerText: '#222222',
    zebra: '#FFFFFF',
    border: '#BBBBBB',
    chart: Object.freeze(['#333333', '#777777', '#AAAAAA', '#555555', '#999999', '#CCCCCC']),
  }),
  fonts: Object.freeze({ body: SANS, heading: SANS }),
  pageSize: 'A4',
  margins: Object.freeze({ top: 48, right: 40, bottom: 48, left: 40 }),
})

/** The three named templates of `output.template`, each a theme. */
export const REPORT_THEMES: Readonly<Record<ReportTemplate, ReportTheme>> = Object.freeze({
  business_standard: businessStandardTheme,
  executive: executiveTheme,
  minimal: minimalTheme,
})

/**
 * The theme a renderer uses: the report's template, overridden setting by setting by the host's
 * `theme` (its brand colours, fonts and logo).
 */
export function resolveTheme(input: {
  readonly definition: ReportDefinition
  readonly theme?: ReportTheme
}): ResolvedTheme {
  const template = REPORT_THEMES[input.definition.output.template] ?? businessStandardTheme
  const base = template as Required<
    Pick<ReportTheme, 'colors' | 'fonts' | 'pageSize' | 'margins'>
  > &
    ReportTheme
  const host = input.theme
  // Host colours reach CSS, SVG and XML attributes: only plain hex colours are taken.
  const colors: NonNullable<ReportTheme['colors']> = { ...base.colors }
  for (const [key, value] of Object.entries(host?.colors ?? {})) {
    if (key !== 'chart' && typeof value === 'string' && HEX.test(value))
      Object.assign(colors, { [key]: value })
  }
  const hostChart = host?.colors?.chart?.filter((value) => HEX.test(value)) ?? []
  const chart = hostChart.length > 0 ? hostChart : (base.colors.chart ?? ['#1F3A5F'])
  const logo = host?.logo ?? base.logo
  return {
    name: host?.name ?? base.name,
    colors: {
      primary: colors.primary ?? '#1F3A5F',
      text: colors.text ?? '#1F2933',
      muted: colors.muted ?? '#5F6B7A',
      headerBackground: colors.headerBackground ?? '#1F3A5F',
      headerText: colors.headerText ?? '#FFFFFF',
      zebra: colors.zebra ?? '#FFFFFF',
      border: colors.border ?? '#C9D2DD',
      chart,
    },
    fonts: {
      body: host?.fonts?.body ?? base.fonts.body ?? SANS,
      heading: host?.fonts?.heading ?? base.fonts.heading ?? SANS,
    },
    ...(logo ? { logo } : {}),
    pageSize: host?.pageSize ?? base.pageSize,
    margins: host?.margins ?? base.margins,
    titleBand: input.definition.output.template === 'executive',
  }
}

/** `#RGB` / `#RRGGBB` → `RRGGBB` in upper case (the form Excel and PowerPoint want). */
export function hexColor(color: string): string {
  const hex = color.replace(/^#/, '').toUpperCase()
  if (/^[0-9A-F]{3}$/.test(hex)) return hex.replace(/./g, (digit) => digit + digit)
  return /^[0-9A-F]{6}$/.test(hex) ? hex : '000000'
}
