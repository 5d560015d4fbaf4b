import { mkdtempSync, readdirSync, rmSync, symlinkSync, mkdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { isReportwrightError } from '@reportwright/core'
import { afterAll, describe, expect, it } from 'vitest'
import { localFiles } from '../src/files/local-files'
import { describeFileStoreConformance } from '../src/testing'

const dir = mkdtempSync(join(tmpdir(), 'rwa-local-'))
const outside = mkdtempSync(join(tmpdir(), 'rwa-outside-'))
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  rmSync(outside, { recursive: true, force: true })
})

describeFileStoreConformance(
  () =>
    localFiles({
      dir,
      downloadUrl: (key, { expiresInSeconds }) =>
        `https://files.example.com/${encodeURI(key)}?ttl=${expiresInSeconds}`,
    }),
  { name: 'localFiles', largeFileBytes: 2 * 1024 * 1024 },
)

describe('localFiles specifics', () => {
  it('leaves no temporary file behind, whether a put succeeds or fails', async () => {
    const store = localFiles({ dir: join(dir, 'tmpcheck') })
    await store.put('a/ok.txt', Readable.from([Buffer.from('ok')]), { contentType: 'text/plain' })
    const failing = new Readable({
      read() {
        this.destroy(new Error('boom'))
      },
    })
    await expect(store.put('a/bad.txt', failing, { contentType: 'text/plain' })).rejects.toThrow()
    expect(readdirSync(join(dir, 'tmpcheck', 'a'))).toEqual(['ok.txt'])
  })

  it('refuses a key that reaches outside through a symlink', async () => {
    const root = join(dir, 'linked')
    mkdirSync(root, { recursive: true })
    symlinkSync(outside, join(root, 'escape'))
    const store = localFiles({ dir: root })
    const error = await store
      .put('escape/x.txt', Readable.from([Buffer.from('x')]), { contentType: 'text/plain' })
      .catch((cause: unknown) => cause)
    expect(isReportwrightError(error) && error.code).toBe('FORBIDDEN')
    expect(readdirSync(outside)).toEqual([])
  })
})
