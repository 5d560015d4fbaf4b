// Opens the demo's files with the libraries their formats are made for, for the workspace test.
import { readFile } from 'node:fs/promises'
import ExcelJS from 'exceljs'
import { unzipSync } from 'fflate'
import { simpleParser } from 'mailparser'
import type { ParsedMail } from 'mailparser'
import { extractText, getDocumentProxy } from 'unpdf'

/** The rows of the first worksheet (header first), values as exceljs reads them. */
export async function readXlsxRows(path: string): Promise<unknown[][]> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load((await readFile(path)) as unknown as ArrayBuffer)
  const sheet = workbook.worksheets[0]
  if (!sheet) return []
  const rows: unknown[][] = []
  sheet.eachRow((row) => {
    rows.push((row.values as unknown[]).slice(1))
  })
  return rows
}

/** The text of every page of a PDF, joined. */
export async function readPdfText(path: string): Promise<string> {
  const pdf = await getDocumentProxy(new Uint8Array(await readFile(path)))
  const { text } = await extractText(pdf, { mergePages: true })
  return text
}

/** The entry names of a ZIP file (PPTX, XLSX). */
export async function readZipEntries(path: string): Promise<string[]> {
  return Object.keys(unzipSync(new Uint8Array(await readFile(path))))
}

/** An `.eml` file parsed as a mail program would. */
export async function readEml(path: string): Promise<ParsedMail> {
  return simpleParser(await readFile(path))
}
