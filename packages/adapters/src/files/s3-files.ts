import type { Readable } from 'node:stream'
import { Transform } from 'node:stream'
import { ReportwrightError } from '@reportwright/core'
import type { FileStore } from '@reportwright/core'
import { adapterError } from '../_shared/adapter-error'
import { assertSafeKey } from '../_shared/file-key'
import { importLib } from '../_shared/import-lib'
import type { AdapterDependency, LibImport } from '../_shared/import-lib'

/** `s3Files` loads these lazily (optional peers). */
export const ADAPTER_DEPENDENCIES: Readonly<
  Record<'s3' | 'storage' | 'presigner', AdapterDependency>
> = {
  s3: { name: '@aws-sdk/client-s3', version: '^3.600.0' },
  storage: { name: '@aws-sdk/lib-storage', version: '^3.600.0' },
  presigner: { name: '@aws-sdk/s3-request-presigner', version: '^3.600.0' },
}

/** An S3 client (`new S3Client(...)` from @aws-sdk/client-s3 fits). */
export interface S3ClientLike {
  send(command: unknown, options?: { readonly abortSignal?: AbortSignal }): Promise<unknown>
}

type CommandCtor = new (input: Record<string, unknown>) => unknown

/** The parts of @aws-sdk/client-s3 the store uses. */
export interface S3LibLike {
  readonly GetObjectCommand: CommandCtor
  readonly DeleteObjectCommand: CommandCtor
  readonly HeadObjectCommand: CommandCtor
}
/** The part of @aws-sdk/lib-storage the store uses. */
export interface S3StorageLibLike {
  readonly Upload: new (options: Record<string, unknown>) => { done(): Promise<unknown> }
}
/** The part of @aws-sdk/s3-request-presigner the store uses. */
export interface S3PresignerLibLike {
  getSignedUrl(
    client: S3ClientLike,
    command: unknown,
    options: { readonly expiresIn: number },
  ): Promise<string>
}

/** Options of {@link s3Files}. */
export interface S3FilesOptions {
  readonly client: S3ClientLike
  readonly bucket: string
  /** Folder inside the bucket, e.g. `'reports/'`. Defaults to the bucket root. */
  readonly prefix?: string
  /** Multipart part size. Defaults to 8 MiB (S3's minimum is 5 MiB). */
  readonly partSize?: number
  /** Parts uploaded in parallel. Defaults to `4`. */
  readonly queueSize?: number
  /** Longest a download link may live. Defaults to 7 days (S3's limit for SigV4 links). */
  readonly maxUrlExpirySeconds?: number
  /** The SDK modules, instead of `import()`. */
  readonly lib?: {
    readonly s3?: LibImport<S3LibLike>
    readonly storage?: LibImport<S3StorageLibLike>
    readonly presigner?: LibImport<S3PresignerLibLike>
  }
}

/**
 * A {@link FileStore} in an S3 bucket (or any S3-compatible server): streamed multipart uploads
 * with @aws-sdk/lib-storage (a failed body aborts the upload, so nothing is stored), and signed,
 * expiring download links. Keys that try to leave the prefix are refused.
 */
export function s3Files(options: S3FilesOptions): FileStore {
  const prefix = normalisePrefix(options.prefix)
  const objectKey = (key: string) => `${prefix}${assertSafeKey('s3', key)}`
  const s3 = () =>
    importLib<S3LibLike>('s3', ADAPTER_DEPENDENCIES.s3, {
      ...(options.lib?.s3 !== undefined ? { lib: options.lib.s3 } : {}),
      load: () => import('@aws-sdk/client-s3'),
    })
  const storage = () =>
    importLib<S3StorageLibLike>('s3', ADAPTER_DEPENDENCIES.storage, {
      ...(options.lib?.storage !== undefined ? { lib: options.lib.storage } : {}),
      load: () => import('@aws-sdk/lib-storage'),
    })
  const presigner = () =>
    importLib<S3PresignerLibLike>('s3', ADAPTER_DEPENDENCIES.presigner, {
      ...(options.lib?.presigner !== undefined ? { lib: options.lib.presigner } : {}),
      load: () => import('@aws-sdk/s3-request-presigner'),
    })
  const { client, bucket } = options

  const head = async (key: string): Promise<void> => {
    const { HeadObjectCommand } = await s3()
    try {
      await client.send(new HeadObjectCommand({ Bucket: bucket, Key: objectKey(key) }))
    } catch (error) {
      throw translate(error, key)
    }
  }

  return {
    name: 's3',
    async put(key, body, meta) {
      const Key = objectKey(key)
      const { Upload } = await storage()
      let size = 0
      const counter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length
          callback(null, chunk)
        },
      })
      body.on('error', (error) => counter.destroy(error))
      body.pipe(counter)
      const upload = new Upload({
        client,
        params: { Bucket: bucket, Key, Body: counter, ContentType: meta.contentType },
        partSize: Math.max(5 * 1024 * 1024, options.partSize ?? 8 * 1024 * 1024),
        queueSize: options.queueSize ?? 4,
        leavePartsOnError: false,
      })
      try {
        await upload.done()
      } catch (error) {
        throw translate(error, key, 'RENDER_FAILED')
      }
      return { key, size }
    },
    async get(key) {
      const Key = objectKey(key)
      const { GetObjectCommand } = await s3()
      try {
        const output = (await client.send(new GetObjectCommand({ Bucket: bucket, Key }))) as {
          Body?: Readable
        }
        if (!output.Body) throw notFound(key)
        return output.Body
      } catch (error) {
        throw translate(error, key)
      }
    },
    async delete(key) {
      const Key = objectKey(key)
      const { DeleteObjectCommand } = await s3()
      try {
        await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }))
      } catch (error) {
        const translated = translate(error, key)
        if (translated.code !== 'NOT_FOUND') throw translated
      }
    },
    async getDownloadUrl(key, urlOptions) {
      const Key = objectKey(key)
      await head(key)
      const max = options.maxUrlExpirySeconds ?? 604_800
      const expiresIn = Math.min(max, Math.max(1, Math.floor(urlOptions.expiresInSeconds)))
      const { GetObjectCommand } = await s3()
      const { getSignedUrl } = await presigner()
      return getSignedUrl(client, new GetObjectCommand({ Bucket: bucket, Key }), { expiresIn })
    },
  }
}

function normalisePrefix(prefix: string | undefined): string {
  if (!prefix) return ''
  const trimmed = prefix.replace(/\/+$/, '')
  return `${assertSafeKey('s3', trimmed)}/`
}

function notFound(key: string): ReportwrightError {
  return new ReportwrightError({ code: 'NOT_FOUND', message: `No stored file "${key}".` })
}

function translate(
  error: unknown,
  key: string,
  fallback: 'SOURCE_UNAVAILABLE' | 'RENDER_FAILED' = 'SOURCE_UNAVAILABLE',
): ReportwrightError {
  if (error instanceof ReportwrightError) return error
  const { name, $metadata } = (error ?? {}) as {
    name?: string
    $metadata?: { httpStatusCode?: number }
  }
  if (name === 'NoSuchKey' || name === 'NotFound' || $metadata?.httpStatusCode === 404) {
    return notFound(key)
  }
  const message = error instanceof Error ? error.message : String(error)
  return adapterError('s3', fallback, `Storing or reading "${key}" failed: ${message}`, {
    cause: error,
  })
}
