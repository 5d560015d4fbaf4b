import { Transform } from 'node:stream'
import type { Readable } from 'node:stream'
import type { TransformCallback } from 'node:stream'
import { ReportwrightError } from '../errors/reportwright-error'

/** What `postgresSource` uses of a pg-copy-streams `to()` stream. */
export interface PgCopyToStreamLike extends Readable {
  /** Rows of the COPY, set once the server reported the command complete. */
  readonly rowCount?: number
}

/** What `postgresSource` uses of pg-copy-streams (`import { to } from 'pg-copy-streams'`). */
export interface PgCopyStreamsLike {
  to(text: string): PgCopyToStreamLike
}

/** The bound statement that sets a COPY's values, its time zone and timeout in one round trip. */
export function copySettingsQuery(
  settings: readonly string[],
  statementTimeoutMs: number | undefined,
): { readonly text: string; readonly values: string[] } {
  const values: string[] = []
  const calls = [`set_config('TimeZone', 'UTC', true)`]
  if (statementTimeoutMs !== undefined && statementTimeoutMs > 0) {
    values.push(String(Math.max(1, Math.round(statementTimeoutMs))))
    calls.push(`set_config('statement_timeout', $${values.length}, true)`)
  }
  settings.forEach((value, index) => {
    values.push(value)
    calls.push(`set_config('rw.p${index + 1}', $${values.length}, true)`)
  })
  return { text: `SELECT ${calls.join(', ')}`, values }
}

const QUOTE = 0x22
const LF = 0x0a
const CR = 0x0d
const BATCH_BYTES = 64 * 1024

/**
 * Passes COPY's CSV on in 64 KB batches (COPY sends one message per row; a stream hop per row
 * would cost more than the database), counting bytes and, for `\r\n`, ending records with
 * CR LF as csvRenderer does (COPY always writes LF). Line breaks inside quoted fields stay.
 */
export class CsvCopyEncoder extends Transform {
  #bytes = 0
  #records = 0
  #quoted = false
  #batch = Buffer.allocUnsafe(BATCH_BYTES)
  #length = 0
  readonly #crlf: boolean
  readonly #onRecords: ((records: number) => void) | undefined

  /** `onRecords` hears the records passed on so far, once per batch. */
  constructor(recordDelimiter: '\r\n' | '\n', onRecords?: (records: number) => void) {
    super()
    this.#crlf = recordDelimiter === '\r\n'
    this.#onRecords = onRecords
  }

  /** Bytes passed on so far. */
  get bytes(): number {
    return this.#bytes
  }

  /** Record ends passed on so far (a quoted line break counts too on the `\n` layout). */
  get records(): number {
    return this.#records
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    // Worst case every byte is a record end and gains a CR.
    const room = this.#crlf ? chunk.length * 2 : chunk.length
    if (this.#length + room > this.#batch.length) {
      this.#pushBatch()
      if (room > this.#batch.length) this.#batch = Buffer.allocUnsafe(room)
    }
    const batch = this.#batch
    let length = this.#length
    if (!this.#crlf) {
      length += chunk.copy(batch, length)
      // indexOf is a native scan; tracking quotes here would cost the byte loop below.
      for (let at = chunk.indexOf(LF); at !== -1; at = chunk.indexOf(LF, at + 1)) this.#records++
    } else {
      // Byte scan is safe: UTF-8 never uses 0x22 or 0x0a inside a multi-byte character.
      let quoted = this.#quoted
      for (let index = 0; index < chunk.length; index++) {
        const byte = chunk[index] as number
        if (byte === QUOTE) quoted = !quoted
        else if (byte === LF && !quoted) {
          batch[length++] = CR
          this.#records++
        }
        batch[length++] = byte
      }
      this.#quoted = quoted
    }
    this.#length = length
    done()
  }

  override _flush(done: TransformCallback): void {
    this.#pushBatch()
    done()
  }

  #pushBatch(): void {
    if (this.#length === 0) return
    this.#bytes += this.#length
    this.push(this.#batch.subarray(0, this.#length))
    this.#onRecords?.(this.#records)
    // The pushed bytes belong to the reader now; the next batch gets fresh memory.
    this.#batch = Buffer.allocUnsafe(BATCH_BYTES)
    this.#length = 0
  }
}

/** Loads pg-copy-streams on first use; it is an optional peer. */
export async function loadPgCopyStreams(): Promise<PgCopyStreamsLike> {
  try {
    const mod = (await import('pg-copy-streams')) as unknown as {
      to?: unknown
      default?: { to?: unknown }
    }
    const lib = typeof mod.to === 'function' ? mod : mod.default
    if (typeof lib?.to !== 'function') throw new TypeError('pg-copy-streams has no `to` export')
    return lib as PgCopyStreamsLike
  } catch (error) {
    throw new ReportwrightError({
      code: 'SOURCE_UNAVAILABLE',
      message:
        '[reportwright] [postgres] the CSV fast path copies with pg-copy-streams: install pg-copy-streams or pass it as the `copyStreams` option.',
      details: { engine: 'postgres', dependency: 'pg-copy-streams' },
      cause: error,
    })
  }
}
