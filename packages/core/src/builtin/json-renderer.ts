import type { Renderer } from '../ports/renderer'
import { createOutputWriter } from './output-writer'

/** Options of {@link jsonRenderer}. */
export interface JsonRendererOptions {
  /** Writes one JSON object per line instead of one JSON document. Defaults to `false`. */
  readonly ndjson?: boolean
}

/** Key of the grand-total line in NDJSON output. Column keys never start with `$`. */
export const TOTAL_ROW_KEY = '$total'

/**
 * Renders rows as JSON, streaming row by row and waiting for `out` to drain, then ends `out`.
 *
 * - default: one document `{"columns":[{key,label,type}…],"rows":[…],"totals":{…}}`
 *   (`totals` only when the report has a grand total), content type `application/json`;
 * - `ndjson: true`: one row object per line, then the grand total as a last line carrying
 *   `"$total": true`, content type `application/x-ndjson`, extension `ndjson`.
 *
 * Values are the documented `RowValue`s; subtotal rows keep their `$subtotal` key.
 */
export function jsonRenderer({ ndjson = false }: JsonRendererOptions = {}): Renderer {
  return {
    format: 'json',
    contentType: ndjson ? 'application/x-ndjson' : 'application/json',
    extension: ndjson ? 'ndjson' : 'json',
    async render(input, out) {
      const writer = createOutputWriter(out, input.signal ? { signal: input.signal } : {})
      let rows = 0
      if (ndjson) {
        for await (const row of input.rows) {
          writer.check()
          await writer.push(`${JSON.stringify(row)}\n`)
          rows++
        }
        if (input.totals)
          await writer.push(`${JSON.stringify({ ...input.totals, [TOTAL_ROW_KEY]: true })}\n`)
      } else {
        const columns = input.columns.map((column) => ({
          key: column.key,
          label: column.label,
          type: column.type,
        }))
        await writer.push(`{"columns":${JSON.stringify(columns)},"rows":[`)
        for await (const row of input.rows) {
          writer.check()
          await writer.push(`${rows === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`)
          rows++
        }
        const totals = input.totals ? `,"totals":${JSON.stringify(input.totals)}` : ''
        await writer.push(`${rows === 0 ? '' : '\n'}]${totals}}\n`)
      }
      writer.check()
      await writer.end()
      return { bytes: writer.bytes(), rows }
    },
  }
}
