import type { OutputColumn } from '@reportwright/core'
import { escapeXml } from '../chart/svg-chart'
import { hexColor } from '../theme/report-themes'
import type { ResolvedTheme } from '../theme/report-themes'

/** Fonts of the workbook, by index in `styles.xml`. */
export const FONT = { regular: 0, bold: 1, header: 2, title: 3, muted: 4 } as const
/** Fills, by index (0 and 1 are required by Excel). */
export const FILL = { none: 0, header: 2, subtotal: 3 } as const
/** Borders, by index. */
export const BORDER = { none: 0, bottom: 1, top: 2 } as const

/** A cell format: number format code (or built-in id), font, fill, border, alignment. */
export interface CellStyle {
  readonly numFmt?: string | number
  readonly font?: number
  readonly fill?: number
  readonly border?: number
  readonly wrap?: boolean
  readonly align?: 'left' | 'right' | 'center'
}

/** Collects cell formats while sheets stream; `toXml()` writes `styles.xml` at the end. */
export class StyleRegistry {
  readonly #numFmts = new Map<string, number>()
  readonly #xfs: string[] = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']
  readonly #index = new Map<string, number>()
  readonly #theme: ResolvedTheme

  constructor(theme: ResolvedTheme) {
    this.#theme = theme
  }

  /** The `s` index of a style, registering it on first use. */
  id(style: CellStyle): number {
    const key = JSON.stringify(style)
    const known = this.#index.get(key)
    if (known !== undefined) return known
    const numFmtId =
      typeof style.numFmt === 'number'
        ? style.numFmt
        : style.numFmt
          ? this.#numFmt(style.numFmt)
          : 0
    const attrs = [
      `numFmtId="${numFmtId}"`,
      `fontId="${style.font ?? 0}"`,
      `fillId="${style.fill ?? 0}"`,
      `borderId="${style.border ?? 0}"`,
      'xfId="0"',
      numFmtId ? 'applyNumberFormat="1"' : '',
      style.font ? 'applyFont="1"' : '',
      style.fill ? 'applyFill="1"' : '',
      style.border ? 'applyBorder="1"' : '',
    ].filter(Boolean)
    const alignment =
      style.wrap || style.align
        ? `<alignment${style.align ? ` horizontal="${style.align}"` : ''}${style.wrap ? ' wrapText="1" vertical="top"' : ''}/>`
        : ''
    this.#xfs.push(
      alignment
        ? `<xf ${attrs.join(' ')} applyAlignment="1">${alignment}</xf>`
        : `<xf ${attrs.join(' ')}/>`,
    )
    const id = this.#xfs.length - 1
    this.#index.set(key, id)
    return id
  }

  /** The whole `xl/styles.xml`. */
  toXml(): string {
    const colors = this.#theme.colors
    const font = excelFontName(this.#theme.fonts.body)
    const rgb = (color: string): string => `FF${hexColor(color)}`
    const headerFilled = hexColor(colors.headerBackground) !== 'FFFFFF'
    const numFmts = [...this.#numFmts]
      .map(([code, id]) => `<numFmt numFmtId="${id}" formatCode="${escapeXml(code)}"/>`)
      .join('')
    return [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
      '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
      numFmts ? `<numFmts count="${this.#numFmts.size}">${numFmts}</numFmts>` : '',
      '<fonts count="5">',
      `<font><sz val="11"/><color rgb="${rgb(colors.text)}"/><name val="${escapeXml(font)}"/><family val="2"/></font>`,
      `<font><b/><sz val="11"/><color rgb="${rgb(colors.text)}"/><name val="${escapeXml(font)}"/><family val="2"/></font>`,
      `<font><b/><sz val="11"/><color rgb="${rgb(colors.headerText)}"/><name val="${escapeXml(font)}"/><family val="2"/></font>`,
      `<font><b/><sz val="16"/><color rgb="${rgb(colors.primary)}"/><name val="${escapeXml(font)}"/><family val="2"/></font>`,
      `<font><i/><sz val="10"/><color rgb="${rgb(colors.muted)}"/><name val="${escapeXml(font)}"/><family val="2"/></font>`,
      '</fonts>',
      '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>',
      headerFilled
        ? `<fill><patternFill patternType="solid"><fgColor rgb="${rgb(colors.headerBackground)}"/><bgColor indexed="64"/></patternFill></fill>`
        : '<fill><patternFill patternType="none"/></fill>',
      `<fill><patternFill patternType="solid"><fgColor rgb="${rgb(colors.zebra === '#FFFFFF' ? '#F2F2F2' : colors.zebra)}"/><bgColor indexed="64"/></patternFill></fill>`,
      '</fills>',
      '<borders count="3"><border><left/><right/><top/><bottom/><diagonal/></border>',
      `<border><left/><right/><top/><bottom style="medium"><color rgb="${rgb(colors.primary)}"/></bottom><diagonal/></border>`,
      `<border><left/><right/><top style="thin"><color rgb="${rgb(colors.text)}"/></top><bottom style="double"><color rgb="${rgb(colors.text)}"/></bottom><diagonal/></border>`,
      '</borders>',
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
      `<cellXfs count="${this.#xfs.length}">${this.#xfs.join('')}</cellXfs>`,
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>',
      '</styleSheet>',
    ].join('')
  }

  #numFmt(code: string): number {
    let id = this.#numFmts.get(code)
    if (id === undefined) {
      id = 164 + this.#numFmts.size
      this.#numFmts.set(code, id)
    }
    return id
  }
}

/** Built-in Excel number format ids (locale-adaptive in Excel). */
const BUILTIN = { shortDate: 14, dateTime: 22 } as const

/**
 * The Excel number format of a column: the catalog's `format` translated (`$#,##0.00`,
 * `0.0%`, `MM/DD/YYYY` → `mm/dd/yyyy`), else a sensible default per type.
 */
export function excelNumberFormat(column: OutputColumn): string | number | undefined {
  const format = column.format
  switch (column.type) {
    case 'integer':
      return format ?? '#,##0'
    case 'number':
      return format ?? undefined
    case 'currency':
      return format ?? '#,##0.00'
    case 'percent':
      return format ?? '0.0%'
    case 'date':
      if (column.bucket === 'month') return 'mmm yyyy'
      if (column.bucket === 'year') return '0'
      return format ? excelDatePattern(format) : BUILTIN.shortDate
    case 'datetime':
      return format ? excelDatePattern(format) : 'yyyy-mm-dd hh:mm'
    case 'boolean':
    case 'string':
      return undefined
  }
}

/** `MM/DD/YYYY HH:mm` → `mm/dd/yyyy hh:mm`; Excel tells months from minutes by position. */
export function excelDatePattern(pattern: string): string {
  return pattern.replace(/A\/P|AM\/PM|[YMDHhms]+/g, (token) =>
    token.includes('/') ? token : token.toLowerCase(),
  )
}

/** Excel wants one font name; `Helvetica` is not on Windows, where Arial is its twin. */
export function excelFontName(family: string): string {
  const first = (family.split(',')[0] ?? 'Calibri').trim().replace(/^["']|["']$/g, '')
  return first === 'Helvetica' || first === 'sans-serif' ? 'Arial' : first || 'Calibri'
}
