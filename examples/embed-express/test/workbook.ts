// Opens a downloaded Excel file back, as a person receiving it would.
import ExcelJS from 'exceljs'

/** The first sheet: its header row and data rows as plain values. */
export interface SheetContent {
  readonly header: readonly string[]
  readonly rows: readonly (readonly unknown[])[]
}

const plain = (value: ExcelJS.CellValue): unknown => {
  if (value && typeof value === 'object' && 'result' in value) return value.result
  if (value && typeof value === 'object' && 'richText' in value)
    return value.richText.map((part) => part.text).join('')
  return value
}

/** Reads the first worksheet of `path`. Empty trailing rows are left out. */
export async function readFirstSheet(path: string): Promise<SheetContent> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.readFile(path)
  const sheet = workbook.worksheets[0]
  if (!sheet) throw new Error(`${path} has no worksheet`)
  const values: unknown[][] = []
  sheet.eachRow({ includeEmpty: false }, (row) => {
    // ExcelJS rows are 1-based: index 0 is always empty.
    const cells = (row.values as ExcelJS.CellValue[]).slice(1).map(plain)
    values.push(cells)
  })
  const [header = [], ...rows] = values
  return { header: header.map((cell) => String(cell ?? '')), rows }
}
