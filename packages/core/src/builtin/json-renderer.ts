import type { Writable } from 'node:stream'
import { ReportwrightError } from '../errors/reportwright-error'
import type { Renderer } from '../ports/renderer'

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
      const writer = createWriter(out, input.signal)
      let rows = 0
      if (ndjson) {
        for await (const row of input.rows) {
          writer.checkAborted()
          await writer.write(`${JSON.stringify(row)}\n`)
          rows++
        }
        if (input.totals)
          await writer.write(`${JSON.stringify({ ...input.totals, [TOTAL_ROW_KEY]: true })}\n`)
      } else {
        const columns = input.columns.map((column) => ({
          key: column.key,
          label: column.label,
          type: column.type,
        }))
        await writer.write(`{"columns":${JSON.stringify(columns)},"rows":[`)
        for await (const row of input.rows) {
          writer.checkAborted()
          await writer.write(`${rows === 0 ? '\n' : ',\n'}${JSON.stringify(row)}`)
          rows++
        }
        const totals = input.totals ? `,"totals":${JSON.stringify(input.totals)}` : ''
        await writer.write(`${rows === 0 ? '' : '\n'}]${totals}}\n`)
      }
      writer.checkAborted()
      await writer.end()
      return { bytes: writer.bytes(), rows }
    },
  }
}

interface Writer {
  write(text: string): Promise<void>
  end(): Promise<void>
  checkAborted(): void
  bytes(): number
}

function createWriter(out: Writable, signal: AbortSignal | undefined): Writer {
  let bytes = 0
  const checkAborted = (): void => {
    if (signal?.aborted)
      throw new ReportwrightError({
        code: 'CANCELLED',
        message: 'The report was cancelled while rendering.',
      })
    if (out.destroyed)
      throw new ReportwrightError({
        code: 'RENDER_FAILED',
        message: 'The output stream was closed before the report was written.',
      })
  }
  return {
    async write(text) {
      checkAborted()
      const chunk = Buffer.from(text, 'utf8')
      bytes += chunk.length
      if (!out.write(chunk)) await drained(out, signal)
    },
    end: () =>
      new Promise<void>((resolve, reject) => {
        out.end((error?: Error | null) => (error ? reject(error) : resolve()))
      }),
    checkAborted,
    bytes: () => bytes,
  }
}

/** Waits for 'drain', failing when the stream errors or closes first, or the signal aborts. */
function drained(out: Writable, signal: AbortSignal | undefined): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const cleanup = (): void => {
      out.off('drain', onDrain)
      out.off('error', onError)
      out.off('close', onClose)
      signal?.removeEventListener('abort', onAbort)
    }
    const onDrain = (): void => {
      cleanup()
      resolve()
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(ReportwrightError.fromUnknown(error, 'RENDER_FAILED'))
    }
    const onClose = (): void => {
      cleanup()
      reject(
        new ReportwrightError({
          code: 'RENDER_FAILED',
          message: 'The output stream was closed before the report was written.',
        }),
      )
    }
    const onAbort = (): void => {
      cleanup()
      reject(
        new ReportwrightError({
          code: 'CANCELLED',
          message: 'The report was cancelled while rendering.',
        }),
      )
    }
    out.on('drain', onDrain)
    out.on('error', onError)
    out.on('close', onClose)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
