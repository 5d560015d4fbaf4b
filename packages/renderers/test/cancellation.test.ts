import { describe, expect, it } from 'vitest'
import type { Renderer, Row } from '@reportwright/core'
import { csvRenderer } from '../src/csv/csv-renderer'
import { htmlRenderer } from '../src/html/html-renderer'
import { pdfRenderer } from '../src/pdf/pdf-renderer'
import { pptxRenderer } from '../src/pptx/pptx-renderer'
import { xlsxRenderer } from '../src/xlsx/xlsx-renderer'
import { orderRows, renderInput, renderToBuffer } from './sales-input'

const renderers: [string, Renderer][] = [
  ['csv', csvRenderer()],
  ['xlsx', xlsxRenderer()],
  ['pdf', pdfRenderer()],
  ['pptx', pptxRenderer()],
  ['html', htmlRenderer()],
]

describe.each(renderers)('%s renderer', (_name, renderer) => {
  it('stops with CANCELLED when the signal fires mid-stream and releases the rows', async () => {
    const controller = new AbortController()
    const source = orderRows(2000)
    let released = false
    async function* rows(): AsyncIterable<Row> {
      try {
        for (const [index, row] of source.entries()) {
          if (index === 1500) controller.abort()
          yield row
        }
      } finally {
        released = true
      }
    }
    const input = { ...renderInput({ rows: [] }), rows: rows(), signal: controller.signal }
    await expect(renderToBuffer(renderer, input)).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(released).toBe(true)
  })

  it('renders an empty result', async () => {
    const { rows, bytes } = await renderToBuffer(renderer, renderInput({ rows: [] }))
    expect(rows).toBe(0)
    expect(bytes).toBeGreaterThan(0)
  })
})
