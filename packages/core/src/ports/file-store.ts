import type { Readable } from 'node:stream'

/** Where rendered files are kept (a folder, S3, …). */
export interface FileStore {
  readonly name: string
  put(
    key: string,
    body: Readable,
    meta: { readonly contentType: string },
  ): Promise<{ readonly key: string; readonly size: number }>
  /** @throws `NOT_FOUND` */
  get(key: string): Promise<Readable>
  delete(key: string): Promise<void>
  /** Optional capability: a time-limited download link. */
  getDownloadUrl?(key: string, options: { readonly expiresInSeconds: number }): Promise<string>
}
