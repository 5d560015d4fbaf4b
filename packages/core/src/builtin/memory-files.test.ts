import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { isReportwrightError } from '../errors/reportwright-error'
import { memoryFiles } from './memory-files'

describe('memoryFiles', () => {
  it('stores, reads back and deletes a file', async () => {
    const files = memoryFiles()
    const stored = await files.put('runs/a/1.json', Readable.from(['{"a":', Buffer.from('1}')]), {
      contentType: 'application/json',
    })
    expect(stored).toEqual({ key: 'runs/a/1.json', size: 7 })
    expect(await text(await files.get('runs/a/1.json'))).toBe('{"a":1}')
    expect(files.keys()).toEqual(['runs/a/1.json'])
    await files.delete('runs/a/1.json')
    await files.delete('runs/a/1.json')
    const error = await files.get('runs/a/1.json').catch((e: unknown) => e)
    expect(isReportwrightError(error) && error.code).toBe('NOT_FOUND')
  })

  it('stores nothing when the body fails', async () => {
    const files = memoryFiles()
    const body = new Readable({ read() {} })
    const put = files.put('broken', body, { contentType: 'text/plain' })
    body.push('partial')
    body.destroy(new Error('renderer crashed'))
    await expect(put).rejects.toThrow('renderer crashed')
    expect(files.keys()).toEqual([])
  })

  it('offers download links only when configured', async () => {
    expect(memoryFiles().getDownloadUrl).toBeUndefined()
    const files = memoryFiles({
      downloadUrl: (key, { expiresInSeconds }) =>
        `https://files.test/${key}?ttl=${expiresInSeconds}`,
    })
    await files.put('k.json', Readable.from(['x']), { contentType: 'application/json' })
    expect(await files.getDownloadUrl?.('k.json', { expiresInSeconds: 60 })).toBe(
      'https://files.test/k.json?ttl=60',
    )
  })
})
