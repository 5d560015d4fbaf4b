import { Readable } from 'node:stream'
import { ReportwrightError } from '../errors/reportwright-error'
import type { FileStore } from '../ports/file-store'

/** Options of {@link memoryFiles}. */
export interface MemoryFilesOptions {
  /**
   * Makes the store offer `getDownloadUrl` (the capability is absent without it), e.g.
   * `(key) => \`https://files.example.com/${key}\``. Defaults to no download links.
   */
  readonly downloadUrl?: (key: string, options: { readonly expiresInSeconds: number }) => string
}

/** A {@link FileStore} kept in memory, with a look at what it holds. */
export interface MemoryFileStore extends FileStore {
  /** Keys of the stored files, in the order they were stored. */
  keys(): readonly string[]
}

/**
 * A {@link FileStore} that keeps files as Buffers in a Map: the engine's default, for tests and
 * demos. A `put` whose body fails stores nothing.
 */
export function memoryFiles(options: MemoryFilesOptions = {}): MemoryFileStore {
  const files = new Map<string, { readonly body: Buffer; readonly contentType: string }>()
  const store: MemoryFileStore = {
    name: 'memory',
    async put(key, body, meta) {
      const chunks: Buffer[] = []
      for await (const chunk of body) {
        chunks.push(
          typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array),
        )
      }
      const buffer = Buffer.concat(chunks)
      files.set(key, { body: buffer, contentType: meta.contentType })
      return { key, size: buffer.length }
    },
    async get(key) {
      const file = files.get(key)
      if (!file)
        throw new ReportwrightError({ code: 'NOT_FOUND', message: `No stored file "${key}".` })
      return Readable.from([file.body])
    },
    async delete(key) {
      files.delete(key)
    },
    keys: () => [...files.keys()],
  }
  const downloadUrl = options.downloadUrl
  if (downloadUrl) {
    return {
      ...store,
      async getDownloadUrl(key, urlOptions) {
        if (!files.has(key))
          throw new ReportwrightError({ code: 'NOT_FOUND', message: `No stored file "${key}".` })
        return downloadUrl(key, urlOptions)
      },
    }
  }
  return store
}
