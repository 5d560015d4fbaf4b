import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { S3Client, ListObjectsV2Command, ListMultipartUploadsCommand } from '@aws-sdk/client-s3'
import S3rver from 's3rver'
import { afterAll, describe, expect, it } from 'vitest'
import { s3Files } from '../src/files/s3-files'
import { describeFileStoreConformance } from '../src/testing'

// s3rver: an S3-compatible server from npm, on loopback, files in a temporary folder.
const directory = mkdtempSync(join(tmpdir(), 'rwa-s3rver-'))
const server = new S3rver({
  port: 0,
  address: '127.0.0.1',
  silent: true,
  directory,
  configureBuckets: [{ name: 'reports', configs: [] }],
})
const { port } = (await server.run()) as { port: number }
const client = new S3Client({
  region: 'us-east-1',
  endpoint: `http://127.0.0.1:${port}`,
  forcePathStyle: true,
  credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
})
afterAll(async () => {
  client.destroy()
  await server.close()
  rmSync(directory, { recursive: true, force: true })
})

describeFileStoreConformance(
  () => s3Files({ client, bucket: 'reports', prefix: 'tenant-a/', partSize: 5 * 1024 * 1024 }),
  { name: 's3Files on s3rver', fetchDownloadUrls: true },
)

describe('s3Files specifics', () => {
  it('keeps every key under the prefix and aborts a failed multipart upload', async () => {
    const store = s3Files({
      client,
      bucket: 'reports',
      prefix: 'only-here',
      partSize: 5 * 1024 * 1024,
    })
    await store.put('x/y.txt', Readable.from([Buffer.from('y')]), { contentType: 'text/plain' })
    let sent = 0
    const failing = new Readable({
      read() {
        // More than one part, then a failure: the multipart upload must be aborted.
        if (sent >= 6 * 1024 * 1024) return void this.destroy(new Error('renderer crashed'))
        sent += 1024 * 1024
        this.push(Buffer.alloc(1024 * 1024, 1))
      },
    })
    await expect(
      store.put('x/big.bin', failing, { contentType: 'application/octet-stream' }),
    ).rejects.toThrow()
    const listed = (await client.send(
      new ListObjectsV2Command({ Bucket: 'reports', Prefix: 'only-here/' }),
    )) as { Contents?: { Key?: string }[] }
    expect(listed.Contents?.map((o) => o.Key)).toEqual(['only-here/x/y.txt'])
    const uploads = await client
      .send(new ListMultipartUploadsCommand({ Bucket: 'reports' }))
      .catch(() => ({ Uploads: [] }))
    expect(uploads.Uploads ?? []).toEqual([])
  })

  it('signs links that expire', async () => {
    const store = s3Files({ client, bucket: 'reports' })
    await store.put('signed.txt', Readable.from([Buffer.from('s')]), { contentType: 'text/plain' })
    const url = new URL(await store.getDownloadUrl!('signed.txt', { expiresInSeconds: 60 }))
    expect(url.searchParams.get('X-Amz-Expires')).toBe('60')
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/)
  })
})
