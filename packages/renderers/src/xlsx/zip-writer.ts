import { createDeflateRaw, crc32 } from 'node:zlib'
import type { DeflateRaw } from 'node:zlib'
import { ReportwrightError } from '@reportwright/core'
import type { OutputWriter } from '../shared/output-writer'

/** One file being written into the archive; text is compressed as it arrives. */
export interface ZipEntryWriter {
  /** Compresses and writes text, waiting while the output is backed up. */
  write(text: string): Promise<void>
  /** Finishes the entry (data descriptor). */
  close(): Promise<void>
}

interface CentralRecord {
  readonly name: Buffer
  readonly crc: number
  readonly compressed: number
  readonly size: number
  readonly offset: number
}

const LIMIT = 0xffffffff

/**
 * A streaming ZIP writer (deflate, data descriptors, no ZIP64) onto an {@link OutputWriter}.
 * Entries are written one after another; each entry's bytes go out as they are compressed,
 * so memory stays flat however large the sheet.
 */
export class ZipWriter {
  readonly #out: OutputWriter
  readonly #level: number
  readonly #records: CentralRecord[] = []
  readonly #dosTime: number
  readonly #dosDate: number
  #offset = 0

  constructor(out: OutputWriter, options: { level: number; date: Date }) {
    this.#out = out
    this.#level = options.level
    const date = options.date
    this.#dosTime =
      (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2)
    this.#dosDate =
      ((Math.max(1980, date.getFullYear()) - 1980) << 9) |
      ((date.getMonth() + 1) << 5) |
      date.getDate()
  }

  /** Adds a whole (small) file. */
  async add(name: string, content: string | Buffer): Promise<void> {
    const entry = await this.open(name)
    if (typeof content === 'string') await entry.write(content)
    else await entry.writeBuffer(content)
    await entry.close()
  }

  /** Starts a file whose content is written in pieces. */
  async open(
    name: string,
  ): Promise<ZipEntryWriter & { writeBuffer(chunk: Buffer): Promise<void> }> {
    const nameBytes = Buffer.from(name, 'utf8')
    const offset = this.#offset
    const header = Buffer.alloc(30)
    header.writeUInt32LE(0x04034b50, 0)
    header.writeUInt16LE(20, 4)
    header.writeUInt16LE(0x0808, 6) // data descriptor follows; UTF-8 names
    header.writeUInt16LE(8, 8)
    header.writeUInt16LE(this.#dosTime, 10)
    header.writeUInt16LE(this.#dosDate, 12)
    header.writeUInt16LE(nameBytes.length, 26)
    await this.#emit(Buffer.concat([header, nameBytes]))

    const deflate: DeflateRaw = createDeflateRaw({ level: this.#level })
    let crc = 0
    let size = 0
    let compressed = 0
    // Compressed chunks queue here and go out in order; deflate stays paused while they wait.
    const done = new Promise<void>((resolve, reject) => {
      deflate.on('error', reject)
      deflate.on('end', resolve)
    })
    let sending: Promise<void> = Promise.resolve()
    deflate.on('data', (chunk: Buffer) => {
      compressed += chunk.length
      deflate.pause()
      sending = sending.then(() => this.#emit(chunk)).finally(() => deflate.resume())
    })
    const feed = async (chunk: Buffer): Promise<void> => {
      crc = crc32(chunk, crc)
      size += chunk.length
      if (!deflate.write(chunk))
        await new Promise<void>((resolve) => deflate.once('drain', resolve))
      await sending
    }
    return {
      write: (text) => feed(Buffer.from(text, 'utf8')),
      writeBuffer: (chunk) => feed(chunk),
      close: async () => {
        deflate.end()
        await done
        await sending
        if (size > LIMIT || compressed > LIMIT || this.#offset > LIMIT) {
          throw new ReportwrightError({
            code: 'RENDER_FAILED',
            message: `The workbook part ${name} is larger than 4 GiB; lower the row limit or export CSV.`,
          })
        }
        const descriptor = Buffer.alloc(16)
        descriptor.writeUInt32LE(0x08074b50, 0)
        descriptor.writeUInt32LE(crc >>> 0, 4)
        descriptor.writeUInt32LE(compressed, 8)
        descriptor.writeUInt32LE(size, 12)
        await this.#emit(descriptor)
        this.#records.push({ name: nameBytes, crc: crc >>> 0, compressed, size, offset })
      },
    }
  }

  /** Writes the central directory. */
  async finish(): Promise<void> {
    const start = this.#offset
    const parts: Buffer[] = []
    for (const record of this.#records) {
      const entry = Buffer.alloc(46)
      entry.writeUInt32LE(0x02014b50, 0)
      entry.writeUInt16LE(20, 4)
      entry.writeUInt16LE(20, 6)
      entry.writeUInt16LE(0x0808, 8)
      entry.writeUInt16LE(8, 10)
      entry.writeUInt16LE(this.#dosTime, 12)
      entry.writeUInt16LE(this.#dosDate, 14)
      entry.writeUInt32LE(record.crc, 16)
      entry.writeUInt32LE(record.compressed, 20)
      entry.writeUInt32LE(record.size, 24)
      entry.writeUInt16LE(record.name.length, 28)
      entry.writeUInt32LE(record.offset, 42)
      parts.push(entry, record.name)
    }
    const directory = Buffer.concat(parts)
    const end = Buffer.alloc(22)
    end.writeUInt32LE(0x06054b50, 0)
    end.writeUInt16LE(this.#records.length, 8)
    end.writeUInt16LE(this.#records.length, 10)
    end.writeUInt32LE(directory.length, 12)
    end.writeUInt32LE(start, 16)
    await this.#emit(Buffer.concat([directory, end]))
  }

  async #emit(chunk: Buffer): Promise<void> {
    this.#offset += chunk.length
    await this.#out.write(chunk)
  }
}
