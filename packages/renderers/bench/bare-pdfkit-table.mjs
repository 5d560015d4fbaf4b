/**
 * The PDF baseline: the same 8-column table written with pdfkit directly, the way its docs show
 * (`doc.text` per cell, a header repeated on each page, the same embedded DejaVu font as the
 * renderer), with no formatting, zebra rows or page numbers. Plain JavaScript so both the
 * in-process cases (tsx) and the end-to-end cases (plain node) can use it.
 */
import { once } from 'node:events'
import { createRequire } from 'node:module'
import PDFDocument from 'pdfkit'

const require = createRequire(import.meta.url)
const ROW_HEIGHT = 15
const MARGIN = 36

/** Writes `rows` (arrays of cell text) under `header` to `out`; resolves when the file is flushed. */
export async function writePdfkitTable(header, rows, out) {
  const doc = new PDFDocument({
    size: 'A4',
    layout: 'landscape',
    margin: MARGIN,
    autoFirstPage: false,
  })
  doc.registerFont('regular', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf'))
  doc.registerFont('bold', require.resolve('dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf'))
  doc.pipe(out)
  let width = 0
  let bottom = 0
  let y = 0
  const cellWidth = () => width / header.length
  const line = (cells, font) => {
    doc.font(font).fontSize(8)
    cells.forEach((cell, i) => {
      doc.text(String(cell ?? ''), MARGIN + i * cellWidth(), y + 3, {
        width: cellWidth() - 4,
        lineBreak: false,
      })
    })
    y += ROW_HEIGHT
  }
  const newPage = () => {
    doc.addPage()
    width = doc.page.width - 2 * MARGIN
    bottom = doc.page.height - MARGIN
    y = MARGIN
    line(header, 'bold')
  }
  newPage()
  for await (const row of rows) {
    if (y + ROW_HEIGHT > bottom) newPage()
    line(row, 'regular')
  }
  doc.end()
  await once(out, 'finish')
}
