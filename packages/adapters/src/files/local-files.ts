import { randomUUID } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, realpath, rename, rm, stat } from 'node:fs/promises'
import { dirname, join, resolve, sep } from 'node:path'
import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { ReportwrightError } from '@reportwright/core'
import type { FileStore } from '@reportwright/core'
import { assertSafeKey } from '../_shared/file-key'

/** `localFiles` needs only Node's own modules. */
export const ADAPTER_DEPENDENCIES: Readonly<Record<string, never>> = {}

/** Options of {@link localFiles}. */
export interface LocalFilesOptions {
  /** The folder that holds every file; created when missing. */
  readonly dir: string
  /**
   * Makes the store offer `getDownloadUrl`, e.g. a route of the host that serves the file after
   * checking a signature. Defaults to no download links.
   */
  readonly downloadUrl?: (
    key: string,
    options: { readonly expiresInSeconds: number },
  ) => string | Promise<string>
}

/**
 * A {@link FileStore} in a local folder. A `put` streams to a temporary name in the target
 * folder, then renames it into place (atomic on one file system), so a reader never sees half a
 * file and a failed body leaves nothing. Keys that try to leave the folder are refused.
 */
export function localFiles(options: LocalFilesOptions): FileStore {
  const root = resolve(options.dir)
  const pathOf = async (key: string): Promise<string> => {
    assertSafeKey('local', key)
    const path = join(root, ...key.split('/'))
    // Belt and braces: the joined path must stay inside the root.
    if (!path.startsWith(root + sep)) {
      throw new ReportwrightError({
        code: 'FORBIDDEN',
        message: `[reportwright] [local] Refused file key ${JSON.stringify(key)}: it leaves ${root}.`,
      })
    }
    return path
  }
  // A symlink inside the root must not lead outside it.
  const assertInside = async (path: string, key: string): Promise<void> => {
    const real = await realpath(path).catch(() => undefined)
    const realRoot = await realpath(root).catch(() => root)
    if (real !== undefined && !real.startsWith(realRoot + sep)) {
      throw new ReportwrightError({
        code: 'FORBIDDEN',
        message: `[reportwright] [local] Refused file key ${JSON.stringify(key)}: it resolves outside the folder.`,
      })
    }
  }

  const store: FileStore = {
    name: 'local',
    async put(key, body) {
      const path = await pathOf(key)
      await mkdir(dirname(path), { recursive: true })
      await assertInside(dirname(path), key)
      const temporary = join(dirname(path), `.${randomUUID()}.partial`)
      let size = 0
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length
          callback(null, chunk)
        },
      })
      try {
        await pipeline(body, counter, createWriteStream(temporary, { flags: 'wx', mode: 0o600 }))
        await rename(temporary, path)
      } catch (error) {
        await rm(temporary, { force: true })
        throw ReportwrightError.fromUnknown(error, 'RENDER_FAILED')
      }
      return { key, size }
    },
    async get(key) {
      const path = await pathOf(key)
      const info = await stat(path).catch(() => undefined)
      if (!info?.isFile()) {
        throw new ReportwrightError({ code: 'NOT_FOUND', message: `No stored file "${key}".` })
      }
      await assertInside(path, key)
      return createReadStream(path) as Readable
    },
    async delete(key) {
      const path = await pathOf(key)
      await assertInside(path, key)
      await rm(path, { force: true })
    },
  }
  const downloadUrl = options.downloadUrl
  if (!downloadUrl) return store
  return {
    ...store,
    async getDownloadUrl(key, urlOptions) {
      await store.get(key).then((stream) => stream.destroy())
      return downloadUrl(key, urlOptions)
    },
  }
}
