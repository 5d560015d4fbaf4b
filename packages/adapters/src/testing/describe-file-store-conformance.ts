import { randomBytes, randomUUID } from 'node:crypto'
import { Readable } from 'node:stream'
import { isReportwrightError } from '@reportwright/core'
import type { FileStore } from '@reportwright/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Options of {@link describeFileStoreConformance}. */
export interface FileStoreConformanceOptions {
  /** Suite title. Defaults to `'file store conformance'`. */
  readonly name?: string
  /** Skips the whole suite, e.g. when its server is unreachable. Defaults to `false`. */
  readonly skip?: boolean
  /**
   * Fetches what `getDownloadUrl` returns and compares the bytes (the URL must be reachable from
   * the test). Defaults to `false`: only checks that a URL comes back.
   */
  readonly fetchDownloadUrls?: boolean
  /** Size of the large streamed file. Defaults to 6 MiB (above S3's 5 MiB multipart part). */
  readonly largeFileBytes?: number
}

/**
 * Registers the vitest suite every {@link FileStore} must pass: streamed round trips of small and
 * large files, overwrite, `NOT_FOUND` for a missing key, idempotent delete, nothing left behind
 * by a body that fails midway, and keys that try to leave the store (`../`, absolute paths, NUL)
 * refused with `FORBIDDEN`.
 *
 * @example
 * ```ts
 * describeFileStoreConformance(() => localFiles({ dir }))
 * ```
 */
export function describeFileStoreConformance(
  makeStore: () => FileStore | Promise<FileStore>,
  options: FileStoreConformanceOptions = {},
): void {
  const suite = options.skip ? describe.skip : describe
  suite(options.name ?? 'file store conformance', () => {
    let store: FileStore
    const prefix = `conformance-${randomUUID().slice(0, 8)}`
    beforeAll(async () => {
      store = await makeStore()
    })
    afterAll(async () => {
      await (store as { dispose?: () => Promise<void> } | undefined)?.dispose?.()
    })

    it('stores and returns the exact bytes of a small file', async () => {
      const key = `${prefix}/reports/sales.csv`
      const body = Buffer.from('region,amount\nEMEA,12.50\n', 'utf8')
      const put = await store.put(key, Readable.from([body]), { contentType: 'text/csv' })
      expect(put).toEqual({ key, size: body.length })
      expect(await read(await store.get(key))).toEqual(body)
    })

    it('streams a large file in many chunks', async () => {
      const key = `${prefix}/large.bin`
      const size = options.largeFileBytes ?? 6 * 1024 * 1024
      const chunk = randomBytes(64 * 1024)
      const chunks = Array.from({ length: Math.ceil(size / chunk.length) }, () => chunk)
      const expected = Buffer.concat(chunks)
      const put = await store.put(key, Readable.from(chunks), {
        contentType: 'application/octet-stream',
      })
      expect(put.size).toBe(expected.length)
      const back = await read(await store.get(key))
      expect(back.length).toBe(expected.length)
      expect(back.equals(expected)).toBe(true)
    })

    it('overwrites a key', async () => {
      const key = `${prefix}/twice.txt`
      await store.put(key, Readable.from([Buffer.from('first')]), { contentType: 'text/plain' })
      await store.put(key, Readable.from([Buffer.from('second')]), { contentType: 'text/plain' })
      expect((await read(await store.get(key))).toString()).toBe('second')
    })

    it('says NOT_FOUND for a missing key, and deletes idempotently', async () => {
      const key = `${prefix}/gone.txt`
      await expectCode(store.get(`${prefix}/never-stored.txt`), 'NOT_FOUND')
      await store.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })
      await store.delete(key)
      await expectCode(store.get(key), 'NOT_FOUND')
      await expect(store.delete(key)).resolves.toBeUndefined()
    })

    it('leaves nothing behind when the body fails midway', async () => {
      const key = `${prefix}/broken.csv`
      const body = new Readable({
        read() {
          this.push(Buffer.alloc(1024, 97))
          this.destroy(new Error('renderer crashed'))
        },
      })
      await expect(store.put(key, body, { contentType: 'text/csv' })).rejects.toThrow()
      await expectCode(store.get(key), 'NOT_FOUND')
    })

    it.each(['../escape.txt', 'a/../../escape.txt', '/etc/passwd', 'a\0b', '', 'a\\..\\b'])(
      'refuses the key %j',
      async (key) => {
        await expectCode(
          store.put(key, Readable.from([Buffer.from('x')]), { contentType: 'text/plain' }),
          'FORBIDDEN',
        )
        await expectCode(store.get(key), 'FORBIDDEN')
        await expectCode(store.delete(key), 'FORBIDDEN')
      },
    )

    it('makes download links when it offers them', async ({ skip }) => {
      if (!store.getDownloadUrl) return skip('this store makes no download links')
      const key = `${prefix}/linked.csv`
      const body = Buffer.from('a,b\n1,2\n')
      await store.put(key, Readable.from([body]), { contentType: 'text/csv' })
      const url = await store.getDownloadUrl(key, { expiresInSeconds: 300 })
      expect(() => new URL(url)).not.toThrow()
      if (options.fetchDownloadUrls) {
        const response = await fetch(url)
        expect(response.status).toBe(200)
        expect(Buffer.from(await response.arrayBuffer())).toEqual(body)
      }
    })
  })
}

async function read(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Uint8Array))
  return Buffer.concat(chunks)
}

async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  try {
    await promise
  } catch (error) {
    expect(isReportwrightError(error) ? error.code : error).toBe(code)
    return
  }
  throw new Error(`expected a ${code} error, but the call succeeded`)
}
